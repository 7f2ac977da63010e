import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as oidc from 'openid-client';
import { DEMO_PASSWORD } from '../src/users/demo-users.js';
import { type ClientsFile, clientsFile, PARTNER_PORTAL } from './support/clients-file.js';
import { formAction, HttpBrowser, inputValue } from './support/http-browser.js';
import { startIdentityServer, type RunningIdentityServer } from './support/identity-server.js';
import { submitLogin } from './support/relying-party.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

const PARTNER = PARTNER_PORTAL;

/** A client not marked first-party: its users are asked before anything is shared. */
describe('consent for third-party clients', () => {
  let testDb: TestDatabase;
  let idp: RunningIdentityServer;
  let clients: ClientsFile;
  let config: oidc.Configuration;

  beforeAll(async () => {
    clients = clientsFile([PARTNER]);
    testDb = await createTestDatabase();
    idp = await startIdentityServer(testDb.db, { ...clients.env });
    config = await oidc.discovery(new URL(idp.issuer), PARTNER.client_id, PARTNER.client_secret, undefined, {
      execute: [oidc.allowInsecureRequests],
    });
  });
  afterAll(async () => {
    await idp?.close();
    await testDb?.close();
    clients?.remove();
  });

  async function signInToConsent(browser: HttpBrowser) {
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: PARTNER.redirect_uris[0],
      scope: 'openid profile email',
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    });
    const login = await browser.get(url.toString());
    expect(login.body).toContain('to continue to Partner Portal');
    return submitLogin(browser, login, { username: 'alice', password: DEMO_PASSWORD }, PARTNER.redirect_uris[0]);
  }

  it('asks before sharing, and issues a code once the user allows', async () => {
    const browser = new HttpBrowser();
    const consent = await signInToConsent(browser);
    expect(consent.body).toContain('Allow Partner Portal?');
    expect(consent.body).toContain('Your email address');
    const allowed = await browser.postForm(new URL(formAction(consent.body, '/confirm')!, consent.url).toString(), {
      _csrf: inputValue(consent.body, '_csrf')!,
    }, { stopAt: PARTNER.redirect_uris[0] });
    expect(new URL(allowed.url).searchParams.get('code')).toEqual(expect.any(String));
  });

  it('returns access_denied to the client when the user cancels', async () => {
    const browser = new HttpBrowser();
    const consent = await signInToConsent(browser);
    const cancelled = await browser.postForm(new URL(formAction(consent.body, '/abort')!, consent.url).toString(), {
      _csrf: inputValue(consent.body, '_csrf')!,
    }, { stopAt: PARTNER.redirect_uris[0] });
    expect(new URL(cancelled.url).searchParams.get('error')).toBe('access_denied');
  });

  it('refuses the consent form without its CSRF token', async () => {
    const browser = new HttpBrowser();
    const consent = await signInToConsent(browser);
    const forged = await browser.postForm(new URL(formAction(consent.body, '/confirm')!, consent.url).toString(), {});
    expect(forged.status).toBe(403);
  });
});
