import { Injectable } from '@nestjs/common';
import { Errors } from '../common/api-error.js';
import { newTotpSecret } from '../otp/totp.js';
import type { AuthenticatorRecord } from '../store/store.types.js';
import type { TenantConfig } from '../tenants/tenant.config.js';
import { UsersService } from '../users/users.service.js';
import type { EnrollAuthenticatorDto } from './dto/enroll-authenticator.dto.js';

function secretFromOtpUri(otpUri: string): string {
  try {
    const secret = new URL(otpUri).searchParams.get('secret')?.toUpperCase();
    if (secret && /^[A-Z2-7]+=*$/.test(secret)) return secret;
  } catch {
    // reported below
  }
  throw Errors.invalidRequest('otpUri must be an otpauth:// URI with a base32 secret.');
}

/** `POST /users/{userId}/authenticators`: enrols an authenticator the application verified itself; sends nothing. */
@Injectable()
export class VerifiedEnrolmentService {
  constructor(private readonly users: UsersService) {}

  enroll(tenant: TenantConfig, userId: string, request: EnrollAuthenticatorDto): AuthenticatorRecord {
    const now = new Date().toISOString();
    const base = { userId, verificationMethod: request.verificationMethod, verifiedAt: now, isDefault: request.isDefault };
    switch (request.verificationMethod) {
      case 'EMAIL_OTP': {
        if (!request.email) throw Errors.invalidRequest('email is required for EMAIL_OTP.');
        const user = this.users.upsert(tenant.tenantId, userId);
        if (!user.email || user.email === request.email) this.users.upsert(tenant.tenantId, userId, { email: request.email, emailVerified: true });
        return this.users.addAuthenticator(tenant.tenantId, { ...base, email: request.email });
      }
      case 'SMS': {
        if (!request.phoneNumber) throw Errors.invalidRequest('phoneNumber is required for SMS.');
        const user = this.users.upsert(tenant.tenantId, userId);
        if (!user.phoneNumber || user.phoneNumber === request.phoneNumber) {
          this.users.upsert(tenant.tenantId, userId, { phoneNumber: request.phoneNumber, phoneNumberVerified: true });
        }
        return this.users.addAuthenticator(tenant.tenantId, { ...base, phoneNumber: request.phoneNumber });
      }
      case 'AUTHENTICATOR_APP': {
        this.users.upsert(tenant.tenantId, userId);
        const secret = request.otpUri ? secretFromOtpUri(request.otpUri) : newTotpSecret();
        return this.users.addAuthenticator(tenant.tenantId, { ...base, totp: { secret } });
      }
      case 'PASSKEY': {
        if (!request.credentialId || !request.publicKey) throw Errors.invalidRequest('credentialId and publicKey are required for PASSKEY.');
        if (this.users.findPasskey(tenant.tenantId, request.credentialId)) throw Errors.invalidRequest('This passkey is already registered.');
        this.users.upsert(tenant.tenantId, userId);
        return this.users.addAuthenticator(tenant.tenantId, {
          ...base,
          passkey: {
            credentialId: request.credentialId,
            publicKey: request.publicKey,
            counter: request.counter ?? 0,
            aaguid: request.aaguid?.toLowerCase() ?? '00000000-0000-0000-0000-000000000000',
            credentialBackedUp: false,
            credentialDeviceType: 'singleDevice',
            name: request.name ?? 'Passkey',
          },
        });
      }
    }
  }
}
