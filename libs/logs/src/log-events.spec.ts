import { describeOperation, redact } from './log-events';

describe('describeOperation', () => {
  it.each([
    ['POST', '/api/v2/clients', 'Create a client'],
    ['PATCH', '/api/v2/clients/:id', 'Update a client'],
    ['DELETE', '/api/v2/clients/:id', 'Delete a client'],
    ['POST', '/api/v2/clients/:id/rotate-secret', 'Rotate a client secret'],
    ['POST', '/api/v2/resource-servers', 'Create a resource server'],
    ['POST', '/api/v2/client-grants', 'Create a client grant'],
    ['PUT', '/api/v2/network-acls/:id', 'Replace a network acl'],
    ['PATCH', '/api/v2/tenants/settings', 'Update tenant settings'],
    ['GET', '/api/v2/clients', 'Read clients'],
    ['POST', '/api/v2/*', 'POST /api/v2/*'],
    ['GET', undefined, 'GET request'],
  ])('%s %s → %s', (method, route, expected) => {
    expect(describeOperation(method, route)).toBe(expected);
  });
});

describe('redact', () => {
  it.each<[string, unknown, unknown]>([
    ['secrets by name', { client_secret: 's', name: 'n' }, { client_secret: '[redacted]', name: 'n' }],
    [
      'nested',
      { a: { password: 'p', access_token: 't', id_token: 'i', code: 'c', code_verifier: 'v' } },
      { a: { password: '[redacted]', access_token: '[redacted]', id_token: '[redacted]', code: '[redacted]', code_verifier: '[redacted]' } },
    ],
    ['assertions and private keys', { client_assertion: 'x', private_key: 'k' }, { client_assertion: '[redacted]', private_key: '[redacted]' }],
    [
      'client settings stay',
      { token_endpoint_auth_method: 'none', refresh_token: { rotation_type: 'rotating' } },
      { token_endpoint_auth_method: 'none', refresh_token: { rotation_type: 'rotating' } },
    ],
    ['long strings cut', { d: 'x'.repeat(2000) }, { d: `${'x'.repeat(1024)}…` }],
    ['arrays bounded', { a: Array.from({ length: 60 }, (_, i) => i) }, { a: Array.from({ length: 50 }, (_, i) => i) }],
    ['scalars as they are', 5, 5],
  ])('%s', (_, input, expected) => {
    expect(redact(input)).toEqual(expected);
  });

  it('bounds depth', () => {
    const deep = { a: { b: { c: { d: { e: { f: { g: { h: 1 } } } } } } } };
    expect(JSON.stringify(redact(deep))).toContain('[truncated]');
  });
});
