import type { INestApplication, Type } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import { ModulesContainer } from '@nestjs/core';
import { getMetadataStorage } from 'class-validator';

/** One field a DTO validates: its class-validator constraint names (isUuid, isInstant, ...), isIn's values, min/max. */
export interface FieldSpec {
  name: string;
  constraints: string[];
  allowed: unknown[];
  min?: number;
  max?: number;
}

export interface RouteInputs {
  query: FieldSpec[];
  body: FieldSpec[];
}

type RouteArgs = Record<string, { index: number; pipes?: unknown[] }>;

/**
 * The fields of each operation's query and body DTOs, by Swagger operationId (the handler's name), read from Nest's
 * and class-validator's metadata (constraint names and allowed values, which /docs-json does not carry).
 */
export function routeInputs(app: INestApplication): Map<string, RouteInputs> {
  const inputs = new Map<string, RouteInputs>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const { metatype } of module.controllers.values()) {
      const controller = metatype as Type;
      for (const method of Object.getOwnPropertyNames(controller.prototype)) {
        const args = Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) as RouteArgs | undefined;
        const types = (Reflect.getMetadata('design:paramtypes', controller.prototype, method) ??
          []) as Type[];
        const fields = (kind: RouteParamtypes): FieldSpec[] => {
          const arg = Object.entries(args ?? {}).find(([key]) => key.startsWith(`${kind}:`))?.[1];
          // An array body (`ArrayBodyPipe`) names its item type on the pipe.
          const itemType = arg?.pipes
            ?.map((pipe) => (pipe as { itemType?: Type }).itemType)
            .find((type) => type !== undefined);
          return arg ? fieldsOf(itemType ?? types[arg.index]) : [];
        };
        inputs.set(method, {
          query: fields(RouteParamtypes.QUERY),
          body: fields(RouteParamtypes.BODY),
        });
      }
    }
  }
  return inputs;
}

function fieldsOf(dto: Type | undefined): FieldSpec[] {
  if (!dto) {
    return [];
  }
  const byName = new Map<string, FieldSpec>();
  for (const rule of getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false)) {
    const field = byName.get(rule.propertyName) ?? { name: rule.propertyName, constraints: [], allowed: [] };
    const name = rule.name ?? rule.type;
    field.constraints.push(name);
    const [first] = (rule.constraints ?? []) as unknown[];
    if (name === 'isIn' && Array.isArray(first)) {
      field.allowed.push(...(first as unknown[]));
    } else if ((name === 'min' || name === 'max') && typeof first === 'number') {
      field[name] = first;
    }
    byName.set(rule.propertyName, field);
  }
  return [...byName.values()];
}
