import { AppError } from '../common/app-error.js';

/**
 * Within one instance, bookings that involve the same person (doctor or patient) take turns in memory, before they
 * take a database connection: a crowd booking one slot waits here, not in 100 transactions that each hold one of
 * the pool's few connections while blocked on a lock (which starves every other request of connections). Turns are
 * taken per person in a fixed order (sorted ids), so two bookings never wait for each other crosswise. Across
 * instances the advisory locks (booking-locks.ts) keep the same order in the database.
 */
export class BookingQueue {
  private readonly tails = new Map<string, Promise<void>>();

  /** Runs `work` when it is the turn of every one of `personIds`; 503 if that takes longer than `maxWaitMs`. */
  async run<T>(personIds: string[], maxWaitMs: number, work: () => Promise<T>): Promise<T> {
    const deadline = Date.now() + maxWaitMs;
    const releases: (() => void)[] = [];
    try {
      for (const id of [...new Set(personIds)].sort()) {
        releases.push(await this.turnOf(id, deadline));
      }
      return await work();
    } finally {
      for (const release of releases) {
        release();
      }
    }
  }

  /** Waits for this person's earlier bookings; gives the function that ends this one's turn. */
  private async turnOf(id: string, deadline: number): Promise<() => void> {
    const previous = this.tails.get(id) ?? Promise.resolve();
    let release = (): void => undefined;
    const done = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => done);
    this.tails.set(id, tail);
    void tail.then(() => {
      if (this.tails.get(id) === tail) {
        this.tails.delete(id);
      }
    });
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), Math.max(0, deadline - Date.now()));
    });
    const gaveUp = await Promise.race([previous.then(() => false), late]);
    clearTimeout(timer);
    if (gaveUp) {
      // Those queued behind this one must not wait for a turn nobody takes.
      void previous.then(release);
      throw new AppError('SERVICE_UNAVAILABLE', [], 5);
    }
    return release;
  }
}
