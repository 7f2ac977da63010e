import type { FactoryProvider } from '@nestjs/common';
import { Authsignal } from '@authsignal/node';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.constants.js';
import { AUTHSIGNAL_CLIENT } from './authsignal.constants.js';

/** One SDK client for the process, from typed config (the emulator by default, a real tenant in production). */
export const authsignalClientFactory: FactoryProvider<Authsignal> = {
  provide: AUTHSIGNAL_CLIENT,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig) => new Authsignal({ apiSecretKey: config.authsignal.secretKey, apiUrl: config.authsignal.apiUrl }),
};
