import { ValidationError, ValidationPipe } from '@nestjs/common';
import type { FieldError } from '@pneumatic/contracts';
import { ValidationFailedError } from '../errors';

/** Flattens class-validator's tree into `{field, message}` pairs with dotted paths. */
export function toFieldErrors(errors: readonly ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const field = error.property ? (parent ? `${parent}.${error.property}` : error.property) : parent || 'body';
    for (const message of Object.values(error.constraints ?? {})) out.push({ field, message: sentence(message, error.property) });
    if (error.children?.length) out.push(...toFieldErrors(error.children, field));
  }
  return out;
}

/** The one validation pipe: unknown fields rejected, types converted, failures as problem details. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ValidationFailedError(toFieldErrors(errors)),
  });
}

function sentence(message: string, property: string): string {
  if (message === 'an unknown value was passed to the validate function') return 'the body must be a JSON object';
  if (message === `property ${property} should not exist`) return 'is not an allowed field';
  return message.startsWith(`${property} `) ? message.slice(property.length + 1) : message;
}
