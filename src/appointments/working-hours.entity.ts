import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../users/user.entity.js';

/** One weekly interval of a doctor's working hours, in the clinic's time zone (weekday 0 = Sunday). */
@Entity('working_hours')
@Check('working_hours_weekday', '"weekday" BETWEEN 0 AND 6')
@Check('working_hours_end_after_start', '"end_time" > "start_time"')
@Check('working_hours_slot_minutes', '"slot_minutes" BETWEEN 5 AND 240')
@Index('working_hours_doctor_idx', ['doctorId', 'weekday'])
export class WorkingHours {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'doctor_id', type: 'uuid' })
  doctorId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'doctor_id', foreignKeyConstraintName: 'FK_working_hours_doctor' })
  doctor?: User;

  @Column({ type: 'smallint' })
  weekday: number;

  /** "HH:MM:SS" as PostgreSQL returns a time. */
  @Column({ name: 'start_time', type: 'time' })
  startTime: string;

  @Column({ name: 'end_time', type: 'time' })
  endTime: string;

  @Column({ name: 'slot_minutes', type: 'smallint', default: 30 })
  slotMinutes: number;
}
