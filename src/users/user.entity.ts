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

/** The database enforces one live account per e-mail, case-insensitively (see the init migration). */
export const EMAIL_UNIQUE_INDEX = 'users_email_active_key';

@Entity('users')
@Index(EMAIL_UNIQUE_INDEX, { synchronize: false })
// Partial and descending (migration 1764500000000): declared for TypeORM, made by the migration.
@Index('users_live_created_idx', { synchronize: false })
@Index('users_live_rol_created_idx', { synchronize: false })
@Check('users_email_lowercase', 'email = lower(email)')
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

  @Column({ name: 'is_active', type: 'boolean', default: true })
  isActive: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @DeleteDateColumn({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt: Date | null;
}
