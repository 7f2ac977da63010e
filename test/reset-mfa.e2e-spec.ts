import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AuthsignalService } from '../src/authsignal/authsignal.service.js';
import { ACR } from '../src/oidc/authentication-context.js';
import { ResetMfaIncompleteError } from '../src/users/cli/reset-mfa.js';
import { parseUsersCommand, runUsersCommand, type UsersCommandIo } from '../src/users/cli/users-command.js';
import { DEMO_PASSWORD } from '../src/users/demo-users.js';
import { UsersService } from '../src/users/users.service.js';
import { enrolEmailOtp, secondStepOf, trackTokenOf } from './support/authsignal-steps.js';
import { HttpBrowser } from './support/http-browser.js';
import { type IdentityServerWithEmulator, startIdentityServerWithEmulator } from './support/identity-server.js';
import { RelyingParty, submitLogin } from './support/relying-party.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

const REDIRECT_URI = 'http://localhost:5999/callback';

/**
 * `npm run users -- reset-mfa <username>` against the emulator through the server's own Authsignal
 * service and the unmodified node SDK: alice lost the phone with her authenticator app.
 */
describe('reset-mfa (identity server + Authsignal emulator)', () => {
  let testDb: TestDatabase;
  let pair: IdentityServerWithEmulator;
  let rp: RelyingParty;
  const printed: string[] = [];
  const logged: Record<string, unknown>[] = [];

  beforeAll(async () => {
    testDb = await createTestDatabase();
    pair = await startIdentityServerWithEmulator(testDb.db, { env: { CLIENT_APP_URL: 'http://localhost:5999' } });
    rp = await RelyingParty.discover(pair.idp.issuer, REDIRECT_URI);
  });
  afterAll(async () => {
    await pair?.close();
    await testDb?.close();
  });

  const resetMfa = (username: string) => {
    const parsed = parseUsersCommand(['reset-mfa', username]);
    if (parsed.help) throw new Error('expected a command');
    const io: UsersCommandIo = {
      newPassword: async () => {
        throw new Error('reset-mfa asks for no password');
      },
      print: (text) => printed.push(text),
      table: () => undefined,
      log: (entry) => logged.push(entry),
      authenticators: () => pair.idp.app.get(AuthsignalService),
      operator: 'helpdesk',
    };
    return runUsersCommand(parsed, pair.idp.app.get(UsersService), io);
  };

  it('removes alice’s authenticator app, so her next password sign-in sets up a new second factor', async () => {
    const alice = (await pair.idp.app.get(UsersService).findByUsername('alice'))!;
    expect((await pair.authsignal.getAuthenticators({ userId: alice.id })).map((authenticator) => authenticator.verificationMethod)).toEqual(['AUTHENTICATOR_APP']);

    await resetMfa('alice');

    expect(await pair.authsignal.getAuthenticators({ userId: alice.id })).toEqual([]);
    expect(printed.at(-1)).toContain('Removed 1 authenticator(s) of alice at Authsignal:\n  - authenticator app');
    expect(logged.at(-1)).toMatchObject({ event: 'users.reset_mfa', outcome: 'done', sub: alice.id, operator: 'helpdesk' });

    const browser = new HttpBrowser();
    const request = await rp.authorization();
    const loginPage = await browser.get(request.url);
    const { challengeUrl, callbackUrl } = secondStepOf(loginPage.url, await submitLogin(browser, loginPage, { username: 'alice', password: DEMO_PASSWORD }, REDIRECT_URI));
    const trackToken = trackTokenOf(challengeUrl);
    // The pre-built UI now enrols (nothing is enrolled) instead of asking for the lost app's code.
    expect((await pair.authsignal.validateChallenge({ token: trackToken })).state).toBe('ALLOW');
    const token = await enrolEmailOtp(pair.emulator, trackToken, 'alice@example.com');
    const callback = await browser.get(`${callbackUrl}?token=${encodeURIComponent(token)}`, { stopAt: REDIRECT_URI });
    expect((await rp.redeem(callback.url, request)).claims()).toMatchObject({ preferred_username: 'alice', amr: ['pwd', 'mfa', 'otp'], acr: ACR.multiFactor });
    expect((await pair.authsignal.getAuthenticators({ userId: alice.id })).map((authenticator) => authenticator.verificationMethod)).toEqual(['EMAIL_OTP']);
  });

  it('says clearly that nothing was removed when Authsignal is down', async () => {
    await pair.emulator.close();
    const failure = await resetMfa('bob').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ResetMfaIncompleteError);
    expect((failure as Error).message).toMatch(/nothing was removed\. Check AUTHSIGNAL_API_URL and AUTHSIGNAL_SECRET_KEY, then run reset-mfa bob again\.$/);
  });
});
