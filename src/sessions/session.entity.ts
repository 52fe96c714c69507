import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';

/** One login. Access tokens carry its id (`sid`), so revoking the row kills them on the next request. */
@Entity('sessions')
@Index('sessions_user_live_idx', ['userId'], { where: 'revoked_at IS NULL' })
export class Session {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  // Named by string: sessions sit below users in the module map and must not import them.
  @ManyToOne('User', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_sessions_user' })
  user?: object;

  /** Random input of the refresh tokens' MAC (see refresh-token.ts); the tokens themselves are never stored. */
  @Column({ name: 'refresh_salt', type: 'varchar', length: 43 })
  refreshSalt: string;

  /** How many times the refresh token was rotated: the current token carries this number. */
  @Column({ type: 'integer', default: 0 })
  generation: number;

  @Column({ name: 'rotated_at', type: 'timestamptz', nullable: true })
  rotatedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'last_used_at', type: 'timestamptz' })
  lastUsedAt: Date;

  /** Idle expiry: last use + REFRESH_TOKEN_TTL, never past absoluteExpiresAt. */
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  /** created + SESSION_MAX_AGE: the session ends then whatever happens. */
  @Column({ name: 'absolute_expires_at', type: 'timestamptz' })
  absoluteExpiresAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ name: 'user_agent', type: 'varchar', length: 512, nullable: true })
  userAgent: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;
}
