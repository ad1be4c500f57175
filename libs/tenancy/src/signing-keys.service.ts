import { Inject, Injectable } from '@nestjs/common';
import { createPrivateKey, createPublicKey, generateKeyPair, KeyObject } from 'crypto';
import { promisify } from 'util';
import { exportJWK, JWK } from 'jose';
import { newId, SecretBox } from '@gatehouse/persistence';
import { SigningKeyRow } from '@gatehouse/schemas';
import { Clock } from './clock';
import { SigningCertificate, selfSignedCertificate } from './signing-cert';
import { SigningKeysRepository } from './signing-keys.repository';

const generateRsa = promisify(generateKeyPair);

export interface SigningKey {
  kid: string;
  alg: 'RS256';
  privateKey: KeyObject;
}

interface TenantKeys {
  current: SigningKey;
  certificates: SigningCertificate[];
  publicByKid: Map<string, KeyObject>;
  jwks: JWK[];
}

/**
 * Per-tenant RS256 key pairs. Private keys are stored encrypted; each tenant's keys are parsed once
 * per process and kept (the database stays the source of truth, so instances share keys).
 */
@Injectable()
export class SigningKeysService {
  private readonly cache = new Map<string, Promise<TenantKeys>>();

  constructor(
    @Inject(SigningKeysRepository) private readonly repo: SigningKeysRepository,
    @Inject(SecretBox) private readonly box: SecretBox,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** A fresh key pair row for a new tenant (inserted by the caller's transaction). */
  async newKeyRow(tenantId: string, domain: string): Promise<SigningKeyRow> {
    const { privateKey, publicKey } = await generateRsa('rsa', { modulusLength: 2048 });
    const kid = newId.signingKey();
    const jwk = await exportJWK(publicKey);
    const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const certificate = selfSignedCertificate(privatePem, publicKey.export({ type: 'spki', format: 'pem' }).toString(), domain, this.clock.now());
    return {
      id: kid,
      tenant_id: tenantId,
      kid,
      alg: 'RS256',
      public_jwk: { ...jwk, kid, alg: 'RS256', use: 'sig' },
      private_key_enc: this.box.seal(privatePem),
      certificate,
      current: true,
      created_at: this.clock.now().toISOString(),
    };
  }

  async currentKey(tenantId: string): Promise<SigningKey> {
    return (await this.load(tenantId)).current;
  }

  async publicKey(tenantId: string, kid: string): Promise<KeyObject | undefined> {
    return (await this.load(tenantId)).publicByKid.get(kid);
  }

  /** The tenant's signing certificates, as clients report them in `signing_keys`. */
  async certificates(tenantId: string): Promise<SigningCertificate[]> {
    return (await this.load(tenantId)).certificates;
  }

  async jwks(tenantId: string): Promise<{ keys: JWK[] }> {
    return { keys: (await this.load(tenantId)).jwks };
  }

  private load(tenantId: string): Promise<TenantKeys> {
    let entry = this.cache.get(tenantId);
    if (!entry) {
      entry = this.read(tenantId);
      this.cache.set(tenantId, entry);
      entry.catch(() => this.cache.delete(tenantId));
    }
    return entry;
  }

  private async read(tenantId: string): Promise<TenantKeys> {
    const rows = await this.repo.list(tenantId);
    const current = rows.filter((r) => r.current).pop();
    if (!current) throw new Error(`tenant ${tenantId} has no current signing key`);
    const publicByKid = new Map<string, KeyObject>();
    for (const r of rows) publicByKid.set(r.kid, createPublicKey({ key: r.public_jwk as JWK & { kty: string }, format: 'jwk' }));
    return {
      current: { kid: current.kid, alg: 'RS256', privateKey: createPrivateKey(this.box.open(current.private_key_enc)) },
      publicByKid,
      jwks: rows.map((r) => r.public_jwk as JWK),
      certificates: rows.map((r) => r.certificate as SigningCertificate | null).filter((c): c is SigningCertificate => !!c),
    };
  }
}
