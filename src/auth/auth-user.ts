import type { Role } from './roles.js';

export type TokenTransport = 'bearer' | 'x-token' | 'cookie';

/** The principal of a request: who, with which current role, in which session, and how the token came. */
export interface AuthUser {
  id: string;
  rol: Role;
  sessionId: string;
  via: TokenTransport;
}

declare module 'fastify' {
  interface FastifyRequest {
    user?: AuthUser;
  }
}
