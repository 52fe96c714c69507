import { type ArgumentsHost, Catch, type ExceptionFilter, Inject, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { toErrorResponse } from './error-response.js';
import { pickLocale } from './locale.js';

/**
 * The one exit for errors, also for Fastify's own (body parsing, content type), which Nest routes here:
 * the contract's body in the caller's language; details only in the log, with the request id.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') {
      throw exception;
    }
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { body, retryAfter, unexpected } = toErrorResponse(
      exception,
      // The caller's own language once the guard knows who they are (a refused token leaves no user).
      pickLocale(request.headers['accept-language'], request.user?.locale ?? this.config.defaultLocale),
    );
    if (unexpected) {
      this.logger.error(
        `request ${request.id} ${request.method} ${request.routeOptions?.url ?? ''} failed`,
        exception instanceof Error ? exception.stack : String(exception),
      );
    }
    if (retryAfter !== undefined) {
      void reply.header('retry-after', String(retryAfter));
    }
    void reply.status(body.statusCode).send(body);
  }
}
