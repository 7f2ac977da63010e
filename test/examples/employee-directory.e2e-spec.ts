import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Authsignal, VerificationMethod } from '@authsignal/node';
import { type RunningEmulator, startEmulator } from '../../authsignal-emulator/src/emulator.js';
import { EmployeeUserStore } from '../../examples/employee-directory/employee.user-store.js';
import { employeeDirectoryOptions } from '../../examples/employee-directory/employee-directory.options.js';
import { hashEmployeePassword, verifyEmployeePassword } from '../../examples/employee-directory/employee-password.hash.js';
import { EMPLOYEES_SCHEMA } from '../../examples/employee-directory/employees.schema.js';
import { ACR } from '../../src/oidc/authentication-context.js';
import { DEMO_PASSWORD } from '../../src/users/demo-users.js';
import { USER_STORE, type UserStore } from '../../src/users/user-store.js';
import { UsersService } from '../../src/users/users.service.js';
import { challengeEmailOtp, secondStepOf, trackTokenOf } from '../support/authsignal-steps.js';
import { freePort } from '../../bench/lib/free-port.js';
import { type BrowserResponse, HttpBrowser, inputValue } from '../support/http-browser.js';
import { authsignalEnv, type RunningIdentityServer, startIdentityServer } from '../support/identity-server.js';
import { passkeySignInToken, registerPasskey } from '../support/passkey-steps.js';
import { RelyingParty, submitLogin } from '../support/relying-party.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const CLIENT_URL = 'http://localhost:5999';
const REDIRECT_URI = `${CLIENT_URL}/callback`;
const PASSWORD = 'Correct-horse-1';
const JANE = { id: 'emp-000123', loginName: 'Jane.Doe', fullName: 'Jane Doe', email: 'jane.doe@example.com', active: true };
const LEFT = { id: 'emp-000456', loginName: 'Sam.Left', fullName: 'Sam Left', email: 'sam.left@example.com', active: false };

/**
 * The employee-directory example: the server signs people in from the team's own `employees` table
 * (text ids, scrypt hashes, an active flag) through `EmployeeUserStore`, with the second factor and
 * passkeys in Authsignal under the employees' ids. Authsignal's rules here challenge every enrolled user.
 */
