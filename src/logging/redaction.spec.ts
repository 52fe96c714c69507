import { PassThrough } from 'node:stream';
import { pino } from 'pino';
import { REDACTED } from './redacted.js';
import { REDACT_PATHS } from './root-logger.js';
import { redactUrl } from './redact-url.js';

describe('log redaction', () => {
  it('hides tokens, cookies and passwords wherever a logged object holds them', () => {
    const lines: string[] = [];
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
    const logger = pino({ redact: { paths: REDACT_PATHS, censor: REDACTED } }, stream);

    logger.info({
      req: {
        headers: {
          authorization: 'Bearer aaa',
          'proxy-authorization': 'Basic iii',
          'x-token': 'bbb',
          cookie: 'access_token=ccc',
          host: 'h',
        },
      },
      res: { headers: { 'set-cookie': 'refresh_token=ddd' } },
      password: 'eee',
      body: { refreshToken: 'fff', user: { token: 'ggg', newPassword: 'hhh' } },
    });
    stream.end();

    const text = lines.join('');
    for (const secret of ['aaa', 'bbb', 'ccc', 'ddd', 'eee', 'fff', 'ggg', 'hhh', 'iii']) {
      expect(text).not.toContain(secret);
    }
    expect(JSON.parse(text)).toMatchObject({ req: { headers: { host: 'h', authorization: REDACTED } } });
  });
});

describe('redactUrl', () => {
  it('hides the values of secret-bearing query parameters, whatever their case or escaping', () => {
    const logged = redactUrl(
      '/api/x?page=2&access_token=aaa&Refresh_Token=bbb&%74oken=ccc&x-token=ddd&q=keep',
    );
    for (const secret of ['aaa', 'bbb', 'ccc', 'ddd']) {
      expect(logged).not.toContain(secret);
    }
    expect(logged).toContain('page=2');
    expect(logged).toContain('q=keep');
  });

  it('leaves a URL without a query, or with a malformed escape, readable', () => {
    expect(redactUrl('/health')).toBe('/health');
    expect(redactUrl('/a?%E0%A4%A=1&token=x')).toBe(`/a?%E0%A4%A=1&token=${REDACTED}`);
  });
});
