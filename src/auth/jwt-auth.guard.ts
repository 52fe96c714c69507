import { type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../common/app-error.js';
import type { AuthUser } from './auth-user.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { type CookieNames, cookieNames } from './cookie-names.js';
import { assertCsrf } from './csrf.js';
import { IS_PUBLIC } from './auth.decorators.js';
import { extractAccessToken } from './token-extractor.js';
import { Authenticator } from './authenticator.js';

/** The global guard: every route needs a valid access token unless it is @Public(). */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  private readonly cookies: CookieNames;

  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    super();
    this.cookies = cookieNames(config.cookies.secure);
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    // Sockets are authenticated once, at their handshake (ChatGateway), not per event.
    if (
      context.getType() !== 'http' ||
      this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])
    ) {
      return true;
    }
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const found = extractAccessToken(request.headers, request.cookies, this.cookies.access);
    if (!found) {
      // A token sent without its scheme is the commonest first mistake: say so, with the same code.
      const bearerless =
        typeof request.headers.authorization === 'string' && request.headers.authorization.trim() !== '';
      throw new AppError(
        'TOKEN_MISSING',
        bearerless ? [{ field: 'authorization', constraints: { bearerScheme: 'use "Bearer <token>"' } }] : [],
      );
    }
    request.authentication = { ...found, authenticator: this.authenticator };
    await super.canActivate(context);
    if (request.user?.via === 'cookie') {
      assertCsrf(request, this.cookies.csrf);
    }
    return true;
  }

  override handleRequest<TUser = AuthUser>(error: unknown, user: TUser | false, info: unknown): TUser {
    // `error` is what the principal check threw (a contract code, or a database failure that must stay one);
    // `info` is why passport-jwt refused the token.
    if (error) {
      throw error as Error;
    }
    if (!user) {
      throw this.authenticator.refusal(info);
    }
    return user;
  }
}
