import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { CustomData, VerificationMethod } from '../common/authsignal.types.js';
import { EmulatorStore } from '../store/emulator.store.js';
import type { AuthenticatorRecord, UserRecord } from '../store/store.types.js';

export interface UserAttributes {
  email?: string;
  emailVerified?: boolean;
  phoneNumber?: string;
  phoneNumberVerified?: boolean;
  username?: string;
  displayName?: string;
  custom?: CustomData;
  locale?: string;
}

export interface UserQuery {
  username?: string;
  email?: string;
  phoneNumber?: string;
  userId?: string;
  limit: number;
  lastEvaluatedUserId?: string;
}

export interface Enrolment {
  isEnrolled: boolean;
  enrolledVerificationMethods: VerificationMethod[];
  defaultVerificationMethod?: VerificationMethod;
}

/** Only one authenticator app and one email address per user: a newly verified one replaces the old one. */
const SINGLE_PER_USER: VerificationMethod[] = ['AUTHENTICATOR_APP', 'EMAIL_OTP'];

/** Users and their authenticators, per tenant. Users are created implicitly (track, update, enrol). */
@Injectable()
export class UsersService {
  constructor(private readonly store: EmulatorStore) {}

  find(tenantId: string, userId: string): UserRecord | undefined {
    return this.store.tenant(tenantId).users[userId];
  }

  upsert(tenantId: string, userId: string, attributes: UserAttributes = {}): UserRecord {
    const users = this.store.tenant(tenantId).users;
    const user = users[userId] ?? {
      userId,
      emailVerified: false,
      phoneNumberVerified: false,
      webauthnUserHandle: randomBytes(32).toString('base64url'),
      createdAt: new Date().toISOString(),
    };
    users[userId] = user;
    this.apply(user, attributes);
    this.store.changed();
    return user;
  }

  /** Removes the user with everything that points at them: authenticators, actions, pending challenges. */
  delete(tenantId: string, userId: string): void {
    const tenant = this.store.tenant(tenantId);
    delete tenant.users[userId];
    for (const [id, authenticator] of Object.entries(tenant.authenticators)) {
      if (authenticator.userId === userId) delete tenant.authenticators[id];
    }
    for (const [key, action] of Object.entries(tenant.actions)) {
      if (action.userId === userId) delete tenant.actions[key];
    }
    for (const [id, challenge] of Object.entries(tenant.challenges)) {
      const owner = 'action' in challenge ? challenge.action?.userId : challenge.kind === 'server-email-otp' ? challenge.userId : undefined;
      if (owner === userId) delete tenant.challenges[id];
    }
    this.store.changed();
  }

