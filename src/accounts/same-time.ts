import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A public request whose answer must not tell whether an account exists (forgot password, resend verification) is
 * answered no sooner than this after it arrived, whether or not a mail was queued: its time tells nothing either.
 */
export const SAME_TIME_MS = 250;

/** Runs `work`, then waits until SAME_TIME_MS have passed since the start. */
export async function inSameTime(work: () => Promise<void>): Promise<void> {
  const answerAt = Date.now() + SAME_TIME_MS;
  await work();
  await sleep(Math.max(0, answerAt - Date.now()));
}
