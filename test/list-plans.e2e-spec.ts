import pg from 'pg';
import { auditCountStatement, auditPageStatement } from '../src/audit/audit-list.js';
import { AUDIT_EVENT_TYPES } from '../src/audit/audit-event.entity.js';
import type { ListAuditEventsQueryDto } from '../src/audit/list-audit-events-query.dto.js';
import { migrate } from '../src/database/migrate.js';
import type { Statement } from '../src/database/statement.js';
import type { ListUsersQueryDto } from '../src/users/dto/list-users-query.dto.js';
import { userCountStatement, userPageStatement } from '../src/users/user-list.js';
import type { MessagePageQueryDto } from '../src/messages/dto/message-query.dto.js';
import {
  inboxBoundStatement,
  inboxPageStatement,
  messagePageStatement,
} from '../src/messages/message-statements.js';
import { describeOnPostgres } from './support/describe-if.js';
import { planOf } from './support/plans.js';
import { scratchDatabase } from './support/scratch-database.js';

const USERS = 10_000;
const EVENTS = 100_000;
const MESSAGES = 100_000;

/**
 * The users, audit and inbox lists at a clinic's size (issue 11): 10k users (some deleted), 100k audit events and
 * 100k messages,
 * analyzed. Each page is read in index order, never by scanning and sorting the table; a filtered count reads an
 * index too. Plans, not times, so the test holds on any machine (docs/PERFORMANCE.md has the summary).
 */