  query(tenantId: string, query: UserQuery): { users: UserRecord[]; lastEvaluatedUserId?: string } {
    const matches = Object.values(this.store.tenant(tenantId).users)
      .filter((user) => query.userId === undefined || user.userId === query.userId)
      .filter((user) => query.username === undefined || user.username === query.username)
      .filter((user) => query.email === undefined || user.email?.toLowerCase() === query.email.toLowerCase())
      .filter((user) => query.phoneNumber === undefined || user.phoneNumber === query.phoneNumber)
      .sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0))
      .filter((user) => query.lastEvaluatedUserId === undefined || user.userId > query.lastEvaluatedUserId);
    const page = matches.slice(0, query.limit);
    const more = matches.length > page.length;
    return { users: page, lastEvaluatedUserId: more ? page[page.length - 1]?.userId : undefined };
  }

  /** Verified authenticators of a user, oldest first. Pending enrolments are not authenticators yet. */
  authenticators(tenantId: string, userId: string): AuthenticatorRecord[] {
    return Object.values(this.store.tenant(tenantId).authenticators)
      .filter((authenticator) => authenticator.userId === userId && authenticator.verifiedAt !== undefined)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  findAuthenticator(tenantId: string, userAuthenticatorId: string): AuthenticatorRecord | undefined {
    return this.store.tenant(tenantId).authenticators[userAuthenticatorId];
  }

  /** The user's enrolment still waiting for its first code, for one method. */
  pendingAuthenticator(tenantId: string, userId: string, method: VerificationMethod): AuthenticatorRecord | undefined {
    return Object.values(this.store.tenant(tenantId).authenticators).find(
      (authenticator) => authenticator.userId === userId && authenticator.verificationMethod === method && !authenticator.verifiedAt,
    );
  }

  findPasskey(tenantId: string, credentialId: string): AuthenticatorRecord | undefined {
    return Object.values(this.store.tenant(tenantId).authenticators).find(
      (authenticator) => authenticator.passkey?.credentialId === credentialId && authenticator.verifiedAt !== undefined,
    );
  }

  /** Adds an authenticator; pending (no `verifiedAt`) enrolments of the same method for the user are replaced. */
  addAuthenticator(
    tenantId: string,
    fields: Omit<AuthenticatorRecord, 'userAuthenticatorId' | 'createdAt'>,
  ): AuthenticatorRecord {
    const authenticators = this.store.tenant(tenantId).authenticators;
    for (const [id, existing] of Object.entries(authenticators)) {
      if (existing.userId === fields.userId && existing.verificationMethod === fields.verificationMethod && !existing.verifiedAt) {
        delete authenticators[id];
      }
    }
    const authenticator: AuthenticatorRecord = { userAuthenticatorId: randomUUID(), createdAt: new Date().toISOString(), ...fields };
    authenticators[authenticator.userAuthenticatorId] = authenticator;
    if (authenticator.verifiedAt) this.dropReplaced(tenantId, authenticator);
    this.store.changed();
    return authenticator;
  }

  /** Marks an enrolment verified by its first code; it then replaces an older one of the same kind. */
  activate(tenantId: string, authenticator: AuthenticatorRecord, now = new Date()): AuthenticatorRecord {
    authenticator.verifiedAt ??= now.toISOString();
    authenticator.lastVerifiedAt = now.toISOString();
    this.dropReplaced(tenantId, authenticator);
    this.store.changed();
    return authenticator;
  }

  touch(authenticator: AuthenticatorRecord, now = new Date()): void {
    authenticator.lastVerifiedAt = now.toISOString();
    this.store.changed();
  }

  deleteAuthenticator(tenantId: string, userId: string, userAuthenticatorId: string): boolean {
    const authenticators = this.store.tenant(tenantId).authenticators;
    if (authenticators[userAuthenticatorId]?.userId !== userId) return false;
    delete authenticators[userAuthenticatorId];
    this.store.changed();
    return true;
  }

  enrolment(tenantId: string, userId: string): Enrolment {
    const authenticators = this.authenticators(tenantId, userId);
    const methods = [...new Set(authenticators.map((authenticator) => authenticator.verificationMethod))];
    const preferred = authenticators.find((authenticator) => authenticator.isDefault) ?? authenticators[0];
    return {
      isEnrolled: authenticators.length > 0,
      enrolledVerificationMethods: methods,
      defaultVerificationMethod: preferred?.verificationMethod,
    };
  }

  private dropReplaced(tenantId: string, kept: AuthenticatorRecord): void {
    if (!SINGLE_PER_USER.includes(kept.verificationMethod)) return;
    const authenticators = this.store.tenant(tenantId).authenticators;
    for (const [id, other] of Object.entries(authenticators)) {
      if (id !== kept.userAuthenticatorId && other.userId === kept.userId && other.verificationMethod === kept.verificationMethod) {
        delete authenticators[id];
      }
    }
  }

  private apply(user: UserRecord, attributes: UserAttributes): void {
    if (attributes.email !== undefined && attributes.email !== user.email) {
      user.email = attributes.email;
      user.emailVerified = false;
    }
    if (attributes.phoneNumber !== undefined && attributes.phoneNumber !== user.phoneNumber) {
      user.phoneNumber = attributes.phoneNumber;
      user.phoneNumberVerified = false;
    }
    if (attributes.emailVerified !== undefined) user.emailVerified = attributes.emailVerified;
    if (attributes.phoneNumberVerified !== undefined) user.phoneNumberVerified = attributes.phoneNumberVerified;
    if (attributes.username !== undefined) user.username = attributes.username;
    if (attributes.displayName !== undefined) user.displayName = attributes.displayName;
    if (attributes.custom !== undefined) user.custom = { ...user.custom, ...attributes.custom };
    if (attributes.locale !== undefined) user.locale = attributes.locale;
  }
}
