import { randomUUID } from 'node:crypto';
import pg from 'pg';

async function onServer(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * A new empty database on DATABASE_URL's server, named `<prefix>_<random>` (the first app started on it runs the
 * migrations), and how to drop it.
 */
export async function scratchDatabase(prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const server = process.env.DATABASE_URL;
  if (!server) {
    throw new Error('scratchDatabase needs DATABASE_URL');
  }
  const name = `${prefix}_${randomUUID().slice(0, 8)}`;
  await onServer(server, `CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => onServer(server, `DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`),
  };
}
