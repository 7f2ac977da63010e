import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { Errors } from './api-error.js';

function messages(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((error) => {
    const path = `${prefix}${error.property}`;
    const own = Object.values(error.constraints ?? {}).map((message) => (message.startsWith(path) ? message : `${path}: ${message}`));
    return [...own, ...messages(error.children ?? [], `${path}.`)];
  });
}

/**
 * Validates DTOs the way Authsignal's API behaves: unknown fields are ignored (stripped), an empty or missing
 * body counts as `{}`, and a shape error is a 400 `invalid_request` naming the fields.
 */
export function apiValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: false,
    transform: true,
    exceptionFactory: (errors) => Errors.invalidRequest(messages(errors).join('; ') || 'The request is invalid.'),
  });
}
