import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const AUDIT_EVENT_TYPES = [
  'login.succeeded',
  'login.failed',
  'login.locked',
  'refresh.reused',
  'logout',
  'logout.all',
  'session.revoked',
  'password.changed',
  'user.role_changed',
  'user.disabled',
  'user.deleted',
  'appointment.created',
  'appointment.rescheduled',
  'appointment.cancelled',
  'appointment.deleted',
  'messages.thread_read',
] as const;
export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

/**
 * Something security- or care-relevant happened: who did it (actor), to whom or what (subject), from where.
 * No foreign keys: the trail outlives what it names. Never a secret in `details`.
 */
@Entity('audit_events')
@Index('audit_events_created_idx', ['createdAt'])
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
