import { Injectable } from '@nestjs/common';
import type { Namespace } from 'socket.io';
import type { SessionsEnded } from '../sessions/session-events.js';
import type { MessageDto } from './message.dto.js';

export const STAFF_ROOM = 'staff';
export const threadRoom = (userId: string): string => `thread:${userId}`;
export const userRoom = (userId: string): string => `user:${userId}`;
export const sessionRoom = (sessionId: string): string => `session:${sessionId}`;

/**
 * The rooms of the /chat namespace. Every socket sits in its user's and its session's room; non-admins also in
 * their thread's room, admins in the staff room. Through the Socket.IO adapter these reach every instance.
 */
@Injectable()
export class ChatRooms {
  private namespace: Namespace | null = null;

  attach(namespace: Namespace): void {
    this.namespace = namespace;
  }

  /** `message:new` to the thread's owner and to the staff; `exceptSocketId` already has it as an ack. */
  publish(message: MessageDto, exceptSocketId?: string): void {
    const rooms = this.namespace?.to([threadRoom(message.threadUserId), STAFF_ROOM]);
    (exceptSocketId ? rooms?.except(exceptSocketId) : rooms)?.emit('message:new', message);
  }

  /** Whether the user has a /chat socket open on any instance (asked through the adapter). */
  async connected(userId: string): Promise<boolean> {
    const sockets = await this.namespace?.in(userRoom(userId)).fetchSockets();
    return (sockets?.length ?? 0) > 0;
  }

  /** Disconnects the sockets of ended sessions, on every instance. */
  disconnect({ userId, sessionId, exceptSessionId }: SessionsEnded): void {
    const target = this.namespace?.in(sessionId ? sessionRoom(sessionId) : userRoom(userId));
    (exceptSessionId ? target?.except(sessionRoom(exceptSessionId)) : target)?.disconnectSockets(true);
  }
}
