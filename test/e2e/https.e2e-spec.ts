import { execFile } from 'child_process';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { request as httpRequest } from 'http';
import { request as httpsRequest } from 'https';
import { tmpdir } from 'os';
import { join } from 'path';
import type { TLSSocket } from 'tls';
import { promisify } from 'util';
import { freePort } from '@gatehouse/testing';
import { buildServer, GatehouseProcess, startProcess, stopProcess } from './support/gatehouse-process';

/**
 * GATEHOUSE_HTTPS=on (SPEC §1, issue 15 §1) on the real process: the first start makes a local certificate
 * authority and a server certificate into the data folder and prints the NODE_EXTRA_CA_CERTS line; the one
 * port speaks TLS only; clients trusting that authority (and only them) get through; a restart reuses it.
 * (SQLite only: the database is not what is tested.)
 */
const run = promisify(execFile);

interface Answer {
  status: number;
  body: string;
  peer?: TLSSocket;
}

/** One HTTPS request to 127.0.0.1:port, trusting `ca` only (undefined: Node's default roots). */
function get(port: number, path: string, opts: { ca?: string; servername?: string; method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<Answer>((resolve, reject) => {
    const req = httpsRequest(
      {
        host: '127.0.0.1',
        port,
        path,
        method: opts.method ?? 'GET',
        ca: opts.ca,
        servername: opts.servername ?? 'localhost',
        headers: opts.headers,
        agent: false,
      },
      (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode!, body, peer: res.socket as TLSSocket }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** The output once it shows `pattern` (the process log is asynchronous: its lines may follow the banner). */
async function outputWith(p: GatehouseProcess, texts: string[], ms = 30_000): Promise<string> {
  const until = Date.now() + ms;
  while (!texts.every((t) => p.out().includes(t))) {
    if (Date.now() > until || p.proc.exitCode !== null) throw new Error(`no banner from ${p.name}:\n${p.out()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return p.out();
}

/** The banner's last line, and the log line after listen. */
const STARTED = ['"audience":', 'Gatehouse listening on'];

describe('GATEHOUSE_HTTPS=on, the real process', () => {
  let buildDir: string;
  let dataDir: string;
  let main: string;
  let proc: GatehouseProcess | undefined;
  beforeAll(() => {
    buildDir = mkdtempSync(join(tmpdir(), 'gatehouse-https-build-'));
    dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-https-data-'));
    main = buildServer(buildDir);
  }, 180_000);
  afterEach(() => stopProcess(proc));
  afterAll(() => {
    rmSync(buildDir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('makes the authority on first start, prints NODE_EXTRA_CA_CERTS, serves every route over TLS to clients trusting it, and reuses it after a restart', async () => {
    const port = await freePort();
    const env = { GATEHOUSE_HTTPS: 'on', DATABASE_URL: `sqlite:${join(dataDir, 'gatehouse.sqlite')}`, LOG_LEVEL: 'info' };
    proc = startProcess('https', main, port, env);
    const out = await outputWith(proc, STARTED);
    const caPath = join(dataDir, 'tls', 'ca.pem');
    expect(out).toContain(`\n  NODE_EXTRA_CA_CERTS=${caPath}\n`);
    expect(out).toContain(`curl -s --cacert ${caPath} https://127.0.0.1:${port}/oauth/token`);
    expect(out).toContain(`Gatehouse listening on https://127.0.0.1:${port}`);
    expect(out).toContain('made a local certificate authority and its server certificate (GATEHOUSE_HTTPS)');
    const ca = readFileSync(caPath, 'utf8');
    const id = /admin client_id:\s+(\S+)/.exec(out)![1]!;
    const secret = /admin client_secret:\s+(\S+)/.exec(out)![1]!;

    // Trusting the authority: health, discovery (the issuer is https://), a token, the Management API.
    expect(await get(port, '/healthz', { ca })).toMatchObject({ status: 200 });
    expect(await get(port, '/readyz', { ca })).toMatchObject({ status: 200 });
    const discovery = JSON.parse((await get(port, '/.well-known/openid-configuration', { ca, headers: { host: `localhost:${port}` } })).body);
    expect(discovery).toMatchObject({ issuer: `https://localhost:${port}/`, token_endpoint: `https://localhost:${port}/oauth/token` });
    const token = await get(port, '/oauth/token', {
      ca,
      method: 'POST',
      headers: { host: `localhost:${port}`, 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials', client_id: id, client_secret: secret, audience: `https://localhost:${port}/api/v2/` }),
    });
    expect(token.status).toBe(200);
    const clients = await get(port, '/api/v2/clients', {
      ca,
      headers: { host: `localhost:${port}`, authorization: `Bearer ${JSON.parse(token.body).access_token}` },
    });
    expect(clients.status).toBe(200);
    expect(JSON.parse(clients.body).map((c: { client_id: string }) => c.client_id)).toEqual([id]);

    // By IP address, and for a tenant-style subdomain (a certificate made over SNI for it).
    const byIp = await get(port, '/healthz', { ca, servername: '' });
    expect(byIp.status).toBe(200);
    const acme = await get(port, '/healthz', { ca, servername: 'acme.localhost', headers: { host: `acme.localhost:${port}` } });
    expect(acme.status).toBe(200);
    expect(acme.peer!.getPeerX509Certificate()!.checkHost('acme.localhost', { wildcards: false })).toBe('acme.localhost');

    // Not trusting it: Node's default roots refuse the certificate.
    await expect(get(port, '/healthz')).rejects.toMatchObject({ code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    await expect(fetch(`https://localhost:${port}/healthz`)).rejects.toMatchObject({ cause: { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' } });
    // One port, TLS only: plain HTTP gets no answer.
    await expect(
      new Promise((resolve, reject) => httpRequest({ host: '127.0.0.1', port, path: '/healthz' }, resolve).on('error', reject).end()),
    ).rejects.toThrow();

    // The banner's line, as a user would use it: a Node process started with NODE_EXTRA_CA_CERTS, plain fetch.
    const script = `fetch('https://localhost:${port}/healthz').then(async (r) => console.log(r.status, await r.text()))`;
    const child = await run(process.execPath, ['-e', script], { env: { PATH: process.env.PATH ?? '', NODE_EXTRA_CA_CERTS: caPath } });
    expect(child.stdout.trim()).toMatch(/^200 /);
    await expect(run(process.execPath, ['-e', script], { env: { PATH: process.env.PATH ?? '' } })).rejects.toMatchObject({
      stderr: expect.stringContaining('UNABLE_TO_VERIFY_LEAF_SIGNATURE'),
    });

    // A restart reuses the authority and the certificate: nothing new to trust.
    await stopProcess(proc);
    const served = readFileSync(join(dataDir, 'tls', 'server.pem'), 'utf8').trim();
    proc = startProcess('https-again', main, port, env);
    const again = await outputWith(proc, STARTED);
    expect(again).toContain(`NODE_EXTRA_CA_CERTS=${caPath}`);
    expect(again).not.toContain('made a local certificate authority');
    expect(again).not.toContain('made a new server certificate');
    expect(readFileSync(caPath, 'utf8')).toBe(ca);
    expect(readFileSync(join(dataDir, 'tls', 'server.pem'), 'utf8').trim()).toBe(served);
    expect((await get(port, '/healthz', { ca })).status).toBe(200);
  }, 90_000);

  it('refuses GATEHOUSE_HTTPS=on with an http:// public URL, naming the variable', async () => {
    const port = await freePort();
    proc = startProcess('https-bad', main, port, {
      GATEHOUSE_HTTPS: 'on',
      GATEHOUSE_PUBLIC_URL: `http://localhost:${port}`,
      DATABASE_URL: `sqlite:${join(dataDir, 'bad.sqlite')}`,
    });
    expect(await proc.exited).toBe(78);
    expect(proc.out()).toContain('GATEHOUSE_PUBLIC_URL: must be an https:// URL when GATEHOUSE_HTTPS=on');
  });
});
