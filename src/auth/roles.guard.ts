import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../common/app-error.js';
import type { Role } from './roles.js';
import { ROLES_KEY } from './auth.decorators.js';

/** The global roles guard: routes marked @Roles(...) admit only those roles. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') {
      return true; // socket events: the gateway checks roles itself
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    const user = context.switchToHttp().getRequest<FastifyRequest>().user;
    if (roles && (!user || !roles.includes(user.rol))) {
      throw new AppError('FORBIDDEN_ROLE');
    }
    return true;
  }
}
