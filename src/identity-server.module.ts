import { type DynamicModule, Global, type InjectionToken, Module, type ModuleMetadata, type Provider, type Type, ValidationPipe } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { BRANDING, type BrandingOptions, resolveBranding } from './branding/branding.js';
import { CLAIMS_PROVIDER, type ClaimsProvider } from './claims/claims-provider.js';
import { StandardClaims } from './claims/standard-claims.provider.js';
import { AppExceptionFilter } from './errors/app-exception.filter.js';
import { requestLoggingParams } from './common/web/request-logging.js';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { ConsentModule } from './consent/consent.module.js';
import type { Database } from './database/database.js';
import { DatabaseModule } from './database/database.module.js';
import { DemoModule } from './demo/demo.module.js';
import { EmailCodeModule } from './email-code/email-code.module.js';
import { HealthModule } from './health/health.module.js';
import { LoginModule } from './login/login.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { MFA_POLICY, type MfaPolicy } from './mfa/mfa-policy.js';
import { MfaModule } from './mfa/mfa.module.js';
import { StandardMfaPolicy } from './mfa/standard-mfa.policy.js';
import { OidcModule } from './oidc/oidc.module.js';
import { PasskeysModule } from './passkeys/passkeys.module.js';
import { DatabaseUserStore } from './users/database-user-store.js';
import { USER_STORE, type UserStore } from './users/user-store.js';
import { UsersModule } from './users/users.module.js';

/** How a team supplies a port: its class (built by Nest, with its own injections), a value, or a factory. */
export type PortImplementation<T> = Type<T> | { useValue: T } | { useFactory: (...args: never[]) => T | Promise<T>; inject?: InjectionToken[] };

/**
 * What a team chooses when it adopts the server: each port's implementation (the built-in one by
 * default) and the modules those implementations need. This is the public entry that stays stable;
 * `docs/extending.md` describes each option.
 */
export interface IdentityServerOptions {
  /** Where accounts live (`UserStore`); default: the server's own `users` table. */
  userStore?: PortImplementation<UserStore>;
  /** The scopes, their claims and consent wording, and the claims' values (`ClaimsProvider`); default: `profile` and `email`. */
  claims?: PortImplementation<ClaimsProvider>;
  /** What a sign-in needs after the password (`MfaPolicy`); default: the client's setting, the requested acr and Authsignal's rules. */
  mfaPolicy?: PortImplementation<MfaPolicy>;
  /** How the pages look (views, assets, brand name, logo, copy); default: `BRANDING_DIR`, else the built-in look. */
  branding?: BrandingOptions;
  /** Modules the team's implementations inject from (their own database client, say). */
  imports?: ModuleMetadata['imports'];
  /** An open database to use instead of the configured one (tests share one between instances); not closed on shutdown. */
  database?: Database;
}

/** The ports, provided once for the whole server, so the kernel and every step inject the same ones. */
@Global()
@Module({})
class PortsModule {
  static forRoot(config: AppConfig, options: IdentityServerOptions): DynamicModule {
    const branding = resolveBranding({ ...(config.brandingDir ? { dir: config.brandingDir } : {}), ...options.branding });
    const ports: Provider[] = [
      { provide: BRANDING, useValue: branding },
      port(USER_STORE, options.userStore, DatabaseUserStore),
      port(MFA_POLICY, options.mfaPolicy, StandardMfaPolicy),
      port(CLAIMS_PROVIDER, options.claims, StandardClaims),
    ];
    return { module: PortsModule, imports: [UsersModule, ...(options.imports ?? [])], providers: ports, exports: ports.map((provider) => (provider as { provide: InjectionToken }).provide) };
  }
}

function port<T>(token: InjectionToken, chosen: PortImplementation<T> | undefined, fallback: Type<T>): Provider {
  const implementation = chosen ?? fallback;
  if (typeof implementation === 'function') return { provide: token, useClass: implementation };
  return { provide: token, ...implementation } as Provider;
}

/**
 * The identity server as Nest modules: infrastructure, the kernel (`oidc/`), the ports, and the steps
 * (`login`, `mfa`, `passkeys`, `email-code`, `consent`), each a module of its own that registers with the kernel.
 */
@Module({})
export class IdentityServerModule {
  static forRoot(config: AppConfig, options: IdentityServerOptions = {}): DynamicModule {
    return {
      module: IdentityServerModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(requestLoggingParams(config.logLevel, 'identity-server')),
        DatabaseModule.forRoot(options.database),
        MetricsModule,
        PortsModule.forRoot(config, options),
        HealthModule,
        OidcModule,
        LoginModule,
        MfaModule,
        PasskeysModule,
        // Switched off, its routes do not exist and the login page does not offer it.
        ...(config.emailCodeSignIn ? [EmailCodeModule] : []),
        ConsentModule,
        DemoModule,
      ],
      providers: [
        { provide: APP_PIPE, useValue: new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }) },
        { provide: APP_FILTER, useClass: AppExceptionFilter },
      ],
    };
  }
}
