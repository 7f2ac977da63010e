import { type PipeTransform, Injectable } from '@nestjs/common';
import { ValidateBy, type ValidationOptions } from 'class-validator';
import { Errors } from './api-error.js';
import { ACTION_CODE_PATTERN } from './authsignal.types.js';

export function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** An absolute http(s) URL: where the pre-built UI sends the browser back with the token. */
export function IsHttpUrl(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy({ name: 'isHttpUrl', validator: { validate: isHttpUrl, defaultMessage: () => '$property must be an absolute http(s) URL' } }, options);
}

/** Validates an action code path parameter (`^[a-zA-Z0-9_-]{1,64}$`). */
@Injectable()
export class ActionCodePipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!ACTION_CODE_PATTERN.test(value)) throw Errors.invalidRequest('The action code must match ^[a-zA-Z0-9_-]{1,64}$.');
    return value;
  }
}

/** A non-empty path segment of reasonable length (user ids, authenticator ids, idempotency keys). */
@Injectable()
export class IdentifierPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (typeof value !== 'string' || value.length === 0 || value.length > 255) throw Errors.invalidRequest('Invalid identifier in the path.');
    return value;
  }
}
