import type { Role } from '../auth/roles.js';

export class MessageSenderDto {
  id: string;
  name: string;
  surname: string;
  /** user (patient), doctor or admin (staff). */
  rol: Role;
}

/** One message of a support thread; the thread is named by its non-admin user. */
export class MessageDto {
  id: string;
  threadUserId: string;
  sender: MessageSenderDto;
  body: string;
  createdAt: Date;
  /** When the other side read it; null while unread. */
  readAt: Date | null;
}

export class ConversationUserDto {
  id: string;
  name: string;
  surname: string;
  email: string;
  rol: Role;
}

/** One thread in the staff inbox. */
export class ConversationDto {
  user: ConversationUserDto;
  lastMessage: MessageDto;
  /** Messages from the user that no admin has marked read. */
  unreadCount: number;
}

export class MarkReadResultDto {
  /** How many messages became read. */
  updated: number;
}
