import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import type { JwtPayload } from 'jsonwebtoken';
import { Strategy } from 'passport-jwt';
import type { AuthUser } from './auth-user.js';
import type { Authenticator } from './authenticator.js';
import type { FoundToken } from './token-extractor.js';

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * Set by the JWT guard for the strategy: the token it found, and its app's Authenticator. passport keeps one
     * strategy per name for the whole process, so the strategy must not hold an app's keys or database itself.
     */
    authentication?: FoundToken & { authenticator: Authenticator };
  }
}

/**
 * The HTTP adapter of the design card: passport-jwt checks the signature (HS256, the key named by `kid`) and the
 * expiry, then the request's Authenticator admits the payload (claims, user, session). The guard finds the token.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor() {
    super({
      jwtFromRequest: (request: FastifyRequest) => request.authentication?.token ?? null,
      secretOrKeyProvider: (request: FastifyRequest, rawToken: string, done) => {
        try {
          // A KeyObject: jsonwebtoken takes it, though passport-jwt's types only list string | Buffer.
          done(null, request.authentication!.authenticator.keyFor(rawToken) as unknown as Buffer);
        } catch (error) {
          done(error);
        }
      },
      algorithms: ['HS256'],
      passReqToCallback: true,
    });
  }

  validate(request: FastifyRequest, payload: JwtPayload): Promise<AuthUser> {
    // Only called once a token was found and its signature checked, so authentication is set.
    const { authenticator, via } = request.authentication!;
    return authenticator.admit(payload, via);
  }
}
