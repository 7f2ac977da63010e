import { All, Controller, Req } from '@nestjs/common';
import type { Request } from 'express';
import { Errors } from '../common/api-error.js';

/** The SDK's other client routes (SMS, magic links, security keys, push, QR…) answer a JSON 404 (reference §3.11). */
@Controller('v1/client')
export class NotImplementedController {
  @All('{*path}')
  notImplemented(@Req() request: Request): never {
    throw Errors.notImplemented(`${request.method} ${request.path} is not implemented by the Authsignal emulator.`);
  }
}
