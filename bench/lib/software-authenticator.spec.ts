import { describe, expect, it } from '@jest/globals';
import { generateAuthenticationOptions, generateRegistrationOptions, verifyAuthenticationResponse, verifyRegistrationResponse } from '@simplewebauthn/server';
import { SoftwarePasskey } from './software-authenticator.js';

const origin = 'http://localhost:5001';

describe(SoftwarePasskey.name, () => {
  it('makes registrations and assertions that @simplewebauthn/server verifies', async () => {
    const passkey = new SoftwarePasskey();
    const creation = await generateRegistrationOptions({ rpName: 'Bench', rpID: 'localhost', userName: 'jane', attestationType: 'none' });
    const registration = await verifyRegistrationResponse({
      response: passkey.register(creation, origin),
      expectedChallenge: creation.challenge,
      expectedOrigin: origin,
      expectedRPID: 'localhost',
      requireUserVerification: true,
    });
    expect(registration.verified).toBe(true);
    const { credential } = registration.registrationInfo!;
    expect(credential.id).toBe(passkey.id);

    let counter = credential.counter;
    for (let round = 0; round < 2; round++) {
      const request = await generateAuthenticationOptions({ rpID: 'localhost', userVerification: 'required' });
      const assertion = passkey.assert(request, origin);
      expect(assertion.response.userHandle).toBe(creation.user.id);
      const result = await verifyAuthenticationResponse({
        response: assertion,
        expectedChallenge: request.challenge,
        expectedOrigin: origin,
        expectedRPID: 'localhost',
        credential: { id: credential.id, publicKey: credential.publicKey, counter },
        requireUserVerification: true,
      });
      expect(result.verified).toBe(true);
      expect(result.authenticationInfo.newCounter).toBeGreaterThan(counter);
      counter = result.authenticationInfo.newCounter;
    }
  });

  it('is refused for another origin', async () => {
    const passkey = new SoftwarePasskey();
    const creation = await generateRegistrationOptions({ rpName: 'Bench', rpID: 'localhost', userName: 'jane', attestationType: 'none' });
    await expect(
      verifyRegistrationResponse({ response: passkey.register(creation, 'http://localhost:1'), expectedChallenge: creation.challenge, expectedOrigin: origin, expectedRPID: 'localhost' }),
    ).rejects.toThrow();
  });
});
