import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiSecurity } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { Role } from './roles.js';
import type { AuthUser } from './auth-user.js';

export const IS_PUBLIC = 'vitalis:public';
export const ROLES_KEY = 'vitalis:roles';

/** Opts a route out of the global JWT guard. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/** Narrows a route to these roles (checked by the global RolesGuard against the user's current role). */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, roles);

/** Swagger: the three ways to send an access token (the errors of authentication are derived from @Public). */
export const ApiAuth = (): MethodDecorator & ClassDecorator =>
  applyDecorators(ApiBearerAuth('bearer'), ApiSecurity('x-token'), ApiCookieAuth('cookie'));

/** The authenticated caller, as the JWT guard left it on the request. */
export const CurrentUser = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): AuthUser =>
    ctx.switchToHttp().getRequest<FastifyRequest>().user as AuthUser,
);
