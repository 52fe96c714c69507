import { Inject, Injectable } from '@nestjs/common';
import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomBytes } from 'node:crypto';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { type CookieNames, cookieNames } from './cookie-names.js';
import { assertCsrf } from './csrf.js';
import type { AuthResultDto } from './dto/auth-result.dto.js';

/** The browser side of the tokens: HttpOnly access and refresh cookies plus the readable CSRF cookie. */
@Injectable()
export class AuthCookies {
  private readonly names: CookieNames;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.names = cookieNames(config.cookies.secure);
  }

  set(reply: FastifyReply, result: AuthResultDto): AuthResultDto {
    const base = this.base();
    void reply
      .setCookie(this.names.access, result.token, {
        ...base,
        path: '/',
        httpOnly: true,
        maxAge: result.expiresIn,
      })
      .setCookie(this.names.refresh, result.refreshToken, {
        ...base,
        path: '/auth',
        httpOnly: true,
        maxAge: this.config.refreshTtlSeconds,
      })
      .setCookie(this.names.csrf, randomBytes(24).toString('base64url'), {
        ...base,
        path: '/',
        httpOnly: false,
        maxAge: this.config.refreshTtlSeconds,
      });
    return result;
  }

  clear(reply: FastifyReply): void {
    const base = this.base();
    void reply
      .clearCookie(this.names.access, { ...base, path: '/' })
      .clearCookie(this.names.refresh, { ...base, path: '/auth' })
      .clearCookie(this.names.csrf, { ...base, path: '/' });
  }

  /** The refresh token from the body, else from its cookie (a cookie-borne refresh must pass the CSRF rule). */
  refreshToken(request: FastifyRequest, fromBody: string | undefined): string {
    if (fromBody !== undefined) {
      return fromBody;
    }
    const cookie = request.cookies?.[this.names.refresh];
    if (cookie) {
      assertCsrf(request, this.names.csrf);
    }
    return cookie ?? '';
  }

  private base(): CookieSerializeOptions {
    return { sameSite: this.config.cookies.sameSite, secure: this.config.cookies.secure };
  }
}