describeOnPostgres('the users, audit and inbox lists at 10k users, 100k events and 100k messages', () => {
  let scratch: Awaited<ReturnType<typeof scratchDatabase>>;
  let db: pg.Client;
  let userId: string;

  beforeAll(async () => {
    scratch = await scratchDatabase('vitalis_list_plans');
    await migrate(scratch.url, false, 10_000);
    db = new pg.Client({ connectionString: scratch.url });
    await db.connect();
    // User i: a doctor every 100th, an admin every 1000th, deleted every 50th; created i minutes apart.
    await db.query(
      `INSERT INTO users (name, surname, email, password_hash, rol, created_at, deleted_at)
       SELECT 'Persona', 'P' || i, 'user' || i || '@plans.test', 'x',
              (CASE WHEN i % 1000 = 0 THEN 'admin' WHEN i % 100 = 0 THEN 'doctor' ELSE 'user' END)::user_role,
              timestamptz '2026-01-01' + i * interval '1 minute',
              CASE WHEN i % 50 = 7 THEN now() END
       FROM generate_series(1, ${USERS}) i`,
    );
    // Event k: every type in turn, done by user k % 10,000 to user (k * 7) % 10,000, 30 s apart.
    await db.query(
      `WITH u AS (SELECT id, row_number() OVER (ORDER BY email) - 1 AS n FROM users)
       INSERT INTO audit_events (type, actor_id, subject_id, details, created_at)
       SELECT ($1::text[])[1 + k % ${AUDIT_EVENT_TYPES.length}], a.id, s.id, '{}'::jsonb,
              timestamptz '2026-01-01' + k * interval '30 seconds'
       FROM generate_series(0, ${EVENTS - 1}) k
       JOIN u a ON a.n = k % ${USERS}
       JOIN u s ON s.n = (k * 7) % ${USERS}`,
      [AUDIT_EVENT_TYPES],
    );
    // Message k: in the thread of patient k % (patients), from them or an admin by turns, 30 s apart (through the
    // trigger that keeps each thread's last message).
    await db.query(
      `WITH t AS (SELECT id, row_number() OVER (ORDER BY email) - 1 AS n FROM users WHERE rol <> 'admin'),
            staff AS (SELECT id FROM users WHERE rol = 'admin' LIMIT 1),
            total AS (SELECT count(*) AS c FROM t)
       INSERT INTO messages (thread_user_id, sender_id, body, created_at)
       SELECT t.id, CASE WHEN k % 2 = 0 THEN t.id ELSE (SELECT id FROM staff) END, 'Hola ' || k,
              timestamptz '2026-01-01' + k * interval '30 seconds'
       FROM generate_series(0, ${MESSAGES - 1}) k, total
       JOIN t ON true
       WHERE t.n = k % total.c`,
    );
    await db.query('VACUUM ANALYZE');
    ({
      rows: [{ id: userId }],
    } = await db.query<{ id: string }>(`SELECT id FROM users WHERE rol = 'user' LIMIT 1`));
  });

  afterAll(async () => {
    await db?.end();
    await scratch?.drop();
  });

  const users = (filters: Partial<ListUsersQueryDto> = {}, page = 1) => ({ page, limit: 20, ...filters });
  const events = (filters: Partial<ListAuditEventsQueryDto> = {}, page = 1) => ({
    page,
    limit: 20,
    ...filters,
  });

  const pages: [string, string, () => Statement][] = [
    ['users', 'all users', () => userPageStatement(users())],
    ['users', 'all users, page 200', () => userPageStatement(users({}, 200))],
    ['users', 'the doctors', () => userPageStatement(users({ rol: 'doctor' }))],
    ['users', 'the patients, page 100', () => userPageStatement(users({ rol: 'user' }, 100))],
    ['audit_events', 'every event', () => auditPageStatement(events())],
    ['audit_events', 'every event, page 500', () => auditPageStatement(events({}, 500))],
    ['audit_events', 'one type', () => auditPageStatement(events({ type: 'logout' }))],
    ['audit_events', "one user's", () => auditPageStatement(events({ userId }))],
    [
      'audit_events',
      'a week',
      () => auditPageStatement(events({ from: '2026-01-10T00:00:00Z', to: '2026-01-17T00:00:00Z' })),
    ],
  ];

  it.each(pages)(
    '%s, %s: the page comes from an index, sorting at most a handful',
    async (table, _, statement) => {
      const page = (await planOf(db, statement())).filter((step) => step.part === 'main');
      expect(page.filter((step) => step['Relation Name'] === table).length).toBeGreaterThan(0);
      expect(page.filter((step) => step['Node Type'] === 'Seq Scan')).toEqual([]);
      expect(page.filter((step) => step['Node Type'] === 'Sort' && step['Plan Rows'] > 100)).toEqual([]);
    },
  );

  const counts: [string, () => Statement][] = [
    ['the doctors', () => userCountStatement(users({ rol: 'doctor' }))],
    ['one type of event', () => auditCountStatement(events({ type: 'logout' }))],
    ["one user's events", () => auditCountStatement(events({ userId }))],
    [
      "a week's events",
      () => auditCountStatement(events({ from: '2026-01-10T00:00:00Z', to: '2026-01-17T00:00:00Z' })),
    ],
  ];

  it.each(counts)('counting %s reads an index', async (_, statement) => {
    const steps = await planOf(db, statement());
    expect(steps.filter((step) => step['Node Type'] === 'Seq Scan')).toEqual([]);
    expect(steps.some((step) => step['Index Name'] !== undefined)).toBe(true);
  });

  it.each([undefined, '2026-02-03T00:00:00Z'])(
    'the staff inbox (before %s) reads threads by their last message, never every message',
    async (before) => {
      const query = { limit: 50, before } as MessagePageQueryDto;
      const bound = await planOf(db, inboxBoundStatement(query));
      const {
        rows: [{ oldest }],
      } = await db.query<{ oldest: Date }>(
        'SELECT min(last_message_at) AS oldest FROM (SELECT last_message_at FROM message_threads WHERE last_message_at < $1 ORDER BY 1 DESC LIMIT 50) p',
        [before ?? 'infinity'],
      );
      expect(oldest).toBeInstanceOf(Date);
      const page = await planOf(db, inboxPageStatement(query, oldest));
      for (const steps of [bound, page]) {
        expect(steps.filter((step) => step['Node Type'] === 'Seq Scan')).toEqual([]);
        expect(steps.some((step) => step['Index Name'] === 'message_threads_last_idx')).toBe(true);
      }
    },
  );

  it.each([
    ["a user's thread", true],
    ['every message (an admin without userId)', false],
  ])('%s is read newest first from an index, never every message', async (_, ofOneThread) => {
    const steps = await planOf(db, messagePageStatement({ limit: 50 }, ofOneThread ? userId : undefined));
    expect(steps.filter((step) => step['Node Type'] === 'Seq Scan')).toEqual([]);
    // At most a page-sized range is sorted: the planner guesses 0.5 % of the table for the range from the page's
    // oldest instant (it is 50 rows), never the table.
    expect(
      steps.filter((step) => step['Node Type'] === 'Sort' && step['Plan Rows'] > MESSAGES / 100),
    ).toEqual([]);
  });
});
