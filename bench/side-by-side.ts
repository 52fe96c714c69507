/**
 * The external-load half of `npm run bench` (issue 11): the built server as production runs it, in a child process
 * (pinned to one core when taskset is there), driven by autocannon from this process (on the other cores), against
 * the hand-written baseline (baseline-server.ts) on the same database, interleaved round by round. Figures and
 * ratios only; nothing passes or fails.
 */
import autocannon from 'autocannon';
import bcrypt from 'bcrypt';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { BENCH_PASSWORD, seedAccounts, seedPatient } from './seed-http.js';
import { canPin, LOAD_CPUS, type Server, serverCores, startServer } from './servers.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = 50;
const VITALIS = resolve('dist/src/main.js');
const BASELINE = resolve('dist/bench/baseline-server.js');
const SECRET = 'bench-secret-bench-secret-bench-secret-2026';
const ADMIN_KEY = 'bench-admin-key-2026';
const ROUTES = ['/health', '/auth/me', '/api/appointments'] as const;

const vitalisEnv = (database: Record<string, string>): Record<string, string> => ({
  ...database,
  NODE_ENV: 'production',
  // The bench sends no mail; production refuses to start without SMTP_URL otherwise.
  MAIL_DISABLED: 'true',
  LOG_LEVEL: 'warn',
  JWT_SECRET: SECRET,
  KEY_FOR_ADMIN: ADMIN_KEY,
  // One client address sends everything: the limits would measure themselves.
  AUTH_RATE_LIMIT: '1000000',
  API_RATE_LIMIT: '1000000',
  MAX_UPCOMING_APPOINTMENTS_PER_PATIENT: '100',
});

interface Load {
  rate: number;
  p50: number;
  p99: number;
  failed: number;
}

async function load(
  url: string,
  options: Partial<autocannon.Options> = {},
  seconds = SECONDS,
): Promise<Load> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: seconds, ...options });
  if (result.non2xx + result.errors > 0) {
    console.log(`  (${url}: ${result.errors} errors, statuses ${JSON.stringify(result.statusCodeStats)})`);
  }
  return {
    // Answered requests only: a refusal is quick and would flatter the rate.
    rate: result['2xx'] / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failed: result.non2xx + result.errors,
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const fixed = (value: number, digits = 0) => value.toFixed(digits).padStart(8);

/** Each route on both servers, round after round (a warm-up second first); medians of per-round figures and ratios. */
async function routes(vitalis: Server, baseline: Server, token: string): Promise<Map<string, number>> {
  const rates = new Map<string, number>();
  const headers = { authorization: `Bearer ${token}` };
  console.log(
    `\n${'route'.padEnd(22)} ${'Vitalis req/s'.padStart(14)} p50  p99  | baseline req/s p50  p99  | ratio`,
  );
  for (const route of ROUTES) {
    const mine: Load[] = [];
    const theirs: Load[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const [server, into] of [
        [vitalis, mine],
        [baseline, theirs],
      ] as const) {
        await load(`${server.base}${route}`, { headers }, 1);
        into.push(await load(`${server.base}${route}`, { headers }));
      }
    }
    const ratio = median(mine.map((m, i) => m.rate / theirs[i].rate));
    const m = {
      rate: median(mine.map((l) => l.rate)),
      p50: median(mine.map((l) => l.p50)),
      p99: median(mine.map((l) => l.p99)),
    };
    const t = {
      rate: median(theirs.map((l) => l.rate)),
      p50: median(theirs.map((l) => l.p50)),
      p99: median(theirs.map((l) => l.p99)),
    };
    const failed = [...mine, ...theirs].reduce((sum, l) => sum + l.failed, 0);
    rates.set(route, m.rate);
    console.log(
      `GET ${route.padEnd(18)} ${fixed(m.rate)} ${fixed(m.p50, 0)}ms ${fixed(m.p99, 0)}ms | ${fixed(t.rate)} ${fixed(t.p50, 0)}ms ${fixed(t.p99, 0)}ms | ${ratio.toFixed(2)}x${failed ? `  (${failed} failed)` : ''}`,
    );
  }
  return rates;
}

