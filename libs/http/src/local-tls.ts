import forge from 'node-forge';
import { generateKeyPairSync, randomBytes, X509Certificate } from 'crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'fs';
import { hostname } from 'os';
import { isIP } from 'net';
import { join, resolve } from 'path';
import { createSecureContext, SecureContext } from 'tls';

/**
 * GATEHOUSE_HTTPS (SPEC §1): a local certificate authority and a server certificate it signs, generated
 * once into `<data dir>/tls/` and reused, so a user trusts one file (`ca.pem`, e.g. NODE_EXTRA_CA_CERTS)
 * for every start. Keys are made by Node's crypto (native RSA), certificates by node-forge.
 *
 *   ca.pem, ca-key.pem          the authority (CA:true, keyCertSign), 10 years
 *   server.pem, server-key.pem  the server certificate (serverAuth) for localhost, *.localhost,
 *                               127.0.0.1, ::1 and the configured names, LEAF_DAYS days
 *
 * Certificates are checked against real time, not Gatehouse's clock (GATEHOUSE_NOW): TLS clients do.
 */
export const LEAF_DAYS = 397;
/** A server certificate with fewer days left than this is renewed at start. */
export const RENEW_DAYS = 30;
const CA_DAYS = 3650;
const DAY_MS = 86_400_000;

/** The names every server certificate covers, before the configured ones. */
export const LOCAL_NAMES: readonly string[] = ['localhost', '*.localhost', '127.0.0.1', '::1'];

export interface LocalTls {
  /** Absolute path of the folder holding the four files. */
  dir: string;
  /** Absolute path of the authority's certificate: what clients trust (NODE_EXTRA_CA_CERTS, curl --cacert). */
  caPath: string;
  ca: string;
  key: string;
  cert: string;
  /** What this call made: the authority (and with it everything), or only a new server certificate. */
  created: 'ca' | 'server' | 'nothing';
  /**
   * TLS options for https.createServer: the server certificate, and for a `*.localhost` name it does not
   * list (a tenant created after the start) one made on demand over SNI, signed by the same authority.
   * Node, OpenSSL (curl) and browsers refuse a wildcard directly under a top-level name, so
   * `*.localhost` alone would not let https://acme.localhost:3000 verify.
   */
  serverOptions(): { key: string; cert: string; SNICallback: (servername: string, cb: (err: Error | null, ctx?: SecureContext) => void) => void };
}

const FILES = { ca: 'ca.pem', caKey: 'ca-key.pem', cert: 'server.pem', key: 'server-key.pem' } as const;

export function localTlsDir(dataDir: string): string {
  return resolve(dataDir, 'tls');
}

/** Absolute path of the authority's certificate (`ca.pem`) for a data folder. */
export function localTlsCaPath(dataDir: string): string {
  return join(localTlsDir(dataDir), FILES.ca);
}

/**
 * The authority and server certificate in `<dataDir>/tls`, made when missing. The server certificate is
 * made again (same key, same authority) when it expires within RENEW_DAYS, when it does not cover one of
 * `names` (host names or IP addresses; ports are ignored), or when the authority did not sign it.
 * Two processes starting together on a new folder agree on one authority: each writes a complete folder
 * of its own and renames it into place, which succeeds for exactly one.
 */
export function ensureLocalTls(dataDir: string, names: readonly string[] = [], now: Date = new Date()): LocalTls {
  const dir = localTlsDir(dataDir);
  const wanted = uniqueNames([...LOCAL_NAMES, ...names]);
  let created: LocalTls['created'] = 'nothing';
  if (!existsSync(dir)) {
    mkdirSync(dataDir, { recursive: true });
    const candidate = `${dir}.${process.pid}.${randomBytes(4).toString('hex')}`;
    mkdirSync(candidate, { mode: 0o700 });
    const ca = makeAuthority(now);
    const server = makeServerCertificate(ca, wanted, now);
    writeFileSync(join(candidate, FILES.ca), ca.cert, { mode: 0o644 });
    writeFileSync(join(candidate, FILES.caKey), ca.key, { mode: 0o600 });
    writeFileSync(join(candidate, FILES.cert), server.cert, { mode: 0o644 });
    writeFileSync(join(candidate, FILES.key), server.key, { mode: 0o600 });
    try {
      renameSync(candidate, dir);
      created = 'ca';
    } catch (e) {
      rmSync(candidate, { recursive: true, force: true });
      if (!['ENOTEMPTY', 'EEXIST'].includes((e as NodeJS.ErrnoException).code ?? '')) throw e;
    }
  }
  const read = (file: string) => {
    try {
      return readFileSync(join(dir, file), 'utf8');
    } catch {
      throw new Error(`${join(dir, file)} is missing or unreadable: delete ${dir} to make a new authority (then trust the new ${FILES.ca})`);
    }
  };
  const ca = { cert: read(FILES.ca), key: read(FILES.caKey) };
  const caX509 = new X509Certificate(ca.cert);
  if (Date.parse(caX509.validTo) <= now.getTime()) {
    throw new Error(
      `the local certificate authority ${join(dir, FILES.ca)} expired on ${caX509.validTo}: delete ${dir} to make a new one (then trust the new ${FILES.ca})`,
    );
  }
  const key = read(FILES.key);
  let cert = read(FILES.cert);
  if (!serverCertificateFits(cert, caX509, wanted, now)) {
    cert = makeServerCertificate(ca, wanted, now, key).cert;
    // Written beside, then renamed over: a reader never sees half a certificate.
    const next = join(dir, `${FILES.cert}.${process.pid}.${randomBytes(4).toString('hex')}`);
    writeFileSync(next, cert, { mode: 0o644 });
    renameSync(next, join(dir, FILES.cert));
    if (created === 'nothing') created = 'server';
  }
  const onDemand = new Map<string, SecureContext>();
  return {
    dir,
    caPath: localTlsCaPath(dataDir),
    ca: ca.cert,
    key,
    cert,
    created,
    serverOptions() {
      const main = createSecureContext({ key, cert });
      const covered = new X509Certificate(cert);
      return {
        key,
        cert,
        SNICallback(servername, cb) {
          const name = servername.toLowerCase();
          if (!name.endsWith('.localhost') || covered.checkHost(name, { wildcards: false }) !== undefined) return cb(null, main);
          let ctx = onDemand.get(name);
          if (!ctx) {
            // Bounded: a client naming many hosts cannot grow this without limit.
            if (onDemand.size >= 1000) onDemand.clear();
            ctx = createSecureContext({ key, cert: makeServerCertificate(ca, uniqueNames([...wanted, name]), new Date(), key).cert });
            onDemand.set(name, ctx);
          }
          cb(null, ctx);
        },
      };
    },
  };
}

