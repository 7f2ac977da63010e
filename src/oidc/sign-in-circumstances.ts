import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { INPUT_LIMITS } from '../common/input-limits.js';

/** Where a sign-in happens: what risk rules (Authsignal's, an `MfaPolicy`) and the logs look at. */
export interface SignInCircumstances {
  /** The client's address (from `X-Forwarded-For` when `TRUST_PROXY` is on). */
  ipAddress: string;
  userAgent?: string;
  /** The Authsignal browser SDK's device id (its `__as_aid` cookie, set by our pages' scripts), when well-formed. */
  deviceId?: string;
}

const DEVICE_ID_COOKIE = '__as_aid';
const DEVICE_ID_PATTERN = /^[A-Za-z0-9-]{8,64}$/;

export function circumstancesOf(req: Request): SignInCircumstances {
  const deviceId = req.cookies?.[DEVICE_ID_COOKIE];
  return {
    ipAddress: req.ip ?? 'unknown',
    userAgent: req.get('user-agent')?.slice(0, INPUT_LIMITS.userAgent),
    deviceId: typeof deviceId === 'string' && DEVICE_ID_PATTERN.test(deviceId) ? deviceId : undefined,
  };
}

/** The request's `SignInCircumstances`, so handlers pass plain values on instead of the request. */
export const Circumstances = createParamDecorator((_data: unknown, context: ExecutionContext) => circumstancesOf(context.switchToHttp().getRequest<Request>()));
