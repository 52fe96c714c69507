import { AppError } from '../common/app-error.js';
import { BookingQueue } from './booking-queue.js';

/** A piece of work that records when it starts and ends, and ends when told to. */
function step(log: string[], name: string): { work: () => Promise<string>; finish: () => void } {
  let finish = (): void => undefined;
  const ended = new Promise<void>((resolve) => (finish = resolve));
  return {
    work: async () => {
      log.push(`${name} starts`);
      await ended;
      log.push(`${name} ends`);
      return name;
    },
    finish: () => finish(),
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('BookingQueue', () => {
  it('runs the bookings of one person one at a time, in arrival order', async () => {
    const sut = new BookingQueue();
    const log: string[] = [];
    const [a, b] = [step(log, 'a'), step(log, 'b')];
    const results = Promise.all([sut.run(['doctor'], 1000, a.work), sut.run(['doctor'], 1000, b.work)]);
    await tick();
    expect(log).toEqual(['a starts']);
    a.finish();
    await tick();
    expect(log).toEqual(['a starts', 'a ends', 'b starts']);
    b.finish();
    await expect(results).resolves.toEqual(['a', 'b']);
  });

  it('runs the bookings of different people at the same time', async () => {
    const sut = new BookingQueue();
    const log: string[] = [];
    const [a, b] = [step(log, 'a'), step(log, 'b')];
    const results = Promise.all([sut.run(['d1', 'p1'], 1000, a.work), sut.run(['d2', 'p2'], 1000, b.work)]);
    await tick();
    expect(log).toEqual(['a starts', 'b starts']);
    a.finish();
    b.finish();
    await expect(results).resolves.toEqual(['a', 'b']);
  });

  it('never lets two bookings wait for each other crosswise (people taken in one order)', async () => {
    const sut = new BookingQueue();
    const log: string[] = [];
    const [a, b] = [step(log, 'a'), step(log, 'b')];
    const results = Promise.all([sut.run(['x', 'y'], 1000, a.work), sut.run(['y', 'x'], 1000, b.work)]);
    await tick();
    a.finish();
    b.finish();
    await expect(results).resolves.toEqual(['a', 'b']);
    expect(log).toEqual(['a starts', 'a ends', 'b starts', 'b ends']);
  });

  it('gives up with 503 after maxWaitMs, and those behind still get their turn', async () => {
    const sut = new BookingQueue();
    const log: string[] = [];
    const [slow, quick] = [step(log, 'slow'), step(log, 'quick')];
    const first = sut.run(['doctor'], 1000, slow.work);
    const impatient = sut.run(['doctor'], 20, () => Promise.resolve('never'));
    const last = sut.run(['doctor'], 1000, quick.work);
    await expect(impatient).rejects.toEqual(new AppError('SERVICE_UNAVAILABLE', [], 5));
    slow.finish();
    await expect(first).resolves.toBe('slow');
    quick.finish();
    await expect(last).resolves.toBe('quick');
  });

  it('ends the turn of a booking that fails', async () => {
    const sut = new BookingQueue();
    await expect(sut.run(['doctor'], 1000, () => Promise.reject(new Error('conflict')))).rejects.toThrow(
      'conflict',
    );
    await expect(sut.run(['doctor'], 1000, () => Promise.resolve('next'))).resolves.toBe('next');
    await tick();
    expect((sut as unknown as { tails: Map<string, unknown> }).tails.size).toBe(0);
  });
});
