import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { joinPath, keywordReplace, propertyNamed, readTenantFile, SeedError, tenantSettings } from './tenant-file';

describe('keywordReplace (deploy-cli semantics)', () => {
  const mappings = { API: 'https://api.example/', CALLBACKS: ['https://a.example/cb', 'https://b.example/cb'], N: 3 };
  it.each([
    ['##API##', 'https://api.example/'],
    ['identifier: ##API##', 'identifier: https://api.example/'],
    ['callbacks: @@CALLBACKS@@', 'callbacks: ["https://a.example/cb","https://b.example/cb"]'],
    // quoted array markers lose their quotes (YAML and JSON forms)
    [`callbacks: '@@CALLBACKS@@'`, 'callbacks: ["https://a.example/cb","https://b.example/cb"]'],
    ['"callbacks": "@@CALLBACKS@@"', '"callbacks": ["https://a.example/cb","https://b.example/cb"]'],
    ['lifetime: @@N@@ and ##N##', 'lifetime: 3 and 3'],
    ['##UNKNOWN## stays', '##UNKNOWN## stays'],
  ])('%s → %s', (input, output) => {
    expect(keywordReplace(input, mappings)).toBe(output);
  });

  it('does not read $ sequences in a value as replacement patterns', () => {
    expect(keywordReplace('x: ##V##', { V: "a$'b$&c" })).toBe("x: a$'b$&c");
  });

  it('matches keys literally (no regular expression in a key)', () => {
    expect(keywordReplace('##A.B## ##AxB##', { 'A.B': 'dot' })).toBe('dot ##AxB##');
  });
});

describe('tenantSettings (deploy-cli tenant handler)', () => {
  it('turns session lifetimes in hours into minutes and drops empty flags', () => {
    expect(tenantSettings({ friendly_name: 'T', session_lifetime: 1.5, idle_session_lifetime: 72, flags: {} })).toEqual({
      friendly_name: 'T',
      session_lifetime_in_minutes: 90,
      idle_session_lifetime_in_minutes: 4320,
    });
    expect(tenantSettings({ flags: { enable_client_connections: false } })).toEqual({ flags: { enable_client_connections: false } });
  });
});

describe('paths in messages', () => {
  it.each([
    ["Payload validation error: 'each value in grant_types must be one of …' on property grant_types.", 'grant_types'],
    ["Payload validation error: 'Additional properties not allowed: colour'.", 'colour'],
    ["Payload validation error: 'must be https' on property jwt_configuration.alg'.", 'jwt_configuration.alg'],
    ['The client does not exist', undefined],
  ])('%s names %s', (message, property) => {
    expect(propertyNamed(message)).toBe(property);
  });
  it.each([
    ['clients[1]', 'grant_types.0', 'clients[1].grant_types[0]'],
    ['clients[1]', undefined, 'clients[1]'],
    ['', 'scopes.2.value', 'scopes[2].value'],
  ])('%s + %s = %s', (base, property, path) => {
    expect(joinPath(base, property)).toBe(path);
  });
});

