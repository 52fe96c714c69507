import { Injectable } from '@nestjs/common';
import { AppError } from '../common/app-error.js';
import { SessionsService } from '../sessions/sessions.service.js';
import type { AuthUser } from '../common/auth-user.js';
import type { TokenTransport } from '../common/auth-user.js';
import type { AccessClaims } from './tokens.service.js';

/**
 * The check after the signature, on every request and socket handshake: the user exists and is active and the
 * session is alive. One indexed query, so logout, deletion and disabling work on the very next request.
 */
@Injectable()
export class PrincipalService {
  constructor(private readonly sessions: SessionsService) {}

  async check(claims: AccessClaims, via: TokenTransport): Promise<AuthUser> {
    const row = await this.sessions.findPrincipal(claims.sub, claims.sid);
    if (!row || row.deleted) {
      throw new AppError('USER_NOT_FOUND');
    }
    if (!row.is_active) {
      throw new AppError('USER_DISABLED');
    }
    if (!row.session_live) {
      throw new AppError('SESSION_REVOKED');
    }
    // The role comes from the database, so a role change applies at once, not when the token expires.
    return { id: claims.sub, rol: row.rol, sessionId: claims.sid, via };
  }
}
