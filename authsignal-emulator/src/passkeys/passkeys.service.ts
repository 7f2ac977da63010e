import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  type AuthenticationResponseJSON,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import { ActionsService } from '../actions/actions.service.js';
import { Errors } from '../common/api-error.js';
import { EmulatorStore } from '../store/emulator.store.js';
import type { ActionRef, AuthenticatorRecord, PasskeyAuthenticationChallenge } from '../store/store.types.js';
import type { TenantConfig } from '../tenants/tenant.config.js';
import { TenantsService } from '../tenants/tenants.service.js';
import { assertMayAddAuthenticator } from '../tokens/authenticator-binding.js';
import type { TokenClaims } from '../tokens/token.claims.js';
import { actionRefOf } from '../tokens/tokens.service.js';
import { authenticatorView } from '../users/user.views.js';
import { UsersService } from '../users/users.service.js';
import { passkeyName } from './passkey-name.js';

/** How long a WebAuthn ceremony may take, in the options and for the stored challenge. */
const CEREMONY_MS = 5 * 60 * 1000;

function sameRef(a: ActionRef | undefined, b: ActionRef): boolean {
  return !!a && a.userId === b.userId && a.actionCode === b.actionCode && a.idempotencyKey === b.idempotencyKey;
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : 'The passkey response is malformed.';
}

/**
 * Passkey registration and authentication (reference §3.2–3.8), verified for real with @simplewebauthn/server:
 * challenge issued here and usable once, origin among the expected origins, RP ID hash, user presence and
 * verification, signature and counter, and the credential belonging to the token's user.
 */
@Injectable()
export class PasskeysService {
  constructor(
    private readonly store: EmulatorStore,
    private readonly users: UsersService,
    private readonly actions: ActionsService,
    private readonly tenants: TenantsService,
  ) {}

  async registrationOptions(tenant: TenantConfig, claims: TokenClaims, request: { username?: string; authenticatorAttachment?: 'platform' | 'cross-platform' }) {
    const action = this.actions.require(tenant.tenantId, actionRefOf(claims));
    this.actions.assertOpen(action);
    assertMayAddAuthenticator(claims, this.users.enrolment(tenant.tenantId, claims.sub).isEnrolled);
    const user = this.users.upsert(tenant.tenantId, claims.sub);
    // The SDK drops `displayName` from this request (reference §3.2), so it comes from the user record.
    const userName = request.username ?? user.username ?? user.email ?? user.userId;
    const options = await generateRegistrationOptions({
      rpName: tenant.rpName,
      rpID: tenant.rpId,
      userName,
      userID: new Uint8Array(Buffer.from(user.webauthnUserHandle, 'base64url')),
      userDisplayName: user.displayName ?? userName,
      timeout: CEREMONY_MS,
      attestationType: 'none',
      excludeCredentials: this.passkeysOf(tenant.tenantId, user.userId).map((passkey) => ({
        id: passkey.credentialId,
        transports: passkey.transports,
      })),
      authenticatorSelection: {
        residentKey: 'required',
        requireResidentKey: true,
        userVerification: tenant.userVerification,
        authenticatorAttachment: request.authenticatorAttachment,
      },
    });
    const challengeId = randomUUID();
    this.store.putChallenge(tenant.tenantId, {
      kind: 'passkey-registration',
      challengeId,
      action: actionRefOf(claims),
      challenge: options.challenge,
      ...this.lifetime(),
    });
    return { challengeId, options };
  }

