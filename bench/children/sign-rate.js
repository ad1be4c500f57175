'use strict';
/**
 * Anchor: the raw single-thread RS256 sign rate. Signs access-token-shaped JWTs one after another (one
 * signature in flight: one thread signing at any time) with jose, the library Gatehouse signs with, and
 * a 2048-bit RSA KeyObject (Gatehouse's key size), for SECONDS seconds; prints `{"signs":n,"seconds":s}`.
 * A sample of the signatures is verified before the figure is trusted.
 */
const { generateKeyPairSync } = require('crypto');

async function main() {
  const { SignJWT, jwtVerify } = await import('jose');
  const seconds = Number(process.env.SECONDS || 5);
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    iss: 'https://bench.example.com/',
    sub: 'qZ0n7xYbXo2LwM4cVt8sR1aPfEe9HuKj@clients',
    aud: 'https://api.bench.example.com/',
    iat: now,
    exp: now + 86400,
    scope: 'read:things write:things',
    gty: 'client-credentials',
    azp: 'qZ0n7xYbXo2LwM4cVt8sR1aPfEe9HuKj',
  };
  const sign = () => new SignJWT({ ...claims, jti: String(Math.random()) }).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: 'bench' }).sign(privateKey);
  for (let i = 0; i < 50; i++) await sign(); // warm-up
  const started = process.hrtime.bigint();
  const deadline = started + BigInt(Math.round(seconds * 1e9));
  let signs = 0;
  let last;
  while (process.hrtime.bigint() < deadline) {
    last = await sign();
    signs++;
  }
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  await jwtVerify(last, publicKey, { issuer: claims.iss, audience: claims.aud });
  process.stdout.write(`${JSON.stringify({ signs, seconds: elapsed })}\n`);
}

main().catch((e) => {
  process.stderr.write(`${e.stack}\n`);
  process.exit(1);
});
