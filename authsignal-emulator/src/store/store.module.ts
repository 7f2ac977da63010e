import { Module } from '@nestjs/common';
import { EmulatorStore } from './emulator.store.js';

@Module({ providers: [EmulatorStore], exports: [EmulatorStore] })
export class StoreModule {}
