import { closeSync, existsSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** The run's shared folder, made by global-setup.js and removed by global-teardown.js; unset without them. */
export const RUN_DIR = process.env.VITALIS_TEST_RUN_DIR;

/**
 * Does `make` once per `npm test`, however many files in however many workers ask: the first takes a lock file in
 * the run's folder and makes it; the others wait until it is done (or, should it fail and give the lock back, take
 * the lock and try themselves). Without the run's folder (Jest started without the global setup), every call makes.
 */
export async function oncePerRun(name: string, make: () => Promise<void>): Promise<void> {
  if (!RUN_DIR) {
    await make();
    return;
  }
  const done = join(RUN_DIR, `${name}.done`);
  const lock = join(RUN_DIR, `${name}.lock`);
  while (!existsSync(done)) {
    let owner: number;
    try {
      owner = openSync(lock, 'wx');
    } catch {
      await sleep(100);
      continue;
    }
    try {
      await make();
      writeFileSync(done, '');
    } finally {
      closeSync(owner);
      rmSync(lock, { force: true });
    }
  }
}
