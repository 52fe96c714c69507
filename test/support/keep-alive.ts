import { Agent, request } from 'node:http';

/** One answer a keep-alive client got: its status, and whether it told the client to close the connection. */
export interface KeptAliveAnswer {
  status: number;
  close: boolean;
}

/** What one looping client saw: its answers in order, and the error that ended the loop. */
export interface KeptAliveOutcome {
  answers: KeptAliveAnswer[];
  /** `ECONNREFUSED`: the next request found no server and was never sent. Anything else lost a request. */
  error: string;
}

/** GET `url` over `agent`'s kept-alive connection (a new one if it has none open). */
export function keptAliveGet(
  agent: Agent,
  url: string,
  headers: Record<string, string> = {},
): Promise<KeptAliveAnswer> {
  return new Promise((resolve, reject) => {
    const call = request(url, { agent, headers }, (response) => {
      response.resume();
      response.once('error', reject);
      response.once('end', () =>
        resolve({ status: response.statusCode ?? 0, close: response.headers.connection === 'close' }),
      );
    });
    call.once('error', reject);
    call.end();
  });
}

/**
 * A client sending GET `url` again as soon as each answer ends, over one kept-alive connection (a new one only
 * when the server closes it), until a request fails. `answered(n)` resolves after its n-th answer, and rejects if
 * the loop ended before.
 */
export function keepAliveLoop(
  url: string,
  headers: Record<string, string> = {},
): { done: Promise<KeptAliveOutcome>; answered(count: number): Promise<void> } {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const answers: KeptAliveAnswer[] = [];
  let waiting: { count: number; resolve: () => void }[] = [];
  const done = (async (): Promise<KeptAliveOutcome> => {
    for (;;) {
      try {
        answers.push(await keptAliveGet(agent, url, headers));
      } catch (error) {
        agent.destroy();
        return { answers, error: (error as NodeJS.ErrnoException).code ?? (error as Error).message };
      }
      waiting.filter((w) => answers.length >= w.count).forEach((w) => w.resolve());
      waiting = waiting.filter((w) => answers.length < w.count);
    }
  })();
  const ended = done.then((outcome) => {
    throw new Error(`the loop ended after ${outcome.answers.length} answers: ${outcome.error}`);
  });
  ended.catch(() => undefined);
  return {
    done,
    answered: (count) =>
      answers.length >= count
        ? Promise.resolve()
        : Promise.race([new Promise<void>((resolve) => waiting.push({ count, resolve })), ended]),
  };
}
