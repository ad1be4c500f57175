import { ConfigError, CONFIG_VARIABLES, loadConfig } from './config.schema';

describe('loadConfig', () => {
  it('has working defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      database: { type: 'sqlite', path: './data/gatehouse.sqlite' },
      dataDir: './data',
      publicUrl: 'http://localhost:3000',
      tenantDomain: 'localhost:3000',
      managementRateLimitPerMinute: 6000,
      logLevel: 'info',
    });
    expect(c.now).toBeUndefined();
    expect(c.testLogin).toBeUndefined();
    // /metrics is off unless asked for; the log format is decided from stdout when unset.
    expect(c.metrics).toEqual({ enabled: false });
    expect(c.logFormat).toBeUndefined();
  });

  it.each([
    [{ PORT: '8080' }, { port: 8080, publicUrl: 'http://localhost:8080', tenantDomain: 'localhost:8080' }],
    [{ GATEHOUSE_PUBLIC_URL: 'https://auth.example.com/' }, { publicUrl: 'https://auth.example.com', tenantDomain: 'auth.example.com' }],
    [{ GATEHOUSE_PUBLIC_URL: 'http://localhost:3000', GATEHOUSE_TENANT_DOMAIN: 'dev.localhost:3000' }, { tenantDomain: 'dev.localhost:3000' }],
    [{ DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/gh' }, { database: { type: 'postgres', url: 'postgres://u:p@127.0.0.1:5432/gh' } }],
    [{ DATABASE_URL: 'sqlite:/var/lib/gh/db.sqlite' }, { database: { type: 'sqlite', path: '/var/lib/gh/db.sqlite' }, dataDir: '/var/lib/gh' }],
    [{ GATEHOUSE_NOW: '2026-03-31T23:59:59Z' }, { now: new Date('2026-03-31T23:59:59Z') }],
    [{ LOG_LEVEL: 'silent' }, { logLevel: 'silent' }],
    [{ PORT: '' }, { port: 3000 }],
    [{ GATEHOUSE_TEST_LOGIN: 'CI@Example.com' }, { testLogin: 'ci@example.com' }],
    [{ LOG_FORMAT: 'pretty' }, { logFormat: 'pretty' }],
    [{ LOG_FORMAT: 'json' }, { logFormat: 'json' }],
    [{ GATEHOUSE_METRICS: 'on' }, { metrics: { enabled: true } }],
    [{ GATEHOUSE_METRICS: 'on', GATEHOUSE_METRICS_TOKEN: 'm'.repeat(32) }, { metrics: { enabled: true, token: 'm'.repeat(32) } }],
  ])('%p → %p', (env, expected) => expect(loadConfig(env)).toMatchObject(expected));

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ GATEHOUSE_PUBLIC_URL: 'ftp://x' }, 'GATEHOUSE_PUBLIC_URL'],
    [{ GATEHOUSE_TENANT_DOMAIN: 'has space' }, 'GATEHOUSE_TENANT_DOMAIN'],
    [{ GATEHOUSE_NOW: 'tomorrow' }, 'GATEHOUSE_NOW'],
    [{ GATEHOUSE_TEST_LOGIN: 'not-an-email' }, 'GATEHOUSE_TEST_LOGIN'],
    [{ GATEHOUSE_TEST_LOGIN: 'two words@example.com' }, 'GATEHOUSE_TEST_LOGIN'],
    [{ GATEHOUSE_NOW: '2026-13-45T00:00:00Z' }, 'GATEHOUSE_NOW'],
    [{ GATEHOUSE_ADMIN_CLIENT_ID: 'bad id!' }, 'GATEHOUSE_ADMIN_CLIENT_ID'],
    [{ GATEHOUSE_ADMIN_CLIENT_ID: 'abcdefgh', GATEHOUSE_ADMIN_CLIENT_SECRET: 'short' }, 'GATEHOUSE_ADMIN_CLIENT_SECRET'],
    [{ GATEHOUSE_ADMIN_CLIENT_SECRET: 'a-long-enough-secret-value' }, 'GATEHOUSE_ADMIN_CLIENT_ID'],
    [{ GATEHOUSE_SECRET_KEY: 'too-short' }, 'GATEHOUSE_SECRET_KEY'],
    [{ GATEHOUSE_MANAGEMENT_RATE_LIMIT: '0' }, 'GATEHOUSE_MANAGEMENT_RATE_LIMIT'],
    [{ LOG_LEVEL: 'verbose' }, 'LOG_LEVEL'],
    [{ LOG_FORMAT: 'text' }, 'LOG_FORMAT'],
    [{ GATEHOUSE_METRICS: 'yes' }, 'GATEHOUSE_METRICS'],
    [{ GATEHOUSE_METRICS: 'on', GATEHOUSE_METRICS_TOKEN: 'short' }, 'GATEHOUSE_METRICS_TOKEN'],
    [{ GATEHOUSE_METRICS_TOKEN: 'm'.repeat(32) }, 'GATEHOUSE_METRICS_TOKEN'],
  ])('%p is refused naming %s', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    try {
      loadConfig(env);
    } catch (e) {
      expect((e as ConfigError).problems.some((p) => p.startsWith(`${name}:`))).toBe(true);
    }
  });

  it('never repeats a secret value in its messages', () => {
    try {
      loadConfig({ GATEHOUSE_SECRET_KEY: 'tiny-secret' });
    } catch (e) {
      expect((e as Error).message).not.toContain('tiny-secret');
    }
  });

  it('bounds connections by default, and refuses a headers timeout longer than the request timeout', () => {
    expect(loadConfig({}).server).toEqual({
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
      keepAliveTimeoutMs: 72_000,
      idleTimeoutMs: 75_000,
      maxConnections: 4096,
    });
    expect(loadConfig({ GATEHOUSE_HEADERS_TIMEOUT_MS: '500', GATEHOUSE_REQUEST_TIMEOUT_MS: '900', GATEHOUSE_MAX_CONNECTIONS: '5' }).server).toMatchObject({
      headersTimeoutMs: 500,
      requestTimeoutMs: 900,
      maxConnections: 5,
    });
    expect(() => loadConfig({ GATEHOUSE_HEADERS_TIMEOUT_MS: '40000' })).toThrow(
      /GATEHOUSE_HEADERS_TIMEOUT_MS: must not be more than GATEHOUSE_REQUEST_TIMEOUT_MS/,
    );
    // The idle timeout must outlast the advertised keep-alive, or clients reuse sockets already closed.
    for (const idle of ['60000', '72000']) {
      expect(() => loadConfig({ GATEHOUSE_IDLE_TIMEOUT_MS: idle })).toThrow(/GATEHOUSE_IDLE_TIMEOUT_MS: must be more than GATEHOUSE_KEEP_ALIVE_TIMEOUT_MS/);
    }
    expect(loadConfig({ GATEHOUSE_IDLE_TIMEOUT_MS: '60000', GATEHOUSE_KEEP_ALIVE_TIMEOUT_MS: '30000' }).server).toMatchObject({
      idleTimeoutMs: 60_000,
      keepAliveTimeoutMs: 30_000,
    });
    for (const [name, value] of [
      ['GATEHOUSE_REQUEST_TIMEOUT_MS', '0'],
      ['GATEHOUSE_IDLE_TIMEOUT_MS', '-1'],
      ['GATEHOUSE_KEEP_ALIVE_TIMEOUT_MS', 'forever'],
      ['GATEHOUSE_MAX_CONNECTIONS', '0'],
    ]) {
      expect(() => loadConfig({ [name!]: value })).toThrow(new RegExp(`${name}:`));
    }
  });

  it('documents every variable it reads', () => {
    const names = CONFIG_VARIABLES.map((v) => v.name);
    for (const n of [
      'PORT',
      'HOST',
      'DATABASE_URL',
      'GATEHOUSE_PUBLIC_URL',
      'GATEHOUSE_TENANT_DOMAIN',
      'GATEHOUSE_NOW',
      'GATEHOUSE_ADMIN_CLIENT_ID',
      'GATEHOUSE_ADMIN_CLIENT_SECRET',
      'GATEHOUSE_SECRET_KEY',
      'LOG_LEVEL',
      'LOG_FORMAT',
      'GATEHOUSE_METRICS',
      'GATEHOUSE_METRICS_TOKEN',
    ]) {
      expect(names).toContain(n);
    }
  });
});

