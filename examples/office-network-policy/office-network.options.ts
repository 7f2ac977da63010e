import type { AppConfig } from '../../src/config/app-config.js';
import { APP_CONFIG } from '../../src/config/config.constants.js';
import type { IdentityServerOptions } from '../../src/identity-server.module.js';
import { StandardMfaPolicy } from '../../src/mfa/standard-mfa.policy.js';
import { OfficeNetworkPolicy } from './office-network.policy.js';

/**
 * What the team passes to `createIdentityServer(config, options)`: the office rule wrapped around the
 * standard policy. A factory rather than a class for Nest to build, because `OfficeNetworkPolicy` takes
 * any `MfaPolicy` to fall back on (a stub in a test, another team policy) instead of injecting
 * `StandardMfaPolicy` by class; building the standard one here from `APP_CONFIG` is all Nest would do,
 * and it spares a module whose only job is to provide it.
 */
export const officeNetworkOptions: IdentityServerOptions = {
  mfaPolicy: {
    useFactory: (config: AppConfig) => new OfficeNetworkPolicy(new StandardMfaPolicy(config)),
    inject: [APP_CONFIG],
  },
};