describe('Sign-in from an existing employees table (examples/employee-directory)', () => {
  let testDb: TestDatabase;
  let emulator: RunningEmulator;
  let idp: RunningIdentityServer;
  let rp: RelyingParty;
  let authsignal: Authsignal;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    // The table exists before the server does, as the team's does; the server's migrations never touch it.
    await testDb.db.exec(EMPLOYEES_SCHEMA);
    for (const employee of [JANE, LEFT]) {
      await testDb.db.query('INSERT INTO employees (id, login_name, full_name, email, password_hash, active) VALUES ($1, $2, $3, $4, $5, $6)', [
        employee.id,
        employee.loginName,
        employee.fullName,
        employee.email,
        await hashEmployeePassword(PASSWORD),
        employee.active,
      ]);
    }
    const port = await freePort();
    emulator = await startEmulator({ port: 0, logLevel: 'silent', tenants: [{ expectedOrigins: [`http://localhost:${port}`] }] });
    // Demo seeding stays on (the support's default): alice lands in the server's own `users` table, which this store never reads.
    idp = await startIdentityServer(testDb.db, { CLIENT_APP_URL: CLIENT_URL, ...authsignalEnv(emulator) }, port, employeeDirectoryOptions);
    rp = await RelyingParty.discover(idp.issuer, REDIRECT_URI);
    authsignal = new Authsignal({ apiSecretKey: emulator.tenant.apiSecretKey, apiUrl: emulator.apiUrl });
    await authsignal.enrollVerifiedAuthenticator({ userId: JANE.id, attributes: { verificationMethod: VerificationMethod.EMAIL_OTP, email: JANE.email } });
  });
  afterAll(async () => {
    await idp?.close();
    await emulator?.close();
    await testDb?.close();
  });

  async function passwordStep(credentials: { username: string; password: string }) {
    const browser = new HttpBrowser();
    const request = await rp.authorization();
    const loginPage = await browser.get(request.url);
    const page = await submitLogin(browser, loginPage, credentials, REDIRECT_URI);
    return { browser, request, page, loginPage };
  }

  /** The login page as every refused password sees it, without what differs per request (interaction, CSRF token, CSP nonces) or the name typed. */
  function refusalPage(page: BrowserResponse, typed: string): string {
    const uid = /\/interaction\/([^/]+)\//.exec(page.url)![1];
    return page.body
      .replaceAll(uid, '<uid>')
      .replaceAll(inputValue(page.body, '_csrf')!, '<csrf>')
      .replace(/nonce="[^"]*"/g, 'nonce="<nonce>"')
      .replaceAll(`value="${typed}"`, 'value="<typed>"');
  }

  it('signs an employee in with the password and an email code, whatever the case of the login name, with the employee id as the subject', async () => {
    const { browser, request, page, loginPage } = await passwordStep({ username: 'JANE.DOE', password: PASSWORD });
    expect(page.url.startsWith(`${emulator.url}/prebuilt/`)).toBe(true);
    const { challengeUrl, callbackUrl } = secondStepOf(loginPage.url, page);
    const token = await challengeEmailOtp(emulator, trackTokenOf(challengeUrl), JANE.email);
    const callback = await browser.get(`${callbackUrl}?token=${encodeURIComponent(token)}`, { stopAt: REDIRECT_URI });
    const claims = (await rp.redeem(callback.url, request)).claims();
    expect(claims).toMatchObject({
      sub: JANE.id,
      acr: ACR.multiFactor,
      amr: ['pwd', 'mfa', 'otp'],
      name: JANE.fullName,
      preferred_username: JANE.loginName,
      email: JANE.email,
      email_verified: true,
    });
  });

  it('signs the same employee in with a passkey registered under the employee id', async () => {
    const passkey = await registerPasskey(emulator, JANE.id, JANE.loginName, idp.issuer);
    const browser = new HttpBrowser();
    const request = await rp.authorization();
    const loginPage = await browser.get(request.url);
    const token = await passkeySignInToken(emulator, passkey, idp.issuer);
    const done = await browser.postForm(`${loginPage.url}/passkey`, { token, _csrf: inputValue(loginPage.body, '_csrf')! }, { stopAt: REDIRECT_URI });
    expect((await rp.redeem(done.url, request)).claims()).toMatchObject({ sub: JANE.id, acr: ACR.passkey, amr: ['hwk', 'user'] });
  });

  it('answers a wrong password and an unknown login name with the same 401 login page', async () => {
    const wrongPassword = (await passwordStep({ username: JANE.loginName, password: 'Wrong-horse-1' })).page;
    const unknownName = (await passwordStep({ username: 'nobody.here', password: PASSWORD })).page;
    for (const page of [wrongPassword, unknownName]) {
      expect(page.status).toBe(401);
      expect(page.body).toContain('The username or password is incorrect.');
    }
    expect(refusalPage(unknownName, 'nobody.here')).toBe(refusalPage(wrongPassword, JANE.loginName));
  });

  it('refuses an inactive employee with the right password, with that same page', async () => {
    const { page } = await passwordStep({ username: LEFT.loginName, password: PASSWORD });
    expect(page.status).toBe(401);
    expect(page.body).toContain('The username or password is incorrect.');
    expect(page.chain.some((url) => url.startsWith(REDIRECT_URI))).toBe(false);
  });

  it('refuses a passkey sign-in of an inactive employee, with no code for the client', async () => {
    const passkey = await registerPasskey(emulator, LEFT.id, LEFT.loginName, idp.issuer);
    const browser = new HttpBrowser();
    const loginPage = await browser.get((await rp.authorization()).url);
    const token = await passkeySignInToken(emulator, passkey, idp.issuer);
    const refused = await browser.postForm(`${loginPage.url}/passkey`, { token, _csrf: inputValue(loginPage.body, '_csrf')! }, { stopAt: REDIRECT_URI });
    expect(refused.status).toBe(400);
    expect(refused.body).toContain('We could not verify this sign-in');
    expect(refused.chain.some((url) => url.startsWith(REDIRECT_URI))).toBe(false);
  });

  it('does not read the server’s own users table: a user there cannot sign in, and no demo users are made', async () => {
    const [seeded] = await testDb.db.query<{ count: number }>("SELECT count(*)::int AS count FROM users WHERE username = 'alice'");
    expect(seeded.count).toBe(0);
    await idp.app.get(UsersService).create({ username: 'only-in-users', password: DEMO_PASSWORD, displayName: 'Only In Users' });
    const { page } = await passwordStep({ username: 'only-in-users', password: DEMO_PASSWORD });
    expect(page.status).toBe(401);
  });

  describe(EmployeeUserStore.name, () => {
    const store = () => idp.app.get<UserStore>(USER_STORE);

    it('is the store the server uses', () => {
      expect(store()).toBeInstanceOf(EmployeeUserStore);
    });

    it.each(['emp-999999', '', 'not an id', '3f1c9a4e-8d2b-4c6f-9e7a-1b2c3d4e5f60', "emp-000123' OR '1'='1"])('answers null for an id of any shape it does not know: %p', async (id) => {
      await expect(store().findById(id)).resolves.toBeNull();
    });

    it('finds an inactive employee, disabled, so that their passkey and their tokens stop too', async () => {
      await expect(store().findById(LEFT.id)).resolves.toMatchObject({ id: LEFT.id, enabled: false });
      await expect(store().findByUsername('sam.left')).resolves.toMatchObject({ id: LEFT.id, enabled: false });
    });
  });

  describe('the scrypt$<N>$<salt>$<hash> format', () => {
    it('verifies the password it was made from, and no other', async () => {
      const stored = await hashEmployeePassword('Correct-horse-1', 2 ** 10);
      expect(stored).toMatch(/^scrypt\$1024\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
      await expect(verifyEmployeePassword(stored, 'Correct-horse-1')).resolves.toBe(true);
      await expect(verifyEmployeePassword(stored, 'Correct-horse-2')).resolves.toBe(false);
    });

    it.each([
      ['another scheme', '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA'],
      ['a cost that is not a power of two', 'scrypt$1000$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
      ['a cost past the ceiling', 'scrypt$1048576$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
      ['a truncated hash', 'scrypt$1024$AAAAAAAAAAAAAAAAAAAAAA$AAAA'],
      ['nothing at all', ''],
    ])('fails, without throwing, on %s', async (_case, stored) => {
      await expect(verifyEmployeePassword(stored, 'Correct-horse-1')).resolves.toBe(false);
    });
  });
});
