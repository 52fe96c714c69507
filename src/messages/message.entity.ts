import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { User } from '../users/user.entity.js';

export const MESSAGE_BODY_MAX = 2000;

/**
 * One message of a support thread. A thread is a non-admin user's conversation with the staff, so it is named by
 * that user (`threadUserId`); the sender is that user or an admin.
 */
@Entity('messages')
@Check('messages_body_length', `char_length("body") BETWEEN 1 AND ${MESSAGE_BODY_MAX}`)
@Index('messages_thread_created_idx', ['threadUserId', 'createdAt', 'id'])
@Index('messages_created_idx', ['createdAt', 'id'])
export class Message {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'thread_user_id', type: 'uuid' })
  threadUserId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'thread_user_id', foreignKeyConstraintName: 'FK_messages_thread_user' })
  threadUser?: User;

  @Column({ name: 'sender_id', type: 'uuid' })
  senderId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'sender_id', foreignKeyConstraintName: 'FK_messages_sender' })
  sender?: User;

  @Column({ type: 'text' })
  body: string;

  /** Milliseconds, like a JavaScript Date: `before` cursors then round-trip exactly. */
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;

  /** When the other side read it. */
  @Column({ name: 'read_at', type: 'timestamptz', nullable: true })
  readAt: Date | null;
}
