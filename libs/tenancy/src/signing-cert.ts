import forge from 'node-forge';
import { createHash } from 'crypto';

export interface SigningCertificate {
  cert: string;
  pkcs7: string;
  subject: string;
}

/**
 * The self-signed X.509 certificate Auth0 publishes for a tenant signing key (a client's
 * `signing_keys`), with its PKCS#7 wrapping. Made once when the key is made, then stored.
 */
export function selfSignedCertificate(privateKeyPem: string, publicKeyPem: string, domain: string, notBefore: Date): SigningCertificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKeyPem);
  // A positive serial from the key itself: stable, unique per key.
  cert.serialNumber = `01${createHash('sha256').update(publicKeyPem).digest('hex').slice(0, 30)}`;
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = new Date(notBefore.getTime() + 10 * 365 * 86400_000);
  const attrs = [{ name: 'commonName', value: domain.replace(/:\d+$/, '') }];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.sign(forge.pki.privateKeyFromPem(privateKeyPem), forge.md.sha256.create());
  const p7 = forge.pkcs7.createSignedData();
  p7.addCertificate(cert);
  return {
    cert: forge.pki.certificateToPem(cert).replace(/\r\n/g, '\n'),
    pkcs7: forge.pkcs7.messageToPem(p7).replace(/\r\n/g, '\n'),
    subject: `/CN=${domain.replace(/:\d+$/, '')}`,
  };
}
