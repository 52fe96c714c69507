import type { Locale } from '../config/app-config.js';
import type { Role } from './roles.js';

export type TokenTransport = 'bearer' | 'x-token' | 'cookie';

/**
 * The principal of a request: who, with which current role and language, in which session, and how the token came.
 */
export interface AuthUser {
  id: string;
  rol: Role;
  /** The user's own language: their errors' when the request names none. */
  locale: Locale;
  sessionId: string;
  via: TokenTransport;
}

declare module 'fastify' {
  interface FastifyRequest {
    user?: AuthUser;
  }
}
