import { Injectable } from '@nestjs/common';
import { EventEmitter } from 'node:events';

/** Which live connections (chat sockets) must end: one session, or every session of a user but one. */
export interface SessionsEnded {
  userId: string;
  sessionId?: string;
  exceptSessionId?: string;
}

/**
 * Tells whoever holds long-lived connections that sessions ended. Sessions sit below messages in the module
 * map, so they announce instead of calling the chat gateway.
 */
@Injectable()
export class SessionEvents {
  private readonly emitter = new EventEmitter();

  ended(event: SessionsEnded): void {
    this.emitter.emit('ended', event);
  }

  onEnded(listener: (event: SessionsEnded) => void): () => void {
    this.emitter.on('ended', listener);
    return () => this.emitter.off('ended', listener);
  }
}
