import { ConcurrencyLimit } from './concurrency-limit.js';

/** A task that finishes when told to, recording when it started. */
function deferred(started: number[], id: number) {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return { task: () => (started.push(id), done.then(() => id)), finish };
}

describe('ConcurrencyLimit', () => {
  it('runs at most `limit` tasks at once and starts the others in arrival order as slots free up', async () => {
    const limit = new ConcurrencyLimit(2);
    const started: number[] = [];
    const tasks = [1, 2, 3, 4, 5].map((id) => deferred(started, id));
    const results = tasks.map(({ task }) => limit.run(task));
    await Promise.resolve();
    expect(started).toEqual([1, 2]);
    expect(limit.load).toEqual({ running: 2, waiting: 3 });

    tasks[1].finish();
    await expect(results[1]).resolves.toBe(2);
    await new Promise(setImmediate);
    expect(started).toEqual([1, 2, 3]);

    tasks[0].finish();
    tasks[2].finish();
    await new Promise(setImmediate);
    expect(started).toEqual([1, 2, 3, 4, 5]);
    tasks[3].finish();
    tasks[4].finish();
    await expect(Promise.all(results)).resolves.toEqual([1, 2, 3, 4, 5]);
    expect(limit.load).toEqual({ running: 0, waiting: 0 });
  });

  it('frees the slot of a task that fails, and passes the failure on', async () => {
    const limit = new ConcurrencyLimit(1);
    const failing = limit.run(() => Promise.reject(new Error('hash failed')));
    const next = limit.run(() => Promise.resolve('ran'));
    await expect(failing).rejects.toThrow('hash failed');
    await expect(next).resolves.toBe('ran');
    expect(limit.load).toEqual({ running: 0, waiting: 0 });
  });

  it('a burst of 50 never has more than `limit` running', async () => {
    const limit = new ConcurrencyLimit(3);
    let peak = 0;
    let now = 0;
    await Promise.all(
      Array.from({ length: 50 }, () =>
        limit.run(async () => {
          now++;
          peak = Math.max(peak, now);
          await new Promise(setImmediate);
          now--;
        }),
      ),
    );
    expect(peak).toBe(3);
  });
});
