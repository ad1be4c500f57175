import { processLogSerializers, redactUrl } from './request-logging';

describe('redactUrl (process log URLs, issue 12 §7)', () => {
  it.each([
    ['no query', '/api/v2/clients', '/api/v2/clients'],
    [
      'harmless query kept as sent',
      '/api/v2/clients?fields=name%2Cclient_id&include_totals=true',
      '/api/v2/clients?fields=name%2Cclient_id&include_totals=true',
    ],
    ['access_token', '/userinfo?access_token=abc', '/userinfo?access_token=[redacted]'],
    [
      'client_secret among others',
      '/oauth/token?client_id=x&client_secret=s3cr3t&grant_type=y',
      '/oauth/token?client_id=x&client_secret=[redacted]&grant_type=y',
    ],
    ['code and state', '/cb?code=AbC&state=xyz', '/cb?code=[redacted]&state=xyz'],
    ['refresh_token', '/x?refresh_token=r', '/x?refresh_token=[redacted]'],
    ['client_assertion', '/x?client_assertion=eyJ&client_assertion_type=urn', '/x?client_assertion=[redacted]&client_assertion_type=urn'],
    ['id_token and id_token_hint', '/x?id_token=a&id_token_hint=b', '/x?id_token=[redacted]&id_token_hint=[redacted]'],
    ['password and code_verifier', '/x?password=p&code_verifier=v', '/x?password=[redacted]&code_verifier=[redacted]'],
    ['percent-encoded name', '/x?client%5Fsecret=s', '/x?client%5Fsecret=[redacted]'],
    ['upper case name', '/x?ACCESS_TOKEN=s', '/x?ACCESS_TOKEN=[redacted]'],
    ['repeated parameter', '/x?code=a&code=b', '/x?code=[redacted]&code=[redacted]'],
    ['a JWT under any name', '/x?foo=eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl', '/x?foo=[redacted]'],
    ['bad percent-encoding does not throw', '/x?code=%zz&a=%zz', '/x?code=[redacted]&a=%zz'],
    ['name without value kept', '/x?code&debug', '/x?code&debug'],
  ])('%s', (_, url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });
});

describe('processLogSerializers', () => {
  it('a request is its method, redacted URL, host and peer: no headers, no body', () => {
    const req = {
      method: 'POST',
      url: '/oauth/token?client_secret=s',
      host: 'h',
      ip: '1.2.3.4',
      headers: { authorization: 'Bearer t' },
      body: { password: 'p' },
    };
    expect(processLogSerializers.req(req as never)).toEqual({
      method: 'POST',
      url: '/oauth/token?client_secret=[redacted]',
      host: 'h',
      remoteAddress: '1.2.3.4',
      remotePort: undefined,
    });
  });

  it("an error drops Node's raw packet (it holds the request's headers)", () => {
    const err = Object.assign(new Error('Parse Error'), {
      code: 'HPE_HEADER_OVERFLOW',
      rawPacket: Buffer.from('GET /?code=x HTTP/1.1\r\nAuthorization: Bearer t'),
    });
    const out = processLogSerializers.err(err) as Record<string, unknown>;
    expect(out).toMatchObject({ type: 'Error', message: 'Parse Error', code: 'HPE_HEADER_OVERFLOW' });
    expect(JSON.stringify(out)).not.toContain('Bearer');
  });
});
