import type { Session } from '../../sessions/session.entity.js';

export class SessionDto {
  id: string;
  createdAt: Date;
  lastUsedAt: Date;
  expiresAt: Date;
  userAgent: string | null;
  ip: string | null;
  /** True for the session of the token making this request. */
  current: boolean;
}

export function toSessionDto(session: Session, currentSessionId: string): SessionDto {
  const { id, createdAt, lastUsedAt, expiresAt, userAgent, ip } = session;
  return { id, createdAt, lastUsedAt, expiresAt, userAgent, ip, current: id === currentSessionId };
}
