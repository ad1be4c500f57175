import { decoyHash, hashPassword, SCRYPT_PARAMS, verifyPassword } from './password-hash';

describe('password hashes (scrypt, per-user salt, parameters stored with the hash)', () => {
  it('verifies the password it was made from and nothing else', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(stored).toMatch(new RegExp(`^scrypt\\$${SCRYPT_PARAMS.N}\\$${SCRYPT_PARAMS.r}\\$${SCRYPT_PARAMS.p}\\$[A-Za-z0-9_-]+\\$[A-Za-z0-9_-]+$`));
    expect(stored).not.toContain('correct horse');
    expect(await verifyPassword('correct horse battery staple', stored)).toBe(true);
    expect(await verifyPassword('correct horse battery stapler', stored)).toBe(false);
  });

  it('salts each hash', async () => {
    expect(await hashPassword('same')).not.toBe(await hashPassword('same'));
  });

  it('reads the parameters from the stored hash', async () => {
    const stored = await hashPassword('pw');
    const [, , r, p, salt, key] = stored.split('$');
    // Same salt and key with other parameters: no longer the same password.
    expect(await verifyPassword('pw', ['scrypt', 1024, r, p, salt, key].join('$'))).toBe(false);
  });

  it.each(['', 'bcrypt$x', 'scrypt$a$b$c$d$e', 'scrypt$16384$8$1$c2FsdA$'])('never matches a malformed stored value %p', async (stored) => {
    expect(await verifyPassword('pw', stored)).toBe(false);
  });

  it('the decoy an unknown user is checked against costs a real scrypt (same parameters), is made once, and matches no empty or common password', async () => {
    const decoy = await decoyHash();
    expect(decoy.split('$').slice(0, 4)).toEqual(['scrypt', String(SCRYPT_PARAMS.N), String(SCRYPT_PARAMS.r), String(SCRYPT_PARAMS.p)]);
    expect(await decoyHash()).toBe(decoy);
    for (const pw of ['', 'password', 'undefined']) expect(await verifyPassword(pw, decoy)).toBe(false);
  });
});
