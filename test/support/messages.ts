import type TestAgent from 'supertest/lib/agent.js';
import type { LoggedIn } from './helpers.js';

/** A support-thread message, as REST answers it and `message:new` pushes it. */
export interface Message {
  id: string;
  threadUserId: string;
  body: string;
  createdAt: string;
  readAt: string | null;
  sender: { id: string; name: string; surname: string; rol: string };
}

/** An entry of GET /api/messages/conversations. */
export interface Conversation {
  user: { id: string; email: string };
  lastMessage: Message;
  unreadCount: number;
}

/** POST /api/messages as `user` (an admin names the thread's `userId`); the stored message. */
export async function writeMessage(
  http: TestAgent,
  user: LoggedIn,
  body: string,
  userId?: string,
): Promise<Message> {
  const response = await http
    .post('/api/messages')
    .set(user.auth)
    .send(userId ? { body, userId } : { body })
    .expect(201);
  return response.body as Message;
}
