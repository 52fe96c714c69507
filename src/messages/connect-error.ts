import type { Socket } from 'socket.io';
import { AppError } from '../common/app-error.js';
import type { Locale } from '../config/app-config.js';
import { toErrorResponse } from '../common/error-response.js';
import { pickLocale } from '../common/locale.js';
import type { ErrorCode } from '../common/error-codes.js';

/** What a socket client gets for a refused handshake or a failed event: the contract's code and message. */
export interface SocketError {
  code: ErrorCode;
  message: string;
  errors?: { field: string; messages: string[] }[];
}

export function socketLocale(socket: Socket, fallback: Locale = 'es'): Locale {
  return pickLocale(socket.handshake.headers['accept-language'], fallback);
}

/** The error of an event ack; `unexpected` tells the caller to log it. */
export function toSocketError(error: unknown, locale: Locale): { error: SocketError; unexpected: boolean } {
  const { body, unexpected } = toErrorResponse(error, locale);
  const { code, message, errors } = body;
  return { error: errors ? { code, message, errors } : { code, message }, unexpected };
}

/** The Error a Socket.IO middleware passes to `next`: the client's `connect_error` carries it as `data`. */
export function connectError(error: unknown, socket: Socket, fallback?: Locale): Error {
  const { error: data } = toSocketError(
    typeof error === 'string' ? new AppError(error as ErrorCode) : error,
    socketLocale(socket, fallback),
  );
  return Object.assign(new Error(data.message), { data });
}
