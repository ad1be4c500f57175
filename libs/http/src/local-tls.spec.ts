import { createPrivateKey, X509Certificate } from 'crypto';
import forge from 'node-forge';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'fs';
import { createServer, request } from 'https';
import { tmpdir } from 'os';
import { join } from 'path';
import type { AddressInfo } from 'net';
import type { TLSSocket } from 'tls';
import { ensureLocalTls, LEAF_DAYS, RENEW_DAYS } from './local-tls';

const DAY = 86_400_000;

describe('ensureLocalTls (GATEHOUSE_HTTPS)', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'gatehouse-tls-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('makes an authority and a server certificate it signs, for the local names, into <data dir>/tls', () => {
    const tls = ensureLocalTls(dir);
    expect(tls.created).toBe('ca');
    expect(tls.dir).toBe(join(dir, 'tls'));
    expect(tls.caPath).toBe(join(dir, 'tls', 'ca.pem'));
    expect(readdirSync(tls.dir).sort()).toEqual(['ca-key.pem', 'ca.pem', 'server-key.pem', 'server.pem']);
    // Private keys are readable by their owner only.
    expect(statSync(join(tls.dir, 'ca-key.pem')).mode & 0o777).toBe(0o600);
    expect(statSync(join(tls.dir, 'server-key.pem')).mode & 0o777).toBe(0o600);

    const ca = new X509Certificate(readFileSync(tls.caPath));
    expect(ca.ca).toBe(true);
    expect(ca.keyUsage).toBeUndefined(); // Node lists extended key usages here; the CA has none
    expect(ca.checkIssued(ca)).toBe(true);
    expect(ca.verify(ca.publicKey)).toBe(true);
    expect(ca.toLegacyObject().ext_key_usage).toBeUndefined();
    expect(ca.toLegacyObject().subject.CN).toBe('Gatehouse local CA');

    const leaf = new X509Certificate(tls.cert);
    expect(leaf.ca).toBe(false);
    expect(leaf.checkIssued(ca)).toBe(true);
    expect(leaf.verify(ca.publicKey)).toBe(true);
    expect(leaf.verify(leaf.publicKey)).toBe(false);
    expect(leaf.checkPrivateKey(createPrivateKey(tls.key))).toBe(true);
    expect(leaf.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']); // serverAuth
    expect(leaf.subjectAltName).toBe('DNS:localhost, DNS:*.localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    expect(leaf.checkHost('localhost')).toBe('localhost');
    expect(leaf.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(leaf.checkIP('::1')).toBe('::1');
    expect(leaf.checkHost('example.com')).toBeUndefined();
    expect(leaf.checkIP('10.0.0.1')).toBeUndefined();
    // Why SNI makes certificates for subdomains: OpenSSL (as Node's TLS, curl, browsers) refuses a
    // wildcard directly under a top-level name, so *.localhost does not cover acme.localhost.
    expect(leaf.checkHost('acme.localhost')).toBeUndefined();
    const days = (Date.parse(leaf.validTo) - Date.now()) / DAY;
    expect(days).toBeGreaterThan(LEAF_DAYS - 1);
    expect(days).toBeLessThan(825);
    // Key usage bits (digitalSignature, keyEncipherment; keyCertSign and cRLSign on the CA), read with forge.
    const bits = (pem: string) => forge.pki.certificateFromPem(pem).getExtension('keyUsage');
    expect(bits(tls.ca)).toMatchObject({ critical: true, keyCertSign: true, cRLSign: true, digitalSignature: false });
    expect(bits(tls.cert)).toMatchObject({ critical: true, digitalSignature: true, keyEncipherment: true, keyCertSign: false });
    expect(forge.pki.certificateFromPem(tls.ca).getExtension('basicConstraints')).toMatchObject({ cA: true, critical: true });
  });

  it('reuses the files on a later call, and lists configured names (ports and brackets dropped)', () => {
    const first = ensureLocalTls(dir);
    const again = ensureLocalTls(dir);
    expect(again.created).toBe('nothing');
    expect([again.ca, again.cert, again.key]).toEqual([first.ca, first.cert, first.key]);

    const named = ensureLocalTls(dir, ['dev.localhost:3000', '[::1]:3000', '127.0.0.1:3000', '0.0.0.0', 'gatehouse.internal']);
    expect(named.created).toBe('server');
    expect(named.ca).toBe(first.ca);
    expect(named.key).toBe(first.key);
    const leaf = new X509Certificate(named.cert);
    expect(leaf.subjectAltName).toBe(
      'DNS:localhost, DNS:*.localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, DNS:dev.localhost, DNS:gatehouse.internal',
    );
    expect(readFileSync(join(dir, 'tls', 'server.pem'), 'utf8')).toBe(named.cert);
    expect(ensureLocalTls(dir, ['dev.localhost:3000', 'gatehouse.internal']).created).toBe('nothing');
  });

  it(`renews the server certificate ${RENEW_DAYS} days before it expires, with the same key and authority`, () => {
    const first = ensureLocalTls(dir);
    const later = new Date(Date.now() + (LEAF_DAYS - RENEW_DAYS + 1) * DAY);
    const renewed = ensureLocalTls(dir, [], later);
    expect(renewed.created).toBe('server');
    expect(renewed.cert).not.toBe(first.cert);
    expect([renewed.ca, renewed.key]).toEqual([first.ca, first.key]);
    expect(Date.parse(new X509Certificate(renewed.cert).validTo)).toBeGreaterThan(later.getTime() + (LEAF_DAYS - 1) * DAY);
  });

  it('makes the server certificate again when the authority did not sign it', () => {
    const first = ensureLocalTls(dir);
    const other = mkdtempSync(join(tmpdir(), 'gatehouse-tls-other-'));
    try {
      writeFileSync(join(dir, 'tls', 'server.pem'), ensureLocalTls(other).cert);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
    const again = ensureLocalTls(dir);
    expect(again.created).toBe('server');
    expect(new X509Certificate(again.cert).verify(new X509Certificate(first.ca).publicKey)).toBe(true);
  });

  it('refuses an expired authority or a missing file, saying which folder to delete', () => {
    ensureLocalTls(dir);
    expect(() => ensureLocalTls(dir, [], new Date(Date.now() + 3651 * DAY))).toThrow(/expired on .*delete .*tls/);
    rmSync(join(dir, 'tls', 'ca-key.pem'));
    expect(() => ensureLocalTls(dir)).toThrow(/ca-key\.pem is missing .*delete .*tls/);
  });

  it('serves the server certificate, and a certificate made over SNI for any other *.localhost name', async () => {
    const tls = ensureLocalTls(dir);
    const server = createServer(tls.serverOptions(), (_req, res) => res.end('ok'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const get = (servername: string, ca?: string) =>
      new Promise<{ body: string; cert: X509Certificate }>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path: '/', servername, ca, headers: { host: servername }, agent: false }, (res) => {
          let body = '';
          res.on('data', (d) => (body += d));
          res.on('end', () => resolve({ body, cert: (res.socket as TLSSocket).getPeerX509Certificate()! }));
        });
        req.on('error', reject);
        req.end();
      });
    try {
      expect((await get('localhost', tls.ca)).body).toBe('ok');
      const acme = await get('acme.localhost', tls.ca);
      expect(acme.body).toBe('ok');
      expect(acme.cert.checkHost('acme.localhost', { wildcards: false })).toBe('acme.localhost');
      expect(acme.cert.verify(new X509Certificate(tls.ca).publicKey)).toBe(true);
      // Without the authority, the certificate is refused.
      await expect(get('localhost')).rejects.toMatchObject({ code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
      // A name outside .localhost gets the server certificate, which does not cover it.
      await expect(get('example.com', tls.ca)).rejects.toMatchObject({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