describe('readTenantFile', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'gatehouse-seed-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const refusal = (f: () => unknown): SeedError => {
    try {
      f();
    } catch (e) {
      if (e instanceof SeedError) return e;
      throw e;
    }
    throw new Error('not refused');
  };

  it('reads a YAML tenant file, keywords replaced, each entry located', () => {
    const file = join(dir, 'tenant.yaml');
    writeFileSync(
      file,
      [
        'tenant:',
        '  friendly_name: ##NAME##',
        'resourceServers:',
        '  - name: API',
        '    identifier: ##API##',
        'clients:',
        '  - name: One',
        '    callbacks: @@CALLBACKS@@',
        '  - name: Two',
        'clientGrants:',
        '  - client_id: One',
        '    audience: ##API##',
        'databases:',
        '  - name: Users',
        '    enabled_clients: [One]',
        'connections: []',
        'rules: []',
        'roles:',
        '  - name: admin',
      ].join('\n'),
    );
    const t = readTenantFile(file, { NAME: 'Seeded', API: 'https://api.example/', CALLBACKS: ['https://cb.example/'] });
    expect(t.tenant).toEqual({ file, path: 'tenant', value: { friendly_name: 'Seeded' } });
    expect(t.resourceServers).toEqual([{ file, path: 'resourceServers[0]', value: { name: 'API', identifier: 'https://api.example/' } }]);
    expect(t.clients.map((c) => [c.path, c.value])).toEqual([
      ['clients[0]', { name: 'One', callbacks: ['https://cb.example/'] }],
      ['clients[1]', { name: 'Two' }],
    ]);
    expect(t.clientGrants[0]!.value).toEqual({ client_id: 'One', audience: 'https://api.example/' });
    expect(t.databases).toEqual([{ file, path: 'databases[0]', value: { name: 'Users', enabled_clients: ['One'] } }]);
    expect(t.connections).toEqual([]);
    // Empty sections are not reported; sections with content Gatehouse does not apply are.
    expect(t.ignored).toEqual(['roles']);
  });

  it('reads a directory export (tenant.json, clients/, resource-servers/, grants/)', () => {
    mkdirSync(join(dir, 'clients'));
    mkdirSync(join(dir, 'resource-servers'));
    mkdirSync(join(dir, 'grants'));
    mkdirSync(join(dir, 'roles'));
    writeFileSync(join(dir, 'tenant.json'), JSON.stringify({ friendly_name: 'Dir', session_lifetime: 2 }));
    writeFileSync(join(dir, 'clients', 'B.json'), JSON.stringify({ name: 'B', callbacks: '@@CB@@' }));
    writeFileSync(join(dir, 'clients', 'A.json'), JSON.stringify({ name: 'A' }));
    writeFileSync(join(dir, 'clients', 'notes.txt'), 'not a client');
    writeFileSync(join(dir, 'resource-servers', 'API.json'), JSON.stringify({ name: 'API', identifier: '##API##' }));
    writeFileSync(join(dir, 'grants', 'A-API.json'), JSON.stringify({ client_id: 'A', audience: '##API##' }));
    writeFileSync(join(dir, 'roles', 'admin.json'), JSON.stringify({ name: 'admin' }));
    mkdirSync(join(dir, 'databases', 'Users'), { recursive: true });
    writeFileSync(join(dir, 'databases', 'Users', 'database.json'), JSON.stringify({ name: 'Users', strategy: 'auth0', enabled_clients: ['A'] }));
    mkdirSync(join(dir, 'connections'));
    writeFileSync(join(dir, 'connections', 'google.json'), JSON.stringify({ name: 'google', strategy: 'google-oauth2' }));
    const t = readTenantFile(dir, { CB: ['https://cb.example/'], API: 'https://api.example/' });
    expect(t.tenant).toEqual({ file: join(dir, 'tenant.json'), path: '', value: { friendly_name: 'Dir', session_lifetime_in_minutes: 120 } });
    expect(t.clients.map((c) => [c.file, c.value])).toEqual([
      [join(dir, 'clients', 'A.json'), { name: 'A' }],
      [join(dir, 'clients', 'B.json'), { name: 'B', callbacks: ['https://cb.example/'] }],
    ]);
    expect(t.resourceServers[0]!.value).toEqual({ name: 'API', identifier: 'https://api.example/' });
    expect(t.clientGrants[0]!.value).toEqual({ client_id: 'A', audience: 'https://api.example/' });
    expect(t.databases).toEqual([
      { file: join(dir, 'databases', 'Users', 'database.json'), path: '', value: { name: 'Users', strategy: 'auth0', enabled_clients: ['A'] } },
    ]);
    expect(t.connections.map((c) => c.value)).toEqual([{ name: 'google', strategy: 'google-oauth2' }]);
    expect(t.ignored).toEqual(['roles']);
  });

  it('refuses, naming the file, the path in it and the reason', () => {
    const missing = refusal(() => readTenantFile(join(dir, 'nope.yaml')));
    expect(missing.message).toBe(`GATEHOUSE_SEED: ${join(dir, 'nope.yaml')}: cannot read it (ENOENT)`);

    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'clients:\n  - name: A\n   app_type: spa\n');
    const yamlError = refusal(() => readTenantFile(bad));
    expect(yamlError.file).toBe(bad);
    expect(yamlError.path).toMatch(/^line \d+$/);
    expect(yamlError.reason).toMatch(/^not valid YAML/);

    writeFileSync(bad, 'clients:\n  - name: A\n  - just a string\n');
    expect(refusal(() => readTenantFile(bad)).message).toBe(`GATEHOUSE_SEED: ${bad}: clients[1]: must be a mapping`);
    writeFileSync(bad, 'clients:\n  name: A\n');
    expect(refusal(() => readTenantFile(bad)).message).toBe(`GATEHOUSE_SEED: ${bad}: clients: must be a list`);
    writeFileSync(bad, '- a\n- b\n');
    expect(refusal(() => readTenantFile(bad)).reason).toMatch(/^not a tenant file/);

    mkdirSync(join(dir, 'export', 'clients'), { recursive: true });
    writeFileSync(join(dir, 'export', 'clients', 'A.json'), '{"name": "A",');
    const jsonError = refusal(() => readTenantFile(join(dir, 'export')));
    expect(jsonError.file).toBe(join(dir, 'export', 'clients', 'A.json'));
    expect(jsonError.reason).toMatch(/^not valid JSON/);
  });
});
