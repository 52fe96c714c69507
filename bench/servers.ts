import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';

/** taskset from util-linux, when there: servers on one core, the load on the others. */
export const canPin =
  spawnSync('taskset', ['-V'], { stdio: 'ignore' }).status === 0 && availableParallelism() > 1;
export const SERVER_CPU = '0';
export const LOAD_CPUS = `1-${availableParallelism() - 1}`;
/** The cores a server may use: the ideal of logins is these ÷ one hash's time. */
export const serverCores = canPin ? 1 : availableParallelism();

export interface Server {
  base: string;
  pid: number;
  /** Spawn to the first 200 on /health, in milliseconds. */
  startMs: number;
  /** Resident memory now, in MB. */
  rssMb(): number;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
  const { port } = probe.address() as { port: number };
  await new Promise((done) => probe.close(done));
  return port;
}

/** `node <script>` on a free port (pinned to SERVER_CPU when it can be), once it answers GET /health. */
export async function startServer(script: string, env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const command = canPin
    ? ['taskset', ['-c', SERVER_CPU, process.execPath, script]]
    : [process.execPath, [script]];
  const started = performance.now();
  const child: ChildProcess = spawn(command[0] as string, command[1] as string[], {
    env: { PATH: process.env.PATH, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`${script} exited (${child.exitCode}): ${errors}`);
    }
    const up = await fetch(`${base}/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (up) {
      break;
    }
    await sleep(10);
  }
  const startMs = performance.now() - started;
  return {
    base,
    pid: child.pid!,
    startMs,
    rssMb: () =>
      Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((done) => (child.exitCode !== null ? done(null) : child.once('exit', done)));
    },
  };
}
