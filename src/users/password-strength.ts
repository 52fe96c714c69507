import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

/** zxcvbn's scale 0..4: below 2 is a common password or a trivial variation of one (ASVS 6.2.11–12). */
const MIN_SCORE = 2;

let checker: ZxcvbnFactory | null = null;

/**
 * True unless the password is a common one (zxcvbn's lists, no network) or as easy to guess. Callers pass at
 * most 72 bytes (bcrypt's limit), which keeps zxcvbn's matching, super-linear in length, cheap.
 */
export function isStrongEnough(password: string): boolean {
  checker ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });
  return checker.check(password).score >= MIN_SCORE;
}
