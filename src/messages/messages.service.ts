import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Not, type Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { AppError } from '../common/app-error.js';
import type { AuthUser } from '../auth/auth-user.js';
import type { Role } from '../auth/roles.js';
import { UsersService } from '../users/users.service.js';
import { ChatReplyMails } from './chat-reply-mails.js';
import { ChatRooms } from './chat-rooms.js';
import type { MarkReadDto } from './dto/mark-read.dto.js';
import type { AllMessagesQueryDto, MessagePageQueryDto } from './dto/message-query.dto.js';
import type { SendMessageDto } from './dto/send-message.dto.js';
import type { ConversationDto, MarkReadResultDto, MessageDto } from './message.dto.js';
import { Message } from './message.entity.js';
import {
  inboxBoundStatement,
  inboxPageStatement,
  MESSAGE_COLUMNS,
  messagePageStatement,
} from './message-statements.js';

interface MessageRow {
  id: string;
  thread_user_id: string;
  body: string;
  created_at: Date;
  read_at: Date | null;
  sender_id: string;
  sender_name: string;
  sender_surname: string;
  sender_rol: Role;
}

interface ConversationRow extends MessageRow {
  user_name: string;
  user_surname: string;
  user_email: string;
  user_rol: Role;
  unread_count: string;
}

/**
 * The support threads: one per non-admin user, shared by all admins. Messages are stored before they are pushed,
 * so whatever a client saw acknowledged is in the database.
 */
@Injectable()
export class MessagesService {
  constructor(
    @InjectRepository(Message) private readonly messages: Repository<Message>,
    private readonly users: UsersService,
    private readonly rooms: ChatRooms,
    private readonly audit: AuditService,
    private readonly replyMails: ChatReplyMails,
  ) {}

  /** Stores the message, then pushes it to the thread and the staff (`fromSocketId` got it as its ack). */
  async send(me: AuthUser, dto: SendMessageDto, fromSocketId?: string): Promise<MessageDto> {
    const threadUserId = await this.threadToWrite(me, dto.userId);
    const rows: MessageRow[] = await this.messages.query(
      `WITH m AS (
         INSERT INTO messages (thread_user_id, sender_id, body) VALUES ($1, $2, $3) RETURNING *
       )
       SELECT ${MESSAGE_COLUMNS} FROM m JOIN users s ON s.id = m.sender_id`,
      [threadUserId, me.id, dto.body],
    );
    const message = toMessageDto(rows[0]);
    this.rooms.publish(message, fromSocketId);
    if (me.rol === 'admin' && threadUserId !== me.id) {
      this.replyMails.afterStaffReply(threadUserId);
    }
    return message;
  }

  /** The caller's own thread (patients and doctors). */
  mine(me: AuthUser, query: MessagePageQueryDto): Promise<MessageDto[]> {
    return this.page(query, me.id);
  }

  /** Admin: every message, or one user's thread (a deleted user's history included). */
  async list(me: AuthUser, query: AllMessagesQueryDto): Promise<MessageDto[]> {
    if (query.userId !== undefined) {
      await this.assertThreadOwner(query.userId, { withDeleted: true });
    }
    const messages = await this.page(query, query.userId);
    await this.audit.record('messages_thread_read', {
      actorId: me.id,
      subjectId: query.userId ?? null,
      details: query.userId ? { count: messages.length } : { allThreads: true, count: messages.length },
    });
    return messages;
  }

  /**
   * Admin inbox: each live user's thread with its last message and what the staff has not read, newest first; the
   * last messages come from `message_threads` (kept by a trigger), so a page is an index range.
   */
  async conversations(me: AuthUser, query: MessagePageQueryDto): Promise<ConversationDto[]> {
    const bound = inboxBoundStatement(query);
    const [{ bound: oldest }]: { bound: Date | null }[] = await this.messages.query(bound.text, bound.params);
    const page = oldest ? inboxPageStatement(query, oldest) : null;
    const rows: ConversationRow[] = page ? await this.messages.query(page.text, page.params) : [];
    await this.audit.record('messages_conversations_read', {
      actorId: me.id,
      details: { count: rows.length },
    });
    return rows.map((row) => ({
      user: {
        id: row.thread_user_id,
        name: row.user_name,
        surname: row.user_surname,
        email: row.user_email,
        rol: row.user_rol,
      },
      lastMessage: toMessageDto(row),
      unreadCount: Number(row.unread_count),
    }));
  }

  /** Marks read what the other side wrote: staff messages for a user, the user's messages for an admin. */
  async markRead(me: AuthUser, dto: MarkReadDto): Promise<MarkReadResultDto> {
    const threadUserId = await this.threadToWrite(me, dto.userId);
    const result = await this.messages.update(
      {
        threadUserId,
        senderId: me.rol === 'admin' ? threadUserId : Not(me.id),
        readAt: IsNull(),
      },
      { readAt: new Date() },
    );
    return { updated: result.affected ?? 0 };
  }

  /**
   * The thread a caller acts on: their own, or for an admin the given user's. A non-admin may not pick one
   * (403); an admin must (400); a thread that does not exist is 404.
   */
  private async threadToWrite(me: AuthUser, userId: string | undefined): Promise<string> {
    if (me.rol !== 'admin') {
      if (userId !== undefined && userId !== me.id) {
        throw new AppError('FORBIDDEN_ROLE');
      }
      return me.id;
    }
    if (userId === undefined) {
      throw new AppError('VALIDATION_FAILED', [
        { field: 'userId', constraints: { isNotEmpty: 'userId should not be empty' } },
      ]);
    }
    await this.assertThreadOwner(userId, { withDeleted: false });
    return userId;
  }

  /** A thread exists for a patient or doctor (admins have none); a deleted user's only for reading history. */
  private async assertThreadOwner(userId: string, { withDeleted }: { withDeleted: boolean }): Promise<void> {
    const rol = await this.users.roleOf(userId, { withDeleted });
    if (rol === null || rol === 'admin') {
      throw new AppError('NOT_FOUND');
    }
  }

  /**
   * The newest `limit` messages before the cursor, oldest first. Messages that share the page's oldest
   * millisecond all come along, so paging on by `createdAt` never skips one.
   */
  private async page(query: MessagePageQueryDto, threadUserId?: string): Promise<MessageDto[]> {
    const page = messagePageStatement(query, threadUserId);
    const rows: MessageRow[] = await this.messages.query(page.text, page.params);
    return rows.map(toMessageDto);
  }
}

function toMessageDto(row: MessageRow): MessageDto {
  return {
    id: row.id,
    threadUserId: row.thread_user_id,
    sender: { id: row.sender_id, name: row.sender_name, surname: row.sender_surname, rol: row.sender_rol },
    body: row.body,
    createdAt: row.created_at,
    readAt: row.read_at,
  };
}
