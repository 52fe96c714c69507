import { setTimeout as sleep } from 'node:timers/promises';
import { isPermanent, shortReason } from './startup-errors.js';

export const CONNECT_ATTEMPTS = 10;
const CONNECT_RETRY_MS = 3000;

/**
 * Runs `attempt` until it succeeds, at most CONNECT_ATTEMPTS times, CONNECT_RETRY_MS apart, saying one line per
 * retry (the database may be starting next to us). An error no retry can fix is thrown at once.
 */
export async function withRetries<T>(
  attempt: () => Promise<T>,
  onRetry: (line: string) => void,
  delayMs = CONNECT_RETRY_MS,
): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (isPermanent(error) || tries >= CONNECT_ATTEMPTS) {
        throw error;
      }
      onRetry(
        `database not reachable (${shortReason(error)}): try ${tries + 1} of ${CONNECT_ATTEMPTS} in ${delayMs / 1000} s`,
      );
      await sleep(delayMs);
    }
  }
}
