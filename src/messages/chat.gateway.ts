import { Inject, Logger, type OnModuleDestroy } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { Authenticator } from '../auth/authenticator.js';
import type { VerifiedClaims } from '../auth/tokens.service.js';
import { AppError } from '../common/app-error.js';
import type { AuthUser } from '../auth/auth-user.js';
import { inputViolation } from '../common/input-guards.js';
import { runInContext } from '../common/request-context.js';
import { createValidationPipe } from '../common/validation.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { SocketRateLimiter } from '../rate-limit/socket-rate-limiter.js';
import { SessionEvents } from '../sessions/session-events.js';
import { ChatRooms, STAFF_ROOM, sessionRoom, threadRoom, userRoom } from './chat-rooms.js';
import { connectError, type SocketError, socketLocale, toSocketError } from './connect-error.js';
import { SendMessageDto } from './dto/send-message.dto.js';
import type { MessageDto } from './message.dto.js';
import { MessagesService } from './messages.service.js';
import { handshakeIp, handshakeToken } from './socket-auth.js';
import { type TrustFunction, trustFunction } from '../common/client-address.js';
import { cookieNames } from '../auth/cookie-names.js';

/**
 * What the handshake left on the socket: plain data only, since fetchSockets() from another instance serializes it
 * (the expiry timer lives in the gateway instead).
 */
interface ChatSocketData {
  user: AuthUser;
  claims: VerifiedClaims;
}

type ChatSocket = Socket<Record<string, never>, Record<string, never>, Record<string, never>, ChatSocketData>;

export type SendAck = { message: MessageDto } | { error: SocketError };

/** setTimeout's ceiling (about 24.8 days); a token living longer is re-armed on the next connection. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The /chat namespace. The handshake is authenticated in a namespace middleware, before Socket.IO connects the
 * socket, with the HTTP path's Authenticator: a refused socket never joins a room, so it never
 * hears a broadcast. Sockets end when their token expires and, through SessionEvents, when their session does.
 */
@WebSocketGateway({ namespace: '/chat' })
export class ChatGateway
  implements OnGatewayInit<Namespace>, OnGatewayConnection, OnGatewayDisconnect, OnModuleDestroy
{
  private readonly logger = new Logger('Chat');
  private readonly validation = createValidationPipe();
  private stopListening: (() => void) | null = null;
  private readonly trust: TrustFunction | undefined;
  /** Each socket's disconnect at its token's expiry. */
  private readonly expiries = new WeakMap<ChatSocket, NodeJS.Timeout>();

  constructor(
    private readonly authenticator: Authenticator,
    private readonly messages: MessagesService,
    private readonly rooms: ChatRooms,
    private readonly sessionEvents: SessionEvents,
    private readonly rateLimit: SocketRateLimiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.trust = trustFunction(config.trustProxy);
  }

  afterInit(namespace: Namespace): void {
    this.rooms.attach(namespace);
    namespace.use((socket: ChatSocket, next) => {
      this.authenticate(socket).then(
        () => next(),
        (error: unknown) => next(this.refusal(error, socket)),
      );
    });
    this.stopListening = this.sessionEvents.onEnded((event) => this.rooms.disconnect(event));
  }

  async handleConnection(socket: ChatSocket): Promise<void> {
    const { user, claims } = socket.data;
    const msLeft = claims.exp * 1000 - Date.now();
    const expiry = setTimeout(() => socket.disconnect(true), Math.min(Math.max(msLeft, 0), MAX_TIMER_MS));
    expiry.unref();
    this.expiries.set(socket, expiry);
    await socket.join([
      userRoom(user.id),
      sessionRoom(user.sessionId),
      user.rol === 'admin' ? STAFF_ROOM : threadRoom(user.id),
    ]);
    // In its rooms, the socket hears every session end announced from now on (announced after COMMIT). One that
    // committed between the handshake's check and the join was announced to nobody: read the database once more.
    try {
      await this.authenticator.check(claims, user.via);
    } catch {
      socket.disconnect(true);
    }
  }

  handleDisconnect(socket: ChatSocket): void {
    clearTimeout(this.expiries.get(socket));
    this.expiries.delete(socket);
  }

  /** `{ body, userId? }` → ack `{ message }` once stored, or `{ error: { code, message } }`. */
  @SubscribeMessage('message:send')
  send(@ConnectedSocket() socket: ChatSocket, @MessageBody() payload: unknown): Promise<SendAck> {
    const { handshake } = socket;
    const context = {
      ip: handshakeIp(handshake, this.trust),
      userAgent: handshake.headers['user-agent'] ?? null,
    };
    return runInContext(context, () => this.store(socket, payload, context.ip));
  }

  private async store(socket: ChatSocket, payload: unknown, ip: string): Promise<SendAck> {
    try {
      await this.rateLimit.consume(ip);
      // What HTTP's body parser and hooks refuse (too deep, prototype keys, NUL), refused before anything walks it.
      const violation = inputViolation(payload, 'payload');
      if (violation) {
        throw new AppError('VALIDATION_FAILED', [violation]);
      }
      // The session may have ended on an instance whose event this one missed: the database decides.
      const user = await this.authenticator.check(socket.data.claims, socket.data.user.via);
      const dto = (await this.validation.transform(payload ?? {}, {
        type: 'body',
        metatype: SendMessageDto,
      })) as SendMessageDto;
      return { message: await this.messages.send(user, dto, socket.id) };
    } catch (error) {
      // The user's own language (as at the handshake) when the handshake named none, as on HTTP.
      const { error: body, unexpected } = toSocketError(
        error,
        socketLocale(socket, socket.data.user.locale ?? this.config.defaultLocale),
      );
      if (unexpected) {
        this.logger.error(
          `message:send on socket ${socket.id} failed`,
          error instanceof Error ? error.stack : error,
        );
      }
      if (
        body.code === 'SESSION_REVOKED' ||
        body.code === 'USER_DISABLED' ||
        body.code === 'USER_NOT_FOUND'
      ) {
        setImmediate(() => socket.disconnect(true));
      }
      return { error: body };
    }
  }

  onModuleDestroy(): void {
    this.stopListening?.();
  }

  private async authenticate(socket: ChatSocket): Promise<void> {
    const found = handshakeToken(socket.handshake, cookieNames(this.config.cookies.secure).access);
    if (!found) {
      throw new AppError('TOKEN_MISSING');
    }
    const { user, claims } = await this.authenticator.authenticate(found.token, found.via);
    socket.data.user = user;
    socket.data.claims = claims;
  }

  private refusal(error: unknown, socket: ChatSocket): Error {
    const refused = connectError(error, socket, this.config.defaultLocale);
    if (!(error instanceof AppError)) {
      this.logger.error(
        `handshake of socket ${socket.id} failed`,
        error instanceof Error ? error.stack : error,
      );
    }
    return refused;
  }
}
