// One PostgreSQL database per Jest worker, beside DATABASE_URL's: `<database>_w1`, `<database>_w2`, ... Made
// fresh by the global setup (each worker's first app runs the migrations), dropped by the global teardown.
import pg from 'pg';

/** DATABASE_URL with its database replaced by worker `id`'s. */
export function workerDatabaseUrl(url, id) {
  const target = new URL(url);
  target.pathname = `/${workerDatabaseName(target, id)}`;
  return target.toString();
}

function workerDatabaseName(url, id) {
  return `${decodeURIComponent(url.pathname.slice(1)) || 'postgres'}_w${id}`;
}

async function onServer(url, statements) {
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    for (const statement of statements) {
      await client.query(statement);
    }
  } finally {
    await client.end();
  }
}

const names = (url, workers) =>
  Array.from({ length: workers }, (_, i) => pg.escapeIdentifier(workerDatabaseName(new URL(url), i + 1)));

export async function recreateWorkerDatabases(url, workers) {
  try {
    await onServer(
      url,
      names(url, workers).flatMap((name) => [
        `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`,
        `CREATE DATABASE ${name}`,
      ]),
    );
  } catch (error) {
    throw new Error(
      `npm test on DATABASE_URL makes one database per Jest worker (${names(url, workers).join(', ')}), ` +
        `and could not: ${error.message}. Grant CREATEDB, or run the suites one file at a time with --runInBand.`,
      { cause: error },
    );
  }
}

export async function dropWorkerDatabases(url, workers) {
  await onServer(
    url,
    names(url, workers).map((name) => `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  );
}
