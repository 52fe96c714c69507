import { startApp, type TestApp } from './support/helpers.js';

const ALLOWED_ORIGIN = 'http://clinic.test';

/** CORS for the origins of CORS_ORIGINS only, and Helmet's headers with a CSP Swagger UI can live with. */
describe('HTTP hardening: CORS and Helmet', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApp({ CORS_ORIGINS: ALLOWED_ORIGIN });
  });

  afterAll(async () => {
    await t.close();
  });

  it('answers CORS for CORS_ORIGINS with credentials, and not for other origins', async () => {
    const allowed = await t.http
      .options('/auth/login')
      .set('origin', ALLOWED_ORIGIN)
      .set('access-control-request-method', 'POST')
      .expect(204);
    expect(allowed.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
    expect(allowed.headers['access-control-allow-credentials']).toBe('true');
    const other = await t.http.get('/health').set('origin', 'http://evil.test').expect(200);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('sets Helmet headers with a CSP that lets Swagger UI load its own scripts and styles', async () => {
    const response = await t.http.get('/docs/').redirects(1);
    const csp = response.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self' 'unsafe-inline'");
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(response.headers['strict-transport-security']).toMatch(/max-age=/);
  });

  it('sends the same Helmet headers on every answer: a success, a refusal, an unknown route, bad JSON, too big', async () => {
    const helmetHeaders = (headers: Record<string, string>) =>
      Object.fromEntries(
        Object.entries(headers).filter(([name]) =>
          /^(content-security-policy|cross-origin-|origin-agent-cluster|referrer-policy|strict-transport-security|x-(content-type-options|dns-prefetch-control|download-options|frame-options|permitted-cross-domain-policies|xss-protection))/.test(
            name,
          ),
        ),
      );
    const answers = await Promise.all([
      t.http.get('/health'),
      t.http.get('/auth/me'),
      t.http.get('/no-such-route'),
      t.http.post('/auth/login').set('content-type', 'application/json').send('{"email":'),
      t.http.post('/auth/login').send({ email: 'x'.repeat(200 * 1024) }),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 401, 404, 400, 413]);
    const expected = helmetHeaders(answers[0].headers);
    expect(Object.keys(expected)).toHaveLength(12);
    for (const answer of answers) {
      expect(helmetHeaders(answer.headers)).toEqual(expected);
    }
  });
});
