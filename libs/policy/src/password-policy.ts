/**
 * Auth0's password policies for database connections (`options.passwordPolicy`, with
 * `options.password_complexity_options.min_length` overriding the length), as data: what each level
 * demands of a new password. An unset policy demands nothing, as `none` does.
 */
export const PASSWORD_POLICIES = ['none', 'low', 'fair', 'good', 'excellent'] as const;
export type PasswordPolicy = (typeof PASSWORD_POLICIES)[number];

type CharacterClass = 'lower' | 'upper' | 'digit' | 'special';

interface PasswordRule {
  minLength: number;
  /** Of `classes`, at least `atLeast` must appear. */
  classes: readonly CharacterClass[];
  atLeast: number;
  /** The most identical characters allowed in a row (excellent: 2). */
  maxRepeated?: number;
}

export const PASSWORD_RULES: Record<PasswordPolicy, PasswordRule> = {
  none: { minLength: 1, classes: [], atLeast: 0 },
  low: { minLength: 6, classes: [], atLeast: 0 },
  fair: { minLength: 8, classes: ['lower', 'upper', 'digit'], atLeast: 3 },
  good: { minLength: 8, classes: ['lower', 'upper', 'digit', 'special'], atLeast: 3 },
  excellent: { minLength: 10, classes: ['lower', 'upper', 'digit', 'special'], atLeast: 3, maxRepeated: 2 },
};

/** Auth0 refuses longer passwords whatever the policy (bcrypt's input limit, kept for fidelity). */
export const PASSWORD_MAX_BYTES = 72;

const CLASS_TEST: Record<CharacterClass, RegExp> = {
  lower: /[a-z]/,
  upper: /[A-Z]/,
  digit: /[0-9]/,
  special: /[^A-Za-z0-9]/,
};

/** Whether `password` satisfies the policy; `minLength` is the connection's override, when set. */
export function passwordAccepted(password: string, policy: PasswordPolicy | undefined, minLength?: number): boolean {
  if (new TextEncoder().encode(password).length > PASSWORD_MAX_BYTES) return false;
  const rule = PASSWORD_RULES[policy ?? 'none'];
  if ([...password].length < Math.max(minLength ?? rule.minLength, 1)) return false;
  if (rule.classes.filter((c) => CLASS_TEST[c].test(password)).length < rule.atLeast) return false;
  if (rule.maxRepeated !== undefined && new RegExp(`(.)\\1{${rule.maxRepeated}}`, 'u').test(password)) return false;
  return true;
}
