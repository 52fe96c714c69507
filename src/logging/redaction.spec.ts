import { PassThrough } from 'node:stream';
import { pino } from 'pino';
import { REDACT_PATHS, REDACTED } from './logging.module.js';

describe('log redaction', () => {
  it('hides tokens, cookies and passwords wherever a logged object holds them', () => {
    const lines: string[] = [];
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
    const logger = pino({ redact: { paths: REDACT_PATHS, censor: REDACTED } }, stream);

    logger.info({
      req: {
        headers: { authorization: 'Bearer aaa', 'x-token': 'bbb', cookie: 'access_token=ccc', host: 'h' },
      },
      res: { headers: { 'set-cookie': 'refresh_token=ddd' } },
      password: 'eee',
      body: { refreshToken: 'fff', user: { token: 'ggg', newPassword: 'hhh' } },
    });
    stream.end();

    const text = lines.join('');
    for (const secret of ['aaa', 'bbb', 'ccc', 'ddd', 'eee', 'fff', 'ggg', 'hhh']) {
      expect(text).not.toContain(secret);
    }
    expect(JSON.parse(text)).toMatchObject({ req: { headers: { host: 'h', authorization: REDACTED } } });
  });
});
