import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io';
import type { Authenticator } from '../auth/authenticator.js';
import { AppError } from '../common/app-error.js';
import type { AppConfig } from '../config/app-config.js';
import type { SocketRateLimiter } from '../rate-limit/socket-rate-limiter.js';
import type { SessionEvents } from '../sessions/session-events.js';
import { ChatGateway } from './chat.gateway.js';
import type { ChatRooms } from './chat-rooms.js';
import type { MessagesService } from './messages.service.js';

/**
 * A session can end between the handshake's check and the socket joining its rooms: the announcement (sent after
 * COMMIT, to the rooms) then reaches nobody. The gateway joins first and reads the database again.
 */
describe('ChatGateway.handleConnection', () => {
  const user = { id: randomUUID(), rol: 'user' as const, sessionId: randomUUID(), via: 'bearer' as const };
  const claims = { sub: user.id, sid: user.sessionId, rol: 'user' as const, exp: Date.now() / 1000 + 900 };

  function sutWith(check: () => Promise<unknown>) {
    const authenticator = { check: jest.fn(check) } as unknown as Authenticator;
    const config = {
      trustProxy: false,
      cookies: { secure: false },
      defaultLocale: 'es',
    } as unknown as AppConfig;
    const gateway = new ChatGateway(
      authenticator,
      {} as MessagesService,
      {} as ChatRooms,
      {} as SessionEvents,
      {} as SocketRateLimiter,
      config,
    );
    const socket = {
      data: { user, claims },
      join: jest.fn(() => Promise.resolve()),
      disconnect: jest.fn(),
    };
    return { gateway, socket, check: authenticator.check as jest.Mock };
  }

  it('drops the socket when the session ended since the handshake', async () => {
    const { gateway, socket, check } = sutWith(() => Promise.reject(new AppError('SESSION_REVOKED')));
    await gateway.handleConnection(socket as unknown as Socket);
    expect(socket.join.mock.invocationCallOrder[0]).toBeLessThan(check.mock.invocationCallOrder[0]);
    expect(socket.disconnect).toHaveBeenCalledWith(true);
    gateway.handleDisconnect(socket as unknown as Socket);
  });

  it('keeps the socket, in its rooms, when the session is still alive', async () => {
    const { gateway, socket } = sutWith(() => Promise.resolve(user));
    await gateway.handleConnection(socket as unknown as Socket);
    expect(socket.join).toHaveBeenCalledWith([
      `user:${user.id}`,
      `session:${user.sessionId}`,
      `thread:${user.id}`,
    ]);
    expect(socket.disconnect).not.toHaveBeenCalled();
    gateway.handleDisconnect(socket as unknown as Socket);
  });
});
