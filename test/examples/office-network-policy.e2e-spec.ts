import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { type Authsignal, VerificationMethod } from '@authsignal/node';
import type { RunningEmulator } from '../../authsignal-emulator/src/emulator.js';
import { ipv4Of, Ipv4Network } from '../../examples/office-network-policy/office-network.address.js';
import { officeNetworkOptions } from '../../examples/office-network-policy/office-network.options.js';
import { OfficeNetworkPolicy } from '../../examples/office-network-policy/office-network.policy.js';
import { MFA_POLICY, type ClientMfaSetting, type MfaDecision, type MfaPolicy, type MfaPolicyInput } from '../../src/mfa/mfa-policy.js';
import { ACR, PASSWORD_ONLY } from '../../src/oidc/authentication-context.js';
import { UsersService } from '../../src/users/users.service.js';
import { challengeEmailOtp, secondStepOf, trackTokenOf } from '../support/authsignal-steps.js';
import { type ClientsFile, clientsFile } from '../support/clients-file.js';
import { HttpBrowser } from '../support/http-browser.js';
import { type IdentityServerWithEmulator, type RunningIdentityServer, startIdentityServerWithEmulator } from '../support/identity-server.js';
import { RelyingParty, submitLogin } from '../support/relying-party.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const CLIENT_URL = 'http://localhost:5999';
const REDIRECT_URI = `${CLIENT_URL}/callback`;
const PASSWORD = 'Correct-horse-1';
const OFFICE = '10.1.2.3';
const ELSEWHERE = '203.0.113.5';
const PAYROLL = {
  client_id: 'payroll',
  client_secret: 'payroll-secret-0123456789abcdef0123456789',
  redirect_uris: ['http://localhost:5997/callback'],
  grant_types: ['authorization_code'],
  first_party: true,
  mfa: 'required',
};

/**
 * The office-network example: behind a proxy (`TRUST_PROXY=true`, the address from `X-Forwarded-For`),
 * sign-ins from 10.0.0.0/8 need only the password, unless the client asks for the multi-factor acr or
 * requires MFA. Authsignal's rules here challenge every enrolled user, so any sign-in that finishes on
 * the password alone is the office rule's doing.
 */
