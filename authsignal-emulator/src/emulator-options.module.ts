import { type DynamicModule, Global, Module } from '@nestjs/common';
import { EMULATOR_OPTIONS, type ResolvedEmulatorOptions } from './constants.js';

/** Makes one instance's options injectable everywhere in that instance (several instances may share a process). */
@Global()
@Module({})
export class EmulatorOptionsModule {
  static forRoot(options: ResolvedEmulatorOptions): DynamicModule {
    return { module: EmulatorOptionsModule, providers: [{ provide: EMULATOR_OPTIONS, useValue: options }], exports: [EMULATOR_OPTIONS] };
  }
}
