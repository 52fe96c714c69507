import {
  Check,
  Column,
  CreateDateColumn,
  DeleteDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

import { ROLES, type Role } from '../auth/roles.js';
import type { Locale } from '../config/app-config.js';

/** The database enforces one live account per e-mail, case-insensitively (see the init migration). */
export const EMAIL_UNIQUE_INDEX = 'users_email_active_key';

@Entity('users')
@Index(EMAIL_UNIQUE_INDEX, { synchronize: false })
// Partial and descending (migration 1764500000000): declared for TypeORM, made by the migration.
@Index('users_live_created_idx', { synchronize: false })
@Index('users_live_rol_created_idx', { synchronize: false })
@Check('users_email_lowercase', 'email = lower(email)')
// The profile's checks, as migration 1764800000000 made them (the national id's also checks its letter there).
@Check('users_phone_e164', `"phone" ~ '^[+][1-9][0-9]{1,14}$'`)
@Check('users_birth_date_from_1900', `"birth_date" >= DATE '1900-01-01'`)
@Check('users_national_id_dni_nie', `"national_id" ~ '^([0-9]{8}|[XYZ][0-9]{7})[A-Z]$'`)
@Check('users_locale_supported', `"locale" IN ('es', 'en')`)
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 100 })
  surname: string;

  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ name: 'password_hash', type: 'varchar', length: 100, select: false })
  passwordHash: string;

  @Column({ type: 'enum', enum: ROLES, enumName: 'user_role', default: 'user' })
  rol: Role;

  @Column({ type: 'varchar', length: 100, nullable: true })
  specialty: string | null;

  /** E.164, `+34612345678`. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  phone: string | null;

  /** YYYY-MM-DD. */
  @Column({ name: 'birth_date', type: 'date', nullable: true })
  birthDate: string | null;

  /** A DNI or NIE, upper case, without separators. */
  @Column({ name: 'national_id', type: 'varchar', length: 9, nullable: true })
  nationalId: string | null;

  /** The language of the user's mails, and of their errors when a request names none. */
  @Column({ type: 'varchar', length: 2, default: 'es' })
  locale: Locale;

  @Column({ name: 'is_active', type: 'boolean', default: true })
  isActive: boolean;

  /** Set when the owner opened a verification link sent to this address; null until then. */
  @Column({ name: 'email_verified_at', type: 'timestamptz', nullable: true })
  emailVerifiedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @DeleteDateColumn({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt: Date | null;
}
