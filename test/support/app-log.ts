import { EventEmitter } from 'node:events';
import type { DestinationStream } from 'pino';

/** One line of the app's log: pino's JSON fields, or `{ level, msg }` for a plain start-up line. */
export type LogLine = Record<string, unknown> & { level?: number; msg?: string };

/** pino's number for the error level: lines at or above it are errors. */
export const ERROR_LEVEL = 50;

const PLAIN_LEVELS: Record<string, number> = { TRACE: 10, DEBUG: 20, WARN: 40, ERROR: 50, FATAL: 60 };

/**
 * Where a test app writes its log: kept in memory, never on the console, so a suite's output is the runner's lines
 * and a test can still read what the app said (a request's line, an error's stack).
 */
export class AppLog implements DestinationStream {
  private raw = '';
  private readonly written = new EventEmitter();

  write(chunk: string): void {
    this.raw += chunk;
    this.written.emit('line');
  }

  /** Everything written so far, as written. */
  get text(): string {
    return this.raw;
  }

  /** The lines written since `mark` (a `text.length` taken earlier), parsed. */
  lines(mark = 0): LogLine[] {
    return this.raw
      .slice(mark)
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        try {
          return JSON.parse(line) as LogLine;
        } catch {
          // A start-up line (BootLogger): "WARN [Database] ...", or no level word for info.
          const word = /^([A-Z]+) /.exec(line)?.[1] ?? '';
          return { level: PLAIN_LEVELS[word] ?? 30, msg: line };
        }
      });
  }

  /** The error lines (level 50 and above) written since `mark`. */
  errors(mark = 0): LogLine[] {
    return this.lines(mark).filter((line) => (line.level ?? 0) >= ERROR_LEVEL);
  }

  /**
   * Resolves once the log holds `text`: the request's line is written when the response has finished, just
   * after the client has it, so this waits for the write itself. Fails, saying so, if it has not come within
   * `withinMs`: a bound far above the milliseconds it takes even on a busy machine, there for a readable failure.
   */
  async waitFor(text: string, withinMs = 15_000): Promise<void> {
    const deadline = Date.now() + withinMs;
    while (!this.raw.includes(text)) {
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(`the app's log has no ${JSON.stringify(text)} after ${withinMs} ms`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.written.once('line', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}