/** Logins per second at the server's bcrypt cost against the ideal, and a cheap GET's p99 while 20 are in flight. */
async function logins(vitalis: Server, token: string): Promise<void> {
  const rounds = 12; // the default BCRYPT_ROUNDS
  const started = performance.now();
  for (let i = 0; i < 3; i++) {
    await bcrypt.hash('bench', rounds);
  }
  const hashSeconds = (performance.now() - started) / 3000;
  const ideal = serverCores / hashSeconds;
  const emails = await seedAccounts(vitalis.base, 20);
  // Twenty clients, one account each, logging in again and again; one more client on a cheap GET meanwhile.
  const [cheap, ...each] = await Promise.all([
    load(`${vitalis.base}/auth/me`, { connections: 1, headers: { authorization: `Bearer ${token}` } }),
    ...emails.map((email) =>
      load(`${vitalis.base}/auth/login`, {
        method: 'POST',
        connections: 1,
        body: JSON.stringify({ email, password: BENCH_PASSWORD }),
        headers: { 'content-type': 'application/json' },
      }),
    ),
  ]);
  const rate = each.reduce((sum, one) => sum + one.rate, 0);
  console.log(
    `\nlogins (cost ${rounds}, 20 in flight) ${fixed(rate, 1)}/s of an ideal ${ideal.toFixed(1)}/s ` +
      `(${serverCores} core ÷ ${(hashSeconds * 1000).toFixed(0)} ms): ${((100 * rate) / ideal).toFixed(0)} %`,
  );
  console.log(`GET /auth/me meanwhile (one client)    p50 ${cheap.p50} ms, p99 ${cheap.p99} ms`);
}

async function startVitalis(env: Record<string, string>): Promise<{ server: Server; starts: number[] }> {
  // Cold starts: the median of three spawns to the first 200 (already built); the last one serves the load.
  const starts: number[] = [];
  for (let i = 0; i < 2; i++) {
    const server = await startServer(VITALIS, env);
    starts.push(server.startMs);
    await server.stop();
  }
  const server = await startServer(VITALIS, env);
  starts.push(server.startMs);
  return { server, starts };
}

export async function sideBySide(databaseUrl: string | undefined): Promise<void> {
  if (canPin) {
    // The load generator (this process) off the servers' core.
    spawnSync('taskset', ['-a', '-cp', LOAD_CPUS, String(process.pid)], { stdio: 'ignore' });
  }
  console.log(
    `\n== Side by side: ${ROUNDS} rounds of ${SECONDS} s, ${CONNECTIONS} connections, ` +
      `${canPin ? 'servers on core 0, load on the others' : 'not pinned (no taskset)'}`,
  );
  const engines: [string, Record<string, string>, string | null][] = [];
  let postgresRates: Map<string, number> | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'vitalis-bench-'));
  if (databaseUrl) {
    engines.push(['PostgreSQL', { DATABASE_URL: databaseUrl }, databaseUrl]);
  }
  engines.push(['embedded', { DATA_DIR: dataDir }, null]);
  try {
    for (const [engine, database, url] of engines) {
      const { server: vitalis, starts } = await startVitalis(vitalisEnv(database));
      try {
        const idle = vitalis.rssMb();
        const patient = await seedPatient(vitalis.base, ADMIN_KEY);
        console.log(
          `\n-- ${engine}: start to first 200 ${median(starts).toFixed(0)} ms (median of 3), RSS idle ${idle.toFixed(0)} MB`,
        );
        if (url) {
          const db = new pg.Client({ connectionString: url });
          await db.connect();
          await db.query('VACUUM ANALYZE'); // autovacuum may be off: plans need statistics
          await db.end();
          const baseline = await startServer(BASELINE, { DATABASE_URL: url, JWT_SECRET: SECRET });
          try {
            await sameAnswers(vitalis, baseline, patient.token);
            postgresRates = await routes(vitalis, baseline, patient.token);
          } finally {
            await baseline.stop();
          }
        } else {
          console.log(
            '(the baseline needs a PostgreSQL server: Vitalis alone, and its ratio to Vitalis on PostgreSQL)',
          );
          for (const route of ROUTES) {
            const figures = await load(`${vitalis.base}${route}`, {
              headers: { authorization: `Bearer ${patient.token}` },
            });
            const onPostgres = postgresRates?.get(route);
            console.log(
              `GET ${route.padEnd(18)} ${fixed(figures.rate)} req/s  p50 ${figures.p50} ms  p99 ${figures.p99} ms` +
                (onPostgres ? `  ${(figures.rate / onPostgres).toFixed(2)}x of PostgreSQL` : ''),
            );
          }
        }
        await logins(vitalis, patient.token);
        console.log(`RSS after load ${vitalis.rssMb().toFixed(0)} MB`);
      } finally {
        await vitalis.stop();
      }
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The comparison is fair only if both send the same bytes. */
async function sameAnswers(vitalis: Server, baseline: Server, token: string): Promise<void> {
  const differing: string[] = [];
  for (const route of ROUTES) {
    const [a, b] = await Promise.all(
      [vitalis, baseline].map(async (server) =>
        (await fetch(`${server.base}${route}`, { headers: { authorization: `Bearer ${token}` } })).text(),
      ),
    );
    if (a !== b) {
      differing.push(`${route} (${a.length} vs ${b.length} bytes)`);
    }
  }
  console.log(
    differing.length === 0
      ? 'Both answer byte-identical JSON on the three routes.'
      : `Answers differ: ${differing.join(', ')}`,
  );
}
