import { type CustomDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';

const CREDENTIAL_ROUTE = 'vitalis:credential-route';

/**
 * Marks a handler that takes credentials (register, login, refresh): it counts against AUTH_RATE_LIMIT instead of
 * API_RATE_LIMIT. Read from the matched handler, never from the URL, so `/%61uth/login` counts the same.
 */
export const CredentialRoute = (): CustomDecorator => SetMetadata(CREDENTIAL_ROUTE, true);

export const isCredentialRoute = (context: ExecutionContext): boolean =>
  Reflect.getMetadata(CREDENTIAL_ROUTE, context.getHandler()) === true;