/** Host names and IP addresses, lower-cased, without ports or brackets, each once; `0.0.0.0` and `::` are not names. */
function uniqueNames(names: readonly string[]): string[] {
  const out = new Set<string>();
  for (const raw of names) {
    let n = raw.trim().toLowerCase();
    const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(n);
    if (bracketed) n = bracketed[1]!;
    else if (isIP(n) !== 6) n = n.replace(/:\d+$/, '');
    if (!n || n === '0.0.0.0' || n === '::') continue;
    out.add(n);
  }
  return [...out];
}

/** Issued by this authority, valid for RENEW_DAYS more, and listing every wanted name. */
function serverCertificateFits(pem: string, ca: X509Certificate, wanted: string[], now: Date): boolean {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pem);
  } catch {
    return false;
  }
  if (!cert.checkIssued(ca) || !cert.verify(ca.publicKey)) return false;
  if (Date.parse(cert.validTo) - now.getTime() < RENEW_DAYS * DAY_MS || Date.parse(cert.validFrom) > now.getTime()) return false;
  const listed = (cert.subjectAltName ?? '').split(', ');
  return wanted.every((n) =>
    isIP(n) ? cert.checkIP(n) !== undefined : n.startsWith('*.') ? listed.includes(`DNS:${n}`) : cert.checkHost(n, { wildcards: false }) === n,
  );
}

interface KeyedCertificate {
  cert: string;
  key: string;
}

function rsaKey(): string {
  return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

function serial(): string {
  // 16 random bytes, high bit clear: a positive INTEGER as RFC 5280 asks.
  const b = randomBytes(16);
  b[0] = b[0]! & 0x7f;
  return b.toString('hex');
}

function pem(cert: forge.pki.Certificate): string {
  return forge.pki.certificateToPem(cert).replace(/\r\n/g, '\n');
}

/** A certificate for `key` with a random serial, valid from an hour before `now` for `days` days. */
function newCertificate(key: string, now: Date, days: number): { cert: forge.pki.Certificate; privateKey: forge.pki.rsa.PrivateKey } {
  const privateKey = forge.pki.privateKeyFromPem(key) as forge.pki.rsa.PrivateKey;
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.rsa.setPublicKey(privateKey.n, privateKey.e);
  cert.serialNumber = serial();
  cert.validity.notBefore = new Date(now.getTime() - 3_600_000);
  cert.validity.notAfter = new Date(now.getTime() + days * DAY_MS);
  return { cert, privateKey };
}

function makeAuthority(now: Date): KeyedCertificate {
  const key = rsaKey();
  const { cert, privateKey } = newCertificate(key, now, CA_DAYS);
  // Named after the machine and the day it was made, so a user can tell it apart in a trust store.
  const subject = [
    { name: 'organizationName', value: 'Gatehouse local development CA' },
    { name: 'organizationalUnitName', value: `${hostname()} ${now.toISOString().slice(0, 10)}`.slice(0, 64) },
    { name: 'commonName', value: 'Gatehouse local CA' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(privateKey, forge.md.sha256.create());
  return { cert: pem(cert), key };
}

function makeServerCertificate(ca: KeyedCertificate, names: string[], now: Date, key: string = rsaKey()): KeyedCertificate {
  const caCert = forge.pki.certificateFromPem(ca.cert);
  const { cert } = newCertificate(key, now, LEAF_DAYS);
  cert.setSubject([
    { name: 'organizationName', value: 'Gatehouse local development certificate' },
    { name: 'commonName', value: names.find((n) => !isIP(n) && !n.startsWith('*.')) ?? 'localhost' },
  ]);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: names.map((n) => (isIP(n) ? { type: 7, ip: n } : { type: 2, value: n })) },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(ca.key), forge.md.sha256.create());
  return { cert: pem(cert), key };
}
