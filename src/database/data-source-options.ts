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
import { AuthHardening1764300000000 } from './migrations/1764300000000-auth-hardening.js';
import { ListIndexes1764400000000 } from './migrations/1764400000000-list-indexes.js';
import { MoreListIndexes1764500000000 } from './migrations/1764500000000-more-list-indexes.js';
import { MessageThreads1764600000000 } from './migrations/1764600000000-message-threads.js';
import { PatientProfile1764800000000 } from './migrations/1764800000000-patient-profile.js';
import { MailAndRecovery1764900000000 } from './migrations/1764900000000-mail-and-recovery.js';
import { ClosuresAndAbsences1765000000000 } from './migrations/1765000000000-closures-and-absences.js';
import { AppointmentMails1765200000000 } from './migrations/1765200000000-appointment-mails.js';

export const ENTITIES = [User, Session, Appointment, WorkingHours, Message, AuditEvent];
export const MIGRATIONS = [
  Init1763900000000,
  Appointments1763990000000,
  Messages1764000000000,
  Defences1764100000000,
  AuthHardening1764300000000,
  ListIndexes1764400000000,
  MoreListIndexes1764500000000,
  MessageThreads1764600000000,
  PatientProfile1764800000000,
  MailAndRecovery1764900000000,
  ClosuresAndAbsences1765000000000,
  AppointmentMails1765200000000,
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
    // Run before the pool opens, under a lock (migrate.ts), not by TypeORM at connect.
    migrationsRun: false,
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
      ...(embedded ? {} : serverTimeouts(timeouts.queryMs)),
    },
  };
}

/**
 * Set on each connection of a real PostgreSQL (PGlite accepts both and applies neither): the server cancels a
 * statement a little before the client would give up on it (57014, answered 503), so a stuck query stops on the
 * server too and its connection comes back clean after the rollback; a session left idle inside a transaction (its
 * client gone quiet) is ended, and its locks with it.
 */
export function serverTimeouts(queryMs: number): {
  statement_timeout?: number;
  idle_in_transaction_session_timeout?: number;
} {
  if (queryMs <= 0) {
    // No client timeout (the migration CLI): none on the server either.
    return {};
  }
  return {
    statement_timeout: Math.floor(queryMs * 0.9),
    idle_in_transaction_session_timeout: 3 * queryMs,
  };
}
