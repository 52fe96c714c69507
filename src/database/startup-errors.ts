/** What a failed start-up can say in one line, and whether trying again could help. */

interface DriverError {
  code?: string;
  message?: string;
}

/** The code of the error a data folder held by another live process gives (embedded-postgres.ts). */
export const EMBEDDED_IN_USE = 'EMBEDDED_IN_USE';

/** Errors that no retry can fix: a missing database, wrong credentials, an unknown host. */
const PERMANENT = new Set(['3D000', '28P01', '28000', 'ENOTFOUND']);

const codeOf = (error: unknown): string | undefined => (error as DriverError | null)?.code;

export function isPermanent(error: unknown): boolean {
  return PERMANENT.has(codeOf(error) ?? '');
}

/** `host:port` and the database name of a PostgreSQL URL, for messages (never its password). */
export function describeUrl(url: string): { where: string; database: string; user: string } {
  const parsed = new URL(url);
  return {
    where: `${parsed.hostname}:${parsed.port || '5432'}`,
    database: decodeURIComponent(parsed.pathname.slice(1)) || 'postgres',
    user: decodeURIComponent(parsed.username) || 'the default user',
  };
}

/**
 * One line for a start-up failure a person can fix (with how), or null for anything else (then the stack trace
 * helps more). `databaseUrl` null means the embedded database.
 */
export function describeStartupError(
  error: unknown,
  databaseUrl: string | null,
  port: number,
): string | null {
  const code = codeOf(error);
  if (code === 'EADDRINUSE') {
    return `port ${port} is already in use — stop the other server or start this one with PORT=<another port>`;
  }
  if (databaseUrl === null) {
    // Its message already says which folder, which process and what to do.
    return code === EMBEDDED_IN_USE ? (error as Error).message : null;
  }
  const { where, database, user } = describeUrl(databaseUrl);
  const problems: Record<string, string> = {
    '3D000': `database "${database}" does not exist on ${where} — create it with: createdb -h ${where.split(':')[0]} ${database}`,
    '28P01': `PostgreSQL on ${where} refused user "${user}" — check the user and password in DATABASE_URL`,
    '28000': `PostgreSQL on ${where} refused user "${user}" — check the user and password in DATABASE_URL`,
    ENOTFOUND: `the host of DATABASE_URL (${where}) is unknown — check DATABASE_URL`,
    ECONNREFUSED: `PostgreSQL is not reachable on ${where} — is it running? (unset DATABASE_URL to use the embedded database)`,
  };
  return code !== undefined && Object.hasOwn(problems, code) ? problems[code] : null;
}

/** A short reason for a retry line: the driver's code, else its message. */
export function shortReason(error: unknown): string {
  return codeOf(error) ?? (error as DriverError | null)?.message ?? String(error);
}
