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
});
