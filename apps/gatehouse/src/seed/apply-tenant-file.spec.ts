import 'reflect-metadata';
import { checkTenantFile, withoutReportedStrictDefaults } from './apply-tenant-file';
import { Located, SeedError, TenantFile } from './tenant-file';

const at = (path: string, value: Record<string, unknown>): Located => ({ file: 'tenant.yaml', path, value });
const file = (parts: Partial<TenantFile>): TenantFile => ({
  resourceServers: [],
  clients: [],
  clientGrants: [],
  databases: [],
  connections: [],
  ignored: [],
  ...parts,
});

describe('checkTenantFile (the Management API body validation, before anything is written)', () => {
  const refusal = async (f: TenantFile) => {
    try {
      await checkTenantFile(f);
    } catch (e) {
      if (e instanceof SeedError) return { path: e.path, reason: e.reason };
      throw e;
    }
    throw new Error('not refused');
  };

  it.each([
    [
      'an unknown client property',
      file({ clients: [at('clients[0]', { name: 'A', app_type: 'spa' }), at('clients[1]', { name: 'B', colour: 'red' })] }),
      'clients[1].colour',
      /Additional properties not allowed: colour/,
    ],
    [
      'a wrong type',
      file({ resourceServers: [at('resourceServers[0]', { identifier: 'https://a.example/', token_lifetime: 'long' })] }),
      'resourceServers[0].token_lifetime',
      /token_lifetime/,
    ],
    [
      'a null the POST refuses',
      file({ clients: [at('clients[0]', { name: 'A', description: null, logo_uri: null })] }),
      'clients[0].description',
      /'Expected a value but found null' on property description; 'Expected a value but found null' on property logo_uri/,
    ],
    [
      'a grant naming no client',
      file({ clientGrants: [at('clientGrants[0]', { client_id: 5, audience: 'https://a.example/' })] }),
      'clientGrants[0].client_id',
      /must name a client/,
    ],
    ['a grant without audience', file({ clientGrants: [at('clientGrants[0]', { client_id: 'A' })] }), 'clientGrants[0].audience', /audience/],
    ['a bad tenant setting', file({ tenant: at('tenant', { friendly_name: 7 }) }), 'tenant.friendly_name', /friendly_name must be a string/],
  ])('refuses %s, naming the path', async (_, f, path, reason) => {
    const r = await refusal(f);
    expect(r.path).toBe(path);
    expect(r.reason).toMatch(reason);
  });

  it('leaves out what deploy-cli never sends on a create, and tenant flags deploy-cli does not send', async () => {
    const checked = await checkTenantFile(
      file({
        resourceServers: [at('resourceServers[0]', { id: 'x', identifier: 'https://a.example/', is_system: false })],
        clients: [at('clients[0]', { client_id: 'abc', name: 'A', jwks_uri: 'https://a.example/jwks' })],
        clientGrants: [at('clientGrants[0]', { id: 'cgr_1', client_id: 'A', audience: 'https://a.example/', scope: ['read'] })],
        tenant: at('tenant', { friendly_name: 'T', flags: { enable_sso: true, some_internal_flag: true } }),
      }),
    );
    expect(checked.resourceServers[0]!.dto).toEqual({ identifier: 'https://a.example/' });
    expect(checked.clients[0]!.dto).toEqual({ name: 'A' });
    expect(checked.clientGrants[0]).toMatchObject({ clientName: 'A', dto: { audience: 'https://a.example/', scope: ['read'] } });
    expect(checked.tenant!.dto).toEqual({ friendly_name: 'T', flags: { enable_sso: true } });
    expect(checked.ignored).toEqual(['tenant.flags.some_internal_flag']);
  });
});

describe('checkTenantFile: databases and connections', () => {
  it('checks a database as POST /connections (strategy auth0 by default) and as PATCH for an existing one', async () => {
    const checked = await checkTenantFile(
      file({
        databases: [at('databases[0]', { id: 'con_1', name: 'Users', enabled_clients: ['A'], options: { brute_force_protection: false } })],
        connections: [at('connections[0]', { name: 'google', strategy: 'google-oauth2' })],
      }),
    );
    expect(checked.connections.map((c) => [c.at.path, c.dto, c.update, c.clientNames])).toEqual([
      ['databases[0]', { name: 'Users', strategy: 'auth0', options: { brute_force_protection: false } }, { options: { brute_force_protection: false } }, ['A']],
      ['connections[0]', { name: 'google', strategy: 'google-oauth2' }, {}, undefined],
    ]);
  });
  it.each([
    [{ name: 'Users', enabled_clients: 'A' }, 'databases[0].enabled_clients', /must be a list of client names/],
    [{ name: 'bad name!' }, 'databases[0].name', /does not match pattern/],
    [{ name: 'Users', options: [] }, 'databases[0].options', /options must be an object/],
  ])('refuses %j, naming the path', async (value, path, reason) => {
    const e = await checkTenantFile(file({ databases: [at('databases[0]', value)] })).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SeedError);
    expect((e as SeedError).path).toBe(path);
    expect((e as SeedError).reason).toMatch(reason);
  });
});

describe('withoutReportedStrictDefaults (an exported strict client seeds again)', () => {
  const strict = { name: 'P', is_first_party: false, third_party_security_mode: 'strict', app_type: 'regular_web' };
  it('drops non-curated properties holding exactly what a strict client reports', () => {
    const exported = {
      ...strict,
      sso_disabled: false,
      oidc_conformant: true,
      custom_login_page_on: true,
      jwt_configuration: { alg: 'RS256', lifetime_in_seconds: 3600, secret_encoded: false },
    };
    expect(withoutReportedStrictDefaults(exported)).toEqual({ ...strict, jwt_configuration: { alg: 'RS256', lifetime_in_seconds: 3600 } });
  });
  it('keeps any other value (the rules refuse it) and leaves other clients alone', () => {
    expect(withoutReportedStrictDefaults({ ...strict, sso_disabled: true })).toEqual({ ...strict, sso_disabled: true });
    expect(withoutReportedStrictDefaults({ ...strict, initiate_login_uri: 'https://p.example/login' })).toMatchObject({
      initiate_login_uri: 'https://p.example/login',
    });
    const firstParty = { name: 'F', sso_disabled: false, oidc_conformant: true };
    expect(withoutReportedStrictDefaults(firstParty)).toBe(firstParty);
    const permissive = { ...strict, third_party_security_mode: 'permissive', sso_disabled: false };
    expect(withoutReportedStrictDefaults(permissive)).toBe(permissive);
  });
});
