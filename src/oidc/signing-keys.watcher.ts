import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.constants.js';
import { OidcProviderFactory } from './oidc-provider.factory.js';
import { ProviderHolder } from './provider-holder.js';
import { SigningKeysService } from './signing-keys.service.js';

/**
 * Keeps every instance serving the keys as they are now, without a restart: it re-reads them every
 * `SIGNING_KEYS_REFRESH_SECONDS` (a rotation by `npm run keys`, or a key reaching its activation or its
 * removal time) and, when what is published or what signs has changed, puts a provider built with the
 * new keys in place. A refresh that fails (database down, a key that cannot be opened) keeps the
 * provider serving and is logged; the next one tries again.
 */
@Injectable()
export class SigningKeysWatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SigningKeysWatcher.name);
  private readonly intervalMs: number;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly signingKeys: SigningKeysService,
    private readonly factory: OidcProviderFactory,
    private readonly holder: ProviderHolder,
  ) {
    this.intervalMs = config.oidc.signingKeys.refreshSeconds * 1000;
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.refresh(), this.intervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Serves the current keys; one refresh at a time. Resolves once the keys are checked (and the provider replaced, if they changed). */
  refresh(): Promise<void> {
    this.running ??= this.refreshOnce().finally(() => (this.running = undefined));
    return this.running;
  }

  private async refreshOnce(): Promise<void> {
    try {
      const keys = await this.signingKeys.current();
      if (keys.fingerprint === this.holder.fingerprint) return;
      this.holder.replace(this.factory.build(keys), keys.fingerprint);
      this.logger.log({ event: 'signing_keys.changed', keys: keys.fingerprint });
    } catch (error) {
      this.logger.error({ event: 'signing_keys.refresh_failed', err: error });
    }
  }
}
