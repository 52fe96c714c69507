import type { DataSourceOptions } from 'typeorm';
import { AuditEvent } from '../audit/audit-event.entity.js';
import { Appointment } from '../appointments/appointment.entity.js';
import { WorkingHours } from '../appointments/working-hours.entity.js';
import { Message } from '../messages/message.entity.js';
import { Session } from '../sessions/session.entity.js';
import { User } from '../users/user.entity.js';
import { Init1763900000000 } from './migrations/1763900000000-init.js';
import { Appointments1763990000000 } from './migrations/1763990000000-appointments.js';
import { Messages1764000000000 } from './migrations/1764000000000-messages.js';
import { Defences1764100000000 } from './migrations/1764100000000-defences.js';

export const ENTITIES = [User, Session, Appointment, WorkingHours, Message, AuditEvent];
export const MIGRATIONS = [
  Init1763900000000,
  Appointments1763990000000,
  Messages1764000000000,
  Defences1764100000000,
];

/**
 * One code path for both engines. On the embedded engine the pool is exactly one connection:
 * PGlite's socket server mixes up concurrent connections, so every query of a transaction must
 * go through that transaction's manager (the timeout turns a mistake there into an error, not a hang).
 */
export function dataSourceOptions(
  url: string,
  embedded: boolean,
  timeouts: { connectMs: number; queryMs: number },
): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    synchronize: false,
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    // Bounded waits, so an unreachable or stalled database answers 503 in seconds instead of hanging requests;
    // broken connections leave the pool and new ones are made once the database is back.
    extra: {
      max: embedded ? 1 : 10,
      connectionTimeoutMillis: timeouts.connectMs,
      query_timeout: timeouts.queryMs,
      keepAlive: true,
    },
  };
}
