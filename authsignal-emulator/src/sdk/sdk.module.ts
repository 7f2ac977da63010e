import { Module } from '@nestjs/common';
import { SdkController } from './sdk.controller.js';

@Module({ controllers: [SdkController] })
export class SdkModule {}
