import { passwordAccepted, PasswordPolicy } from './password-policy';

describe('passwordAccepted: Auth0 database connection password policies', () => {
  it.each<[string, PasswordPolicy | undefined, number | undefined, boolean]>([
    ['x', undefined, undefined, true],
    ['', undefined, undefined, false],
    ['x', 'none', undefined, true],
    ['abcde', 'low', undefined, false],
    ['abcdef', 'low', undefined, true],
    ['abcdefgh', 'fair', undefined, false],
    ['abcdEFG1', 'fair', undefined, true],
    ['abcdef1!', 'fair', undefined, false],
    ['abcdefg1', 'good', undefined, false],
    ['abcdef1!', 'good', undefined, true],
    ['Abcdefgh!', 'good', undefined, true],
    ['Abc1!', 'good', undefined, false],
    ['Abcdef1!xy', 'excellent', undefined, true],
    ['Abcdef1!x', 'excellent', undefined, false],
    ['Abcccf1!xy', 'excellent', undefined, false],
    ['Abccdf1!xy', 'excellent', undefined, true],
    ['abcdef1!', 'good', 12, false],
    ['abcdef1!abcd', 'good', 12, true],
    ['ab', 'low', 2, true],
    ['a'.repeat(72), 'none', undefined, true],
    ['a'.repeat(73), 'none', undefined, false],
  ])('%p under %p (min_length %p) → %p', (password, policy, min, accepted) => {
    expect(passwordAccepted(password, policy, min)).toBe(accepted);
  });
});
