import { hashSecret, newSecret, pkceVerified, sameSecret } from './secrets';

// RFC 7636 Appendix B.
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

describe('secrets', () => {
  it('are 256 random bits, base64url, never twice the same', () => {
    const a = newSecret();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newSecret()).not.toBe(a);
  });
  it('are stored as SHA-256 hex', () => {
    expect(hashSecret('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
  it.each([
    ['a', 'a', true],
    ['a', 'b', false],
    ['a', 'aa', false],
  ])('sameSecret(%s, %s) = %s', (a, b, same) => expect(sameSecret(a, b)).toBe(same));
});

describe('pkceVerified (RFC 7636)', () => {
  it.each([
    ['the RFC example, S256', VERIFIER, CHALLENGE, 'S256', true],
    ['a wrong verifier', VERIFIER.replace('d', 'e'), CHALLENGE, 'S256', false],
    ['plain, equal', VERIFIER, VERIFIER, 'plain', true],
    ['plain, the challenge of S256', VERIFIER, CHALLENGE, 'plain', false],
    ['a short verifier', 'abc', 'abc', 'plain', false],
    ['a verifier with a space', `${VERIFIER} x`, `${VERIFIER} x`, 'plain', false],
    ['no verifier', undefined, CHALLENGE, 'S256', false],
    ['a non-string verifier', ['x'], CHALLENGE, 'S256', false],
    ['an unknown method', VERIFIER, CHALLENGE, 'S512', false],
  ])('%s', (_n, verifier, challenge, method, ok) => {
    expect(pkceVerified(verifier, challenge as string, method as string)).toBe(ok);
  });
});
