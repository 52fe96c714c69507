import { Agent, request } from 'node:http';

/** What a request loop saw. */
export interface LoopTally {
  /** Answers by status. */
  statuses: Record<number, number>;
  /**
   * Requests sent again because their kept-alive connection was closed under them before any answer (a reloading
   * nginx closes idle connections): HTTP clients resend an idempotent request then (RFC 9112, 9.3.1).
   */
  resent: number;
  /** Requests lost: errors other than that, or a resend that failed again. */
  failures: string[];
}

function get(agent: Agent, url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const call = request(url, { agent, headers }, (response) => {
      response.resume();
      response.once('error', reject);
      response.once('end', () => resolve(response.statusCode ?? 0));
    });
    call.once('error', (error: Error) => reject(Object.assign(error, { reused: call.reusedSocket })));
    call.end();
  });
}

/** `clients` kept-alive clients sending GET `url` one after another until `stop()`. */
export function requestLoop(
  url: string,
  headers: Record<string, string>,
  clients: number,
): { answered(): number; stop(): Promise<LoopTally> } {
  const tally: LoopTally = { statuses: {}, resent: 0, failures: [] };
  let answered = 0;
  let stopped = false;
  const loops = Array.from({ length: clients }, async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    let resending = false;
    while (!stopped) {
      try {
        const status = await get(agent, url, headers);
        tally.statuses[status] = (tally.statuses[status] ?? 0) + 1;
        answered++;
        resending = false;
      } catch (error) {
        const { reused, code, message } = error as NodeJS.ErrnoException & { reused: boolean };
        if (reused && !resending) {
          tally.resent++;
          resending = true;
        } else {
          tally.failures.push(code ?? message);
          resending = false;
        }
      }
    }
    agent.destroy();
  });
  return {
    answered: () => answered,
    async stop() {
      stopped = true;
      await Promise.all(loops);
      return tally;
    },
  };
}
