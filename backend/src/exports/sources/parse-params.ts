import { BadRequestException } from '@nestjs/common';
import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync } from 'class-validator';
import { flattenValidationErrors } from '../../http/validation';

/**
 * An export's `params` checked by the same DTO the matching list route validates its query with, so
 * that what the list refuses the export refuses alike, under `params.<field>`.
 */
export const parseParams = <T extends object>(dto: ClassConstructor<T>, params: unknown, omit: readonly string[] = []): T => {
  if (params !== undefined && (params === null || typeof params !== 'object' || Array.isArray(params))) {
    const message = 'params must be an object';
    throw new BadRequestException({ message, errors: [{ field: 'params', rule: 'isObject', message }] });
  }
  const plain = { ...((params ?? {}) as Record<string, unknown>) };
  const refused = omit.filter((key) => key in plain);
  const instance = plainToInstance(dto, plain);
  const errors = flattenValidationErrors(validateSync(instance, { whitelist: true, forbidNonWhitelisted: true, stopAtFirstError: false }), 'params');
  for (const key of refused) errors.push({ field: `params.${key}`, rule: 'whitelistValidation', message: `params.${key} is not taken by an export: it holds every page` });
  if (errors.length > 0) throw new BadRequestException({ message: 'Validation failed', errors });
  return instance;
};