describe('the control plane and the clock API (issue 14)', () => {
  const root = 'r'.repeat(32);

  it('are off by default: no root token, no clock API, the default account without recorded history', () => {
    const c = loadConfig({});
    expect(c.rootToken).toBeUndefined();
    expect(c.clockApi).toBe(false);
    expect(c.defaultAccountName).toBe('Default account');
    expect(c.defaultAccountHistory).toBeUndefined();
  });

  it('read the root token, the clock API switch, the default account name and its history', () => {
    const c = loadConfig({
      GATEHOUSE_ROOT_TOKEN: root,
      GATEHOUSE_CLOCK_API: 'on',
      GATEHOUSE_DEFAULT_ACCOUNT_NAME: 'Acme',
      GATEHOUSE_DEFAULT_ACCOUNT_HISTORY: 'third_party_before:2026-02-01',
    });
    expect(c).toMatchObject({
      rootToken: root,
      clockApi: true,
      defaultAccountName: 'Acme',
      defaultAccountHistory: { since: new Date('2026-02-01T00:00:00Z') },
    });
    expect(loadConfig({ GATEHOUSE_DEFAULT_ACCOUNT_HISTORY: 'none' }).defaultAccountHistory).toEqual({ since: null });
  });

  it.each([
    [{ GATEHOUSE_ROOT_TOKEN: 'short' }, /GATEHOUSE_ROOT_TOKEN: must be at least 32 characters$/m],
    [{ GATEHOUSE_CLOCK_API: 'yes' }, /GATEHOUSE_CLOCK_API:/],
    [{ GATEHOUSE_CLOCK_API: 'on' }, /GATEHOUSE_CLOCK_API: needs GATEHOUSE_ROOT_TOKEN/],
    [{ GATEHOUSE_DEFAULT_ACCOUNT_HISTORY: 'third_party_before:2026-05-01' }, /GATEHOUSE_DEFAULT_ACCOUNT_HISTORY: the date must be before 2026-04-01/],
    [{ GATEHOUSE_DEFAULT_ACCOUNT_HISTORY: 'yes' }, /GATEHOUSE_DEFAULT_ACCOUNT_HISTORY: must be "none" or "third_party_before:<date>"/],
  ])('refuses %p', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('never shows the root token in an error', () => {
    expect(() => loadConfig({ GATEHOUSE_ROOT_TOKEN: 'short-secret' })).toThrow(/^(?![\s\S]*short-secret)/);
  });
});

describe('GATEHOUSE_HTTPS (SPEC §1)', () => {
  it('is off by default; on, the default public URL (and so the issuer) is https://', () => {
    expect(loadConfig({})).toMatchObject({ https: false, publicUrl: 'http://localhost:3000' });
    expect(loadConfig({ GATEHOUSE_HTTPS: 'on', PORT: '8443' })).toMatchObject({
      https: true,
      publicUrl: 'https://localhost:8443',
      tenantDomain: 'localhost:8443',
    });
    expect(loadConfig({ GATEHOUSE_HTTPS: 'on', GATEHOUSE_PUBLIC_URL: 'https://dev.localhost:3000' })).toMatchObject({
      https: true,
      tenantDomain: 'dev.localhost:3000',
    });
    expect(loadConfig({ GATEHOUSE_HTTPS: 'off' }).https).toBe(false);
    expect(CONFIG_VARIABLES.map((v) => v.name)).toContain('GATEHOUSE_HTTPS');
  });

  it('refuses a value other than on/off, and an http:// public URL when on', () => {
    expect(() => loadConfig({ GATEHOUSE_HTTPS: 'true' })).toThrow(/GATEHOUSE_HTTPS:/);
    expect(() => loadConfig({ GATEHOUSE_HTTPS: 'on', GATEHOUSE_PUBLIC_URL: 'http://localhost:3000' })).toThrow(
      /GATEHOUSE_PUBLIC_URL: must be an https:\/\/ URL when GATEHOUSE_HTTPS=on/,
    );
    // Off, an https:// public URL is allowed: TLS ended by a proxy in front.
    expect(loadConfig({ GATEHOUSE_PUBLIC_URL: 'https://auth.example.com' }).https).toBe(false);
  });
});

describe('GATEHOUSE_SEED and AUTH0_KEYWORD_REPLACE_MAPPINGS (issue 15 §4)', () => {
  it('are unset by default; the file with its keyword mappings ({} when none)', () => {
    expect(loadConfig({}).seed).toBeUndefined();
    expect(loadConfig({ GATEHOUSE_SEED: './tenant.yaml' }).seed).toEqual({ path: './tenant.yaml', mappings: {} });
    expect(
      loadConfig({ GATEHOUSE_SEED: 'export/', AUTH0_KEYWORD_REPLACE_MAPPINGS: '{"API":"https://api.example/","CALLBACKS":["https://a.example/cb"]}' }).seed,
    ).toEqual({ path: 'export/', mappings: { API: 'https://api.example/', CALLBACKS: ['https://a.example/cb'] } });
    // The mappings alone (deploy-cli's variable may be in the environment for other reasons) apply nothing.
    expect(loadConfig({ AUTH0_KEYWORD_REPLACE_MAPPINGS: '{"A":"b"}' }).seed).toBeUndefined();
    expect(CONFIG_VARIABLES.map((v) => v.name)).toEqual(expect.arrayContaining(['GATEHOUSE_SEED', 'AUTH0_KEYWORD_REPLACE_MAPPINGS']));
  });

  it.each(['[1,2]', '"text"', 'null', '{not json', '42'])('refuses mappings that are not a JSON object: %s', (value) => {
    expect(() => loadConfig({ GATEHOUSE_SEED: 't.yaml', AUTH0_KEYWORD_REPLACE_MAPPINGS: value })).toThrow(
      /AUTH0_KEYWORD_REPLACE_MAPPINGS: must be a JSON object of keyword → value/,
    );
  });

  it('refuses an empty path', () => {
    expect(() => loadConfig({ GATEHOUSE_SEED: '  ' })).toThrow(/GATEHOUSE_SEED: must be the path of a deploy-cli tenant file/);
  });
});
