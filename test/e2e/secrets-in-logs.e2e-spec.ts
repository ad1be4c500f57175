import { Writable } from 'stream';
import { useTestApp } from '@gatehouse/testing';

/**
 * No secret in any log (issue 12 §7, SPEC §10): requests carrying secrets in the query string, the body
 * and the Authorization header, run at LOG_LEVEL=trace, leave none of them in the process log.
 */
describe('the process log at trace level holds no secret', () => {
  const lines: string[] = [];
  const logStream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const app = useTestApp({ env: { LOG_LEVEL: 'trace' }, logStream });
  const { t } = app;

  // Each secret is unique, so finding it anywhere in the log means it leaked.
  const secret = (name: string) => `S3CRET-${name}-${Math.random().toString(36).slice(2)}`;
  const querySecrets = ['access_token', 'client_secret', 'code', 'refresh_token', 'client_assertion', 'id_token', 'password', 'code_verifier'].map(
    (name) => [name, secret(name)] as const,
  );
  const query = querySecrets.map(([n, v]) => `${n}=${encodeURIComponent(v)}`).join('&');

  it('query strings, bodies and Authorization headers are never logged; the requests themselves are', async () => {
    // Nest's start-up lines (issue 15 §6: they go through pino too) name AuthorizationModule and the
    // oauth-authorization-server route; the header check below reads the lines the requests wrote.
    const started = lines.length;
    const bodyPassword = secret('body-password');
    const bodyCode = secret('body-code');
    const forged = `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from(`{"x":"${secret('jwt')}"}`).toString('base64url')}.c2ln`;
    const requests = [
      { method: 'GET' as const, url: `/userinfo?${query}` },
      { method: 'GET' as const, url: `/authorize?client_id=x&response_type=code&${query}` },
      { method: 'GET' as const, url: `/api/v2/clients?${query}`, headers: { authorization: `Bearer ${app.token}` } },
      { method: 'GET' as const, url: `/api/v2/clients?fields=name&x=${encodeURIComponent(forged)}`, headers: { authorization: `Bearer ${forged}` } },
      { method: 'GET' as const, url: `/api/v2/no-such-route?${query}` },
      {
        method: 'POST' as const,
        url: `/oauth/token?${query}`,
        payload: { grant_type: 'password', username: 'someone@example.com', password: bodyPassword, client_id: t.main.admin.clientId },
      },
      {
        method: 'POST' as const,
        url: `/oauth/token?${query}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `grant_type=authorization_code&code=${bodyCode}&client_id=${t.main.admin.clientId}&client_secret=${encodeURIComponent(t.main.admin.clientSecret)}`,
      },
      { method: 'POST' as const, url: `/oauth/token?${query}`, headers: { 'content-type': 'application/json' }, payload: '{"broken' },
    ];
    for (const r of requests) {
      const res = await t.inject(r);
      expect(res.statusCode).toBeLessThan(500);
    }
    const log = lines.join('\n');
    // The log did record these requests (so the assertions below are about a log that exists).
    expect(lines.filter((l) => l.includes('"incoming request"')).length).toBeGreaterThanOrEqual(requests.length);
    expect(log).toContain('/userinfo?access_token=[redacted]');
    expect(log).toContain('/api/v2/clients?fields=name&x=[redacted]');

    const leaked = [
      ...querySecrets.map(([, v]) => v),
      bodyPassword,
      bodyCode,
      forged,
      app.token,
      t.main.admin.clientSecret,
      // Values are also looked for as they appear in a URL.
      ...querySecrets.map(([, v]) => encodeURIComponent(v)),
    ].filter((s) => log.includes(s));
    expect(leaked).toEqual([]);
    const requestLines = lines.slice(started);
    expect(requestLines.length).toBeGreaterThanOrEqual(requests.length);
    expect(requestLines.join('\n')).not.toMatch(/authorization/i);
  });
});