  async addAuthenticator(
    tenant: TenantConfig,
    claims: TokenClaims,
    request: { registrationCredential: RegistrationResponseJSON; challengeId: string },
    userAgent?: string,
  ) {
    const ref = actionRefOf(claims);
    const action = this.actions.require(tenant.tenantId, ref);
    const challenge = this.store.challenge(tenant.tenantId, request.challengeId, 'passkey-registration');
    if (!challenge || !sameRef(challenge.action, ref)) {
      throw Errors.invalidChallenge('The registration challenge is unknown, expired, already used or issued for another token.');
    }
    this.store.deleteChallenge(tenant.tenantId, challenge.challengeId);
    this.actions.assertOpen(action);
    assertMayAddAuthenticator(claims, this.users.enrolment(tenant.tenantId, claims.sub).isEnrolled);

    let verification: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
    try {
      verification = await verifyRegistrationResponse({
        response: request.registrationCredential,
        expectedChallenge: challenge.challenge,
        expectedOrigin: this.tenants.expectedOrigins(tenant),
        expectedRPID: tenant.rpId,
        requireUserPresence: true,
        requireUserVerification: tenant.userVerification === 'required',
      });
    } catch (error) {
      throw Errors.invalidCredential(reason(error));
    }
    if (!verification.verified) throw Errors.invalidCredential('The passkey registration could not be verified.');
    const info = verification.registrationInfo;
    if (this.users.findPasskey(tenant.tenantId, info.credential.id)) throw Errors.invalidCredential('This passkey is already registered.');

    const now = new Date().toISOString();
    const authenticator = this.users.addAuthenticator(tenant.tenantId, {
      userId: claims.sub,
      verificationMethod: 'PASSKEY',
      verifiedAt: now,
      lastVerifiedAt: now,
      passkey: {
        credentialId: info.credential.id,
        publicKey: Buffer.from(info.credential.publicKey).toString('base64url'),
        counter: info.credential.counter,
        transports: info.credential.transports ?? request.registrationCredential.response.transports,
        aaguid: info.aaguid,
        credentialBackedUp: info.credentialBackedUp,
        credentialDeviceType: info.credentialDeviceType,
        authenticatorAttachment: request.registrationCredential.authenticatorAttachment,
        name: passkeyName(userAgent),
        userAgent,
      },
    });
    const { accessToken } = this.actions.succeed(tenant, action, 'PASSKEY', authenticator.userAuthenticatorId);
    return {
      isVerified: true,
      accessToken,
      userAuthenticatorId: authenticator.userAuthenticatorId,
      userId: claims.sub,
      userAuthenticator: authenticatorView(authenticator, this.users.find(tenant.tenantId, claims.sub)),
    };
  }

  /**
   * With a token: a challenge bound to that token's action, offering the user's passkeys. Without: an anonymous
   * (discoverable) challenge, either the one `POST /client/challenge` created for a named action or a new one
   * for the tenant's passkey sign-in action.
   */
  async authenticationOptions(tenant: TenantConfig, claims: TokenClaims | undefined, challengeId?: string) {
    if (claims) this.actions.assertOpen(this.actions.require(tenant.tenantId, actionRefOf(claims)));
    let record: PasskeyAuthenticationChallenge;
    if (challengeId) {
      const named = this.store.challenge(tenant.tenantId, challengeId, 'passkey-authentication');
      if (!named || named.challenge) throw Errors.invalidChallenge('The challenge is unknown, expired or already used.');
      record = named;
    } else {
      record = {
        kind: 'passkey-authentication',
        challengeId: randomUUID(),
        actionCode: claims?.other.actionCode ?? tenant.passkeySignInAction,
        ...this.lifetime(),
      };
    }
    if (claims) record.action = actionRefOf(claims);
    const allowed = claims ? this.passkeysOf(tenant.tenantId, claims.sub) : [];
    const options = await generateAuthenticationOptions({
      rpID: tenant.rpId,
      allowCredentials: allowed.map((passkey) => ({ id: passkey.credentialId, transports: passkey.transports })),
      userVerification: tenant.userVerification,
      timeout: CEREMONY_MS,
    });
    record.challenge = options.challenge;
    this.store.putChallenge(tenant.tenantId, record);
    return { challengeId: record.challengeId, options };
  }

  /** `POST /client/challenge`: names the action an anonymous passkey sign-in will complete. */
  startNamedChallenge(tenant: TenantConfig, actionCode: string) {
    const record: PasskeyAuthenticationChallenge = { kind: 'passkey-authentication', challengeId: randomUUID(), actionCode, ...this.lifetime() };
    this.store.putChallenge(tenant.tenantId, record);
    return { challengeId: record.challengeId };
  }