describe('No second factor from the office network (examples/office-network-policy)', () => {
  let testDb: TestDatabase;
  let emulator: RunningEmulator;
  let idp: RunningIdentityServer;
  let rp: RelyingParty;
  let payroll: RelyingParty;
  let authsignal: Authsignal;
  let server: IdentityServerWithEmulator;
  let clients: ClientsFile;
  let userCount = 0;

  beforeAll(async () => {
    clients = clientsFile([PAYROLL]);
    testDb = await createTestDatabase();
    // The emulator's default outcome for enrolled users: CHALLENGE.
    server = await startIdentityServerWithEmulator(testDb.db, { env: { CLIENT_APP_URL: CLIENT_URL, TRUST_PROXY: 'true', ...clients.env }, overrides: officeNetworkOptions });
    ({ idp, emulator, authsignal } = server);
    rp = await RelyingParty.discover(idp.issuer, REDIRECT_URI);
    payroll = await RelyingParty.discoverClient(idp.issuer, PAYROLL);
  });
  afterAll(async () => {
    await server?.close();
    await testDb?.close();
    clients?.remove();
  });

  /** A user with an email second factor enrolled, of their own per test (codes and throttles are per user). */
  async function enrolledUser() {
    const username = `office-${++userCount}`;
    const email = `${username}@example.com`;
    const user = await idp.app.get(UsersService).create({ username, password: PASSWORD, email, emailVerified: true });
    await authsignal.enrollVerifiedAuthenticator({ userId: user.id, attributes: { verificationMethod: VerificationMethod.EMAIL_OTP, email } });
    return { id: user.id, email, credentials: { username, password: PASSWORD } };
  }

  /** Authorize, then the password, from `address` as the proxy reports it. */
  async function passwordStepFrom(address: string, user: { credentials: { username: string; password: string } }, extra: Record<string, string> = {}, relyingParty = rp) {
    const browser = new HttpBrowser({ 'x-forwarded-for': address });
    const request = await relyingParty.authorization(extra);
    const loginPage = await browser.get(request.url);
    const page = await submitLogin(browser, loginPage, user.credentials, relyingParty.redirectUri);
    return { browser, request, page, loginPage };
  }

  /** Whether the password step sent the browser on to a second factor: Authsignal's pre-built UI. */
  const atSecondFactor = (page: { url: string }) => page.url.startsWith(`${emulator.url}/prebuilt/`);

  it.each([OFFICE, `::ffff:${OFFICE}`])('lets the password alone through from the office (%s), with the password acr, without asking Authsignal', async (address) => {
    const user = await enrolledUser();
    const { request, page } = await passwordStepFrom(address, user);
    expect(page.url.startsWith(REDIRECT_URI)).toBe(true);
    expect((await rp.redeem(page.url, request)).claims()).toMatchObject({ sub: user.id, acr: ACR.password, amr: ['pwd'] });
    // The chosen trade-off: Authsignal never hears of office sign-ins.
    await expect(authsignal.queryUserActions({ userId: user.id, actionCodes: [idp.config.authsignal.signInAction] })).resolves.toEqual([]);
  });

  it('has the user verify a second factor from elsewhere, as Authsignal’s rules ask', async () => {
    const user = await enrolledUser();
    const { browser, request, page, loginPage } = await passwordStepFrom(ELSEWHERE, user);
    expect(atSecondFactor(page)).toBe(true);
    await expect(authsignal.queryUserActions({ userId: user.id, actionCodes: [idp.config.authsignal.signInAction] })).resolves.toHaveLength(1);
    const { challengeUrl, callbackUrl } = secondStepOf(loginPage.url, page);
    const token = await challengeEmailOtp(emulator, trackTokenOf(challengeUrl), user.email);
    const callback = await browser.get(`${callbackUrl}?token=${encodeURIComponent(token)}`, { stopAt: REDIRECT_URI });
    expect((await rp.redeem(callback.url, request)).claims()).toMatchObject({ sub: user.id, acr: ACR.multiFactor, amr: ['pwd', 'mfa', 'otp'] });
  });

  it('asks for a second factor from the office when the client asks for the multi-factor acr', async () => {
    const { page } = await passwordStepFrom(OFFICE, await enrolledUser(), { acr_values: ACR.multiFactor });
    expect(atSecondFactor(page)).toBe(true);
  });

  it('asks for a second factor from the office for a client set to mfa: required', async () => {
    const { page } = await passwordStepFrom(OFFICE, await enrolledUser(), {}, payroll);
    expect(atSecondFactor(page)).toBe(true);
  });

  it('runs as the server’s MFA policy', () => {
    expect(idp.app.get<MfaPolicy>(MFA_POLICY)).toBeInstanceOf(OfficeNetworkPolicy);
  });
});

