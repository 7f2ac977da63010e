import type { FactoryProvider } from '@nestjs/common';
import { Authsignal } from '@authsignal/node';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.constants.js';
import { AUTHSIGNAL_CLIENT } from './authsignal.constants.js';

/** The SDK client for a configuration (the emulator by default, a real tenant in production). */
export const createAuthsignalClient = (config: AppConfig): Authsignal => new Authsignal({ apiSecretKey: config.authsignal.secretKey, apiUrl: config.authsignal.apiUrl });

/** One SDK client for the process, from typed config. */
export const authsignalClientFactory: FactoryProvider<Authsignal> = {
  provide: AUTHSIGNAL_CLIENT,
  inject: [APP_CONFIG],
  useFactory: createAuthsignalClient,
};
