import { Inject, Injectable } from '@nestjs/common';
import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomBytes } from 'node:crypto';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { CSRF_COOKIE, assertCsrf } from './csrf.js';
import type { AuthResultDto } from './dto/auth-result.dto.js';
import { ACCESS_COOKIE } from './token-extractor.js';

export const REFRESH_COOKIE = 'refresh_token';

/** The browser side of the tokens: HttpOnly access and refresh cookies plus the readable CSRF cookie. */
@Injectable()
export class AuthCookies {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  set(reply: FastifyReply, result: AuthResultDto): AuthResultDto {
    const base = this.base();
    void reply
      .setCookie(ACCESS_COOKIE, result.token, {
        ...base,
        path: '/',
        httpOnly: true,
        maxAge: result.expiresIn,
      })
      .setCookie(REFRESH_COOKIE, result.refreshToken, {
        ...base,
        path: '/auth',
        httpOnly: true,
        maxAge: this.config.refreshTtlSeconds,
      })
      .setCookie(CSRF_COOKIE, randomBytes(24).toString('base64url'), {
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
      .clearCookie(ACCESS_COOKIE, { ...base, path: '/' })
      .clearCookie(REFRESH_COOKIE, { ...base, path: '/auth' })
      .clearCookie(CSRF_COOKIE, { ...base, path: '/' });
  }

  /** The refresh token from the body, else from its cookie (a cookie-borne refresh must pass the CSRF rule). */
  refreshToken(request: FastifyRequest, fromBody: string | undefined): string {
    if (fromBody !== undefined) {
      return fromBody;
    }
    const cookie = request.cookies?.[REFRESH_COOKIE];
    if (cookie) {
      assertCsrf(request);
    }
    return cookie ?? '';
  }

  private base(): CookieSerializeOptions {
    return { sameSite: this.config.cookies.sameSite, secure: this.config.cookies.secure };
  }
}
