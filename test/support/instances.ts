import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildOnce, freePort } from './built-server.js';

/** The test's stand-in for systemd: restart-instance.sh DIR HOST:PORT. */
export const RESTART_SCRIPT = resolve('test/support/restart-instance.sh');

/** Instances of the built server, each on its port, run the way deploy/vitalis@.service runs them. */
export interface Instances {
  addresses: string[];
  /** `restart-instance.sh DIR` (the address follows), as deploy/rolling-restart.sh's RESTART. */
  restartCommand: string;
  /** What instance `address` logged so far (every process it has been). */
  log(address: string): string;
  stop(): void;
}

async function ready(address: string): Promise<void> {
  for (let tries = 0; tries < 600; tries++) {
    const status = await fetch(`http://${address}/health/ready`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) {
      return;
    }
    await sleep(100);
  }
  throw new Error(`${address} was not ready within a minute`);
}

/** `count` production instances on DATABASE_URL, started one after another (the first migrates), all ready. */
export async function startInstances(
  dir: string,
  count: number,
  env: Record<string, string>,
): Promise<Instances> {
  await buildOnce();
  const addresses: string[] = [];
  for (let i = 0; i < count; i++) {
    const address = `127.0.0.1:${await freePort()}`;
    const port = address.split(':')[1];
    const settings = { ...env, HOST: '127.0.0.1', PORT: port, PATH: process.env.PATH ?? '' };
    writeFileSync(
      join(dir, `${port}.env`),
      Object.entries(settings)
        .map(([name, value]) => `${name}='${value}'`)
        .join('\n'),
    );
    execFileSync('bash', [RESTART_SCRIPT, dir, address]);
    await ready(address);
    addresses.push(address);
  }
  const file = (address: string, extension: string) => join(dir, `${address.split(':')[1]}.${extension}`);
  return {
    addresses,
    restartCommand: `bash ${RESTART_SCRIPT} ${dir}`,
    log: (address) => (existsSync(file(address, 'log')) ? readFileSync(file(address, 'log'), 'utf8') : ''),
    stop() {
      for (const address of addresses) {
        try {
          process.kill(Number(readFileSync(file(address, 'pid'), 'utf8')), 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
    },
  };
}
