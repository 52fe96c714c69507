import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Exclusion,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { User } from '../users/user.entity.js';

export const APPOINTMENT_STATUSES = ['scheduled', 'confirmed', 'completed', 'no_show', 'cancelled'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

/** No double booking, held by the database itself: a doctor, or a patient, has no two live appointments that overlap. */
export const DOCTOR_NO_OVERLAP = 'appointments_doctor_no_overlap';
export const PATIENT_NO_OVERLAP = 'appointments_patient_no_overlap';

/** How long an appointment may last; a constraint, so a range query may bound starts_at by it (appointment-list). */
export const MIN_APPOINTMENT_MINUTES = 5;
export const MAX_APPOINTMENT_MINUTES = 240;

@Entity('appointments')
@Check('appointments_ends_after_start', '"ends_at" > "starts_at"')
@Check(
  'appointments_at_most_max_length',
  `"ends_at" <= "starts_at" + interval '${MAX_APPOINTMENT_MINUTES} minutes'`,
)
@Exclusion(
  DOCTOR_NO_OVERLAP,
  `USING gist ("doctor_id" WITH =, tstzrange("starts_at", "ends_at") WITH &&) WHERE ("status" <> 'cancelled')`,
)
@Exclusion(
  PATIENT_NO_OVERLAP,
  `USING gist ("patient_id" WITH =, tstzrange("starts_at", "ends_at") WITH &&) WHERE ("status" <> 'cancelled')`,
)
@Index('appointments_starts_at_idx', ['startsAt', 'id'])
@Index('appointments_patient_starts_at_idx', ['patientId', 'startsAt', 'id'])
@Index('appointments_doctor_starts_at_idx', ['doctorId', 'startsAt', 'id'])
export class Appointment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'patient_id', type: 'uuid' })
  patientId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'patient_id', foreignKeyConstraintName: 'FK_appointments_patient' })
  patient?: User;

  @Column({ name: 'doctor_id', type: 'uuid' })
  doctorId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'doctor_id', foreignKeyConstraintName: 'FK_appointments_doctor' })
  doctor?: User;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt: Date;

  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt: Date;

  @Column({ type: 'enum', enum: APPOINTMENT_STATUSES, enumName: 'appointment_status', default: 'scheduled' })
  status: AppointmentStatus;

  @Column({ type: 'varchar', length: 500, nullable: true })
  reason: string | null;

  /** Clinical notes: only for the appointment's doctor and admins. */
  @Column({ type: 'text', nullable: true })
  notes: string | null;

  @Column({ name: 'cancel_reason', type: 'varchar', length: 500, nullable: true })
  cancelReason: string | null;

  /** iCalendar SEQUENCE: grows with each change, so a calendar replaces the event it holds. */
  @Column({ name: 'ics_sequence', type: 'integer', default: 0, select: false })
  icsSequence: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
