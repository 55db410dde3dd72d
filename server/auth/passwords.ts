import { ServiceError } from '../errors';
import COMMON from './common-passwords.json';

/**
 * What a new password must be: at least MIN_PASSWORD_LENGTH characters and not one of the
 * passwords people use most. `common-passwords.json` is data: the 10,000 most frequent entries
 * of the ranked `passwords.json` shipped by the npm package @zxcvbn-ts/language-common 4.1.3
 * (MIT; zxcvbn-ts builds it from public leaked-password frequency lists), plus every entry of
 * that list with 10 or more characters (11,412 entries, lower-cased). Matching is
 * case-insensitive and ignores surrounding spaces.
 */
export const MIN_PASSWORD_LENGTH = 10;

const common: ReadonlySet<string> = new Set(COMMON as string[]);

export const isCommonPassword = (password: string): boolean => common.has(password.trim().toLowerCase());

/** Why `password` may not be set, or null when it may. */
export function passwordProblem(password: string): { code: 'BAD_REQUEST' | 'PASSWORD_TOO_COMMON'; message: string } | null {
  if (password.length < MIN_PASSWORD_LENGTH) return { code: 'BAD_REQUEST', message: `A password needs at least ${MIN_PASSWORD_LENGTH} characters` };
  if (isCommonPassword(password)) return { code: 'PASSWORD_TOO_COMMON', message: 'This password is one of the most common ones; choose another' };
  return null;
}

export function assertAcceptablePassword(password: string): void {
  const problem = passwordProblem(password);
  if (problem) throw new ServiceError(problem.code, problem.message);
}
