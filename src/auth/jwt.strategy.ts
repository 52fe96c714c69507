import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import type { JwtPayload } from 'jsonwebtoken';
import { Strategy } from 'passport-jwt';
import type { AuthUser } from '../common/auth-user.js';
import { PrincipalService } from './principal.service.js';
import { TokensService } from './tokens.service.js';

/** passport-jwt with the key picked by `kid`, then the principal check. The guard finds the token. */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    private readonly tokens: TokensService,
    private readonly principal: PrincipalService,
  ) {
    super({
      jwtFromRequest: (request: FastifyRequest) => request.accessToken?.token ?? null,
      secretOrKeyProvider: (_request, rawToken: string, done) => {
        try {
          // A KeyObject: jsonwebtoken takes it, though passport-jwt's types only list string | Buffer.
          done(null, tokens.keyFor(rawToken) as unknown as Buffer);
        } catch (error) {
          done(error);
        }
      },
      jsonWebTokenOptions: tokens.verifyOptions,
      algorithms: tokens.verifyOptions.algorithms,
      issuer: tokens.verifyOptions.issuer as string,
      audience: tokens.verifyOptions.audience as string,
      passReqToCallback: true,
    });
  }

  validate(request: FastifyRequest, payload: JwtPayload): Promise<AuthUser> {
    // Only called once a token was found, so accessToken is set.
    return this.principal.check(this.tokens.claimsOf(payload), request.accessToken!.via);
  }
}
