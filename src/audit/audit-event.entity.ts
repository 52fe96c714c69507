import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const AUDIT_EVENT_TYPES = [
  'login_succeeded',
  'login_failed',
  'login_locked',
  'admin_registered',
  'admin_key_refused',
  'refresh_reused',
  'logout',
  'logout_all',
  'session_revoked',
  'password_changed',
  'password_change_failed',
  'password_change_locked',
  'password_reset_requested',
  'password_reset_sent',
  'password_reset',
  'email_verified',
  'email_change_requested',
  'email_changed',
  'closure_created',
  'closure_deleted',
  'absence_created',
  'absence_deleted',
  'user_role_changed',
  'user_disabled',
  'user_deleted',
  'appointment_created',
  'appointment_rescheduled',
  'appointment_cancelled',
  'appointment_status_changed',
  'appointment_deleted',
  'messages_thread_read',
  'messages_conversations_read',
] as const;
export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

/** The names of the first release (`refresh.reused`), still accepted by the list's `type` filter. */
export const LEGACY_AUDIT_EVENT_TYPES: Readonly<Record<string, AuditEventType>> = Object.fromEntries(
  AUDIT_EVENT_TYPES.filter((type) => type.includes('_')).map((type) => [type.replace('_', '.'), type]),
);

/**
 * Something security- or care-relevant happened: who did it (actor), to whom or what (subject), from where.
 * No foreign keys: the trail outlives what it names. Never a secret in `details`.
 */
@Entity('audit_events')
@Index('audit_events_created_idx', ['createdAt', 'id'])
@Index('audit_events_type_created_idx', ['type', 'createdAt', 'id'])
@Index('audit_events_actor_idx', ['actorId', 'createdAt'])
@Index('audit_events_subject_idx', ['subjectId', 'createdAt'])
export class AuditEvent {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 40 })
  type: AuditEventType;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  /** A user's id, or an appointment's for appointment events. */
  @Column({ name: 'subject_id', type: 'uuid', nullable: true })
  subjectId: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  details: Record<string, unknown>;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;

  @Column({ name: 'user_agent', type: 'varchar', length: 512, nullable: true })
  userAgent: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
