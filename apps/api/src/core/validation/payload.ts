import type { Type } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { ValidationFailedError } from '../errors';
import { toFieldErrors } from '../http/validation';
import { jsonShapeError } from './json-shape';

/**
 * Validates a socket payload with the same DTO classes and the same rules as the REST validation
 * pipe (unknown fields refused, values transformed), so every transport accepts exactly the same input.
 */
export async function validatePayload<T extends object>(dto: Type<T>, payload: unknown): Promise<T> {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new ValidationFailedError([{ field: 'payload', message: 'must be a JSON object' }]);
  }
  const shapeError = jsonShapeError(payload);
  if (shapeError) throw new ValidationFailedError([shapeError]);
  const instance = plainToInstance(dto, payload);
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  if (errors.length > 0) throw new ValidationFailedError(toFieldErrors(errors));
  return instance;
}