describe(OfficeNetworkPolicy.name, () => {
  const account = { id: 'emp-000123', username: 'jane', displayName: 'Jane', email: null, emailVerified: false, enabled: true };

  function input(ipAddress: string, overrides: { mfa?: ClientMfaSetting; wantsMultiFactor?: boolean } = {}) {
    const authsignal = jest.fn(async () => ({ state: 'CHALLENGE_REQUIRED', isEnrolled: true }));
    const policyInput: MfaPolicyInput = {
      account,
      client: { id: 'client-app', metadata: {}, mfa: overrides.mfa ?? 'authsignal' },
      requested: { acrValues: [], essential: false },
      wantsMultiFactor: overrides.wantsMultiFactor ?? false,
      context: PASSWORD_ONLY,
      circumstances: { ipAddress },
      authsignal,
    };
    return { policyInput, authsignal };
  }

  /** Stands in for the standard policy: answers a challenge, and records that it was asked. */
  function wrapping() {
    const decide = jest.fn<MfaPolicy['decide']>(async (): Promise<MfaDecision> => ({ kind: 'challenge' }));
    return { policy: new OfficeNetworkPolicy({ decide }), decide };
  }

  it.each(['10.0.0.0', '10.1.2.3', '10.255.255.255', '::ffff:10.1.2.3'])('finishes on the password from %s without asking Authsignal or the wrapped policy', async (address) => {
    const { policy, decide } = wrapping();
    const { policyInput, authsignal } = input(address);
    await expect(policy.decide(policyInput)).resolves.toEqual({ kind: 'finish' });
    expect(authsignal).not.toHaveBeenCalled();
    expect(decide).not.toHaveBeenCalled();
  });

  it.each([
    ['a sign-in from another address', '203.0.113.5', {}],
    ['a sign-in from just past the office', '11.0.0.0', {}],
    ['a sign-in from an address the server could not read', 'unknown', {}],
    ['an office sign-in to a client that asks for the multi-factor acr', '10.1.2.3', { wantsMultiFactor: true }],
    ['an office sign-in to a client that requires MFA', '10.1.2.3', { mfa: 'required' as const }],
  ])('hands %s to the wrapped policy', async (_case, address, overrides) => {
    const { policy, decide } = wrapping();
    const { policyInput } = input(address, overrides);
    await expect(policy.decide(policyInput)).resolves.toEqual({ kind: 'challenge' });
    expect(decide).toHaveBeenCalledWith(policyInput);
  });

  it('refuses to start with an office network that is not one', () => {
    expect(() => new OfficeNetworkPolicy(wrapping().policy, ['10.0.0.1/8'])).toThrow('Not an IPv4 network in CIDR notation: "10.0.0.1/8"');
  });
});

describe('office network addresses', () => {
  it.each([
    ['10.1.2.3', 0x0a010203],
    ['0.0.0.0', 0],
    ['255.255.255.255', 0xffffffff],
    ['::ffff:10.1.2.3', 0x0a010203],
    ['::FFFF:10.1.2.3', 0x0a010203],
    ['::ffff:a01:203', 0x0a010203],
    ['0:0:0:0:0:ffff:0a01:0203', 0x0a010203],
  ])('reads %s as one IPv4 address', (text, expected) => {
    expect(ipv4Of(text)).toBe(expected);
  });

  it.each(['010.1.2.3', '10.1.2', '10.1.2.3.4', '10.1.2.256', ' 10.1.2.3', '10.1.2.3.example.com', '::10.1.2.3', '::1', 'fe80::ffff:10.1.2.3', 'fe80::1%eth0', '::ffff:10.1.2.300', 'unknown', ''])(
    'reads %p as no IPv4 address',
    (text) => {
      expect(ipv4Of(text)).toBeNull();
    },
  );

  it('tells the addresses of a network from those around it', () => {
    const office = Ipv4Network.parse('10.0.0.0/8');
    expect(['10.0.0.0', '10.200.3.4', '10.255.255.255', '::ffff:10.0.0.1'].map((address) => office.contains(address))).toEqual([true, true, true, true]);
    expect(['9.255.255.255', '11.0.0.0', '110.1.2.3', '::ffff:11.0.0.1', 'nonsense'].map((address) => office.contains(address))).toEqual([false, false, false, false, false]);
    expect(Ipv4Network.parse('0.0.0.0/0').contains('203.0.113.5')).toBe(true);
    expect(Ipv4Network.parse('192.168.1.7/32').contains('192.168.1.8')).toBe(false);
  });

  it.each(['10.0.0.0', '10.0.0.0/33', '10.0.0.0/-1', '10.0.0.0/08x', '10.0.0.1/8', '10.0.0/8', '10.0.0.0/8/8', '::ffff:10.0.0.0/104'])('refuses %p as a network', (cidr) => {
    expect(() => Ipv4Network.parse(cidr)).toThrow('Not an IPv4 network in CIDR notation');
  });
});