  async verify(
    tenant: TenantConfig,
    claims: TokenClaims | undefined,
    request: { authenticationCredential: AuthenticationResponseJSON; challengeId: string; deviceId?: string },
  ) {
    const record = this.store.challenge(tenant.tenantId, request.challengeId, 'passkey-authentication');
    const boundToCaller = claims ? sameRef(record?.action, actionRefOf(claims)) : !record?.action;
    if (!record?.challenge || !boundToCaller) {
      throw Errors.invalidChallenge('The challenge is unknown, expired, already used or issued for another caller.');
    }
    this.store.deleteChallenge(tenant.tenantId, record.challengeId);
    const action = claims ? this.actions.require(tenant.tenantId, actionRefOf(claims)) : undefined;
    if (action) this.actions.assertOpen(action);

    const authenticator = this.users.findPasskey(tenant.tenantId, request.authenticationCredential.id);
    const passkey = authenticator?.passkey;
    if (!authenticator || !passkey) throw Errors.invalidCredential('This passkey is not registered.');
    if (claims && authenticator.userId !== claims.sub) throw Errors.invalidCredential('This passkey belongs to another user.');
    const owner = this.users.find(tenant.tenantId, authenticator.userId);
    const userHandle = request.authenticationCredential.response?.userHandle;
    if (userHandle && userHandle !== owner?.webauthnUserHandle) throw Errors.invalidCredential('The user handle does not match the passkey owner.');

    const origins = this.tenants.expectedOrigins(tenant);
    let verification: Awaited<ReturnType<typeof verifyAuthenticationResponse>>;
    try {
      verification = await verifyAuthenticationResponse({
        response: request.authenticationCredential,
        expectedChallenge: record.challenge,
        expectedOrigin: origins,
        // The pre-built UI runs in an iframe of the application in popup mode.
        expectedTopOrigin: origins,
        expectedRPID: tenant.rpId,
        credential: { id: passkey.credentialId, publicKey: new Uint8Array(Buffer.from(passkey.publicKey, 'base64url')), counter: passkey.counter, transports: passkey.transports },
        requireUserVerification: tenant.userVerification === 'required',
      });
    } catch (error) {
      throw Errors.invalidCredential(reason(error));
    }
    if (!verification.verified) throw Errors.invalidCredential('The passkey signature is invalid.');
    passkey.counter = verification.authenticationInfo.newCounter;
    this.users.touch(authenticator);

    const { accessToken } = action
      ? this.actions.succeed(tenant, action, 'PASSKEY', authenticator.userAuthenticatorId)
      : this.actions.createSucceeded(tenant, authenticator.userId, record.actionCode, 'PASSKEY', {
          authenticatorId: authenticator.userAuthenticatorId,
          attributes: { deviceId: request.deviceId },
        });
    return {
      isVerified: true,
      accessToken,
      userId: authenticator.userId,
      userAuthenticatorId: authenticator.userAuthenticatorId,
      username: owner?.username,
      userDisplayName: owner?.displayName,
    };
  }

  /** `isAvailableOnDevice`: the first of the ids that is a live passkey of this tenant. */
  lookup(tenant: TenantConfig, credentialIds: string[]) {
    for (const credentialId of credentialIds) {
      const authenticator = this.users.findPasskey(tenant.tenantId, credentialId);
      if (authenticator) return { credentialId, verifiedAt: authenticator.verifiedAt };
    }
    throw Errors.notFound('None of these passkeys is registered.');
  }

  private passkeysOf(tenantId: string, userId: string): NonNullable<AuthenticatorRecord['passkey']>[] {
    return this.users
      .authenticators(tenantId, userId)
      .flatMap((authenticator) => (authenticator.passkey ? [authenticator.passkey] : []));
  }

  private lifetime() {
    const now = Date.now();
    return { createdAt: new Date(now).toISOString(), expiresAt: new Date(now + CEREMONY_MS).toISOString() };
  }
}
