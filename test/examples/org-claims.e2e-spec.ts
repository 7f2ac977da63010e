import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as oidc from 'openid-client';
import { OrgClaims } from '../../examples/org-claims/org-claims.provider.js';
import { orgClaimsOptions } from '../../examples/org-claims/org-claims.options.js';
import { CLAIMS_PROVIDER, type ClaimsProvider } from '../../src/claims/claims-provider.js';
import { DEMO_PASSWORD } from '../../src/users/demo-users.js';
import { UsersService } from '../../src/users/users.service.js';
import { type ClientsFile, clientsFile, PARTNER_PORTAL } from '../support/clients-file.js';
import { formAction, HttpBrowser, inputValue } from '../support/http-browser.js';
import { type RunningIdentityServer, startIdentityServer } from '../support/identity-server.js';
import { RelyingParty, submitLogin } from '../support/relying-party.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const PARTNER = PARTNER_PORTAL;
const ORG_WORDING = 'Your department and groups';

/**
 * The org-claims example: `OrgClaims` adds an `org` scope with `department` and `groups`. A third-party
 * client (not first party, so its users are asked first) sees it on the consent page, and its tokens
 * carry the claims only when it asked for the scope. Authsignal's rules allow every sign-in here.
 */
describe('department and groups under an org scope (examples/org-claims)', () => {
  let testDb: TestDatabase;
  let idp: RunningIdentityServer;
  let clients: ClientsFile;
  let partner: RelyingParty;

  beforeAll(async () => {
    clients = clientsFile([PARTNER]);
    testDb = await createTestDatabase();
    idp = await startIdentityServer(testDb.db, { ...clients.env }, undefined, orgClaimsOptions);
    const config = await oidc.discovery(new URL(idp.issuer), PARTNER.client_id, PARTNER.client_secret, undefined, { execute: [oidc.allowInsecureRequests] });
    partner = new RelyingParty(config, PARTNER.redirect_uris[0]);
  });
  afterAll(async () => {
    await idp?.close();
    await testDb?.close();
    clients?.remove();
  });

  /** Authorize with `scope`, sign in, and allow on the consent page: returns the consent page and the tokens. */
  async function signInAndAllow(scope: string, credentials = { username: 'alice', password: DEMO_PASSWORD }) {
    const browser = new HttpBrowser();
    const request = await partner.authorization({ scope });
    const consent = await submitLogin(browser, await browser.get(request.url), credentials, partner.redirectUri);
    expect(consent.body).toContain('Allow Partner Portal?');
    const allowed = await browser.postForm(new URL(formAction(consent.body, '/confirm')!, consent.url).toString(), { _csrf: inputValue(consent.body, '_csrf')! }, { stopAt: partner.redirectUri });
    const tokens = await partner.redeem(allowed.url, request);
    return { consent, tokens, claims: tokens.claims()! };
  }

  it('asks the user with the scope’s wording, then puts department and groups in the ID token and userinfo', async () => {
    const { consent, tokens, claims } = await signInAndAllow('openid org');
    expect(consent.body).toContain(ORG_WORDING);
    expect(claims).toMatchObject({ department: 'Engineering', groups: ['engineering', 'on-call'] });
    await expect(partner.userinfo(tokens.access_token, claims.sub)).resolves.toMatchObject({ department: 'Engineering', groups: ['engineering', 'on-call'] });
  });

  it('gives a client that does not ask for org neither claim, and does not mention them on the consent page', async () => {
    const { consent, tokens, claims } = await signInAndAllow('openid profile');
    expect(consent.body).not.toContain(ORG_WORDING);
    expect(claims).toMatchObject({ name: 'Alice Example' });
    expect(claims).not.toHaveProperty('department');
    expect(claims).not.toHaveProperty('groups');
    const userinfo = await partner.userinfo(tokens.access_token, claims.sub);
    expect(userinfo).not.toHaveProperty('department');
    expect(userinfo).not.toHaveProperty('groups');
  });

  it('gives someone the directory does not list no org claims rather than empty ones', async () => {
    await idp.app.get(UsersService).create({ username: 'carol', password: 'Correct-horse-1', email: 'carol@example.com', emailVerified: true });
    const { claims } = await signInAndAllow('openid org', { username: 'carol', password: 'Correct-horse-1' });
    expect(claims.sub).toEqual(expect.any(String));
    expect(claims).not.toHaveProperty('department');
    expect(claims).not.toHaveProperty('groups');
  });

  it('advertises the org scope and its claims in discovery, beside the standard ones', () => {
    const discovery = partner.config.serverMetadata();
    expect(discovery.scopes_supported).toEqual(expect.arrayContaining(['openid', 'profile', 'email', 'org']));
    expect(discovery.claims_supported).toEqual(expect.arrayContaining(['sub', 'name', 'email', 'department', 'groups']));
  });

  describe(OrgClaims.name, () => {
    it('is the claims provider the server uses, and keeps the standard scopes', () => {
      const claims = idp.app.get<ClaimsProvider>(CLAIMS_PROVIDER);
      expect(claims).toBeInstanceOf(OrgClaims);
      expect(claims.scopes().map((scope) => scope.name)).toEqual(['profile', 'email', 'org']);
    });
  });
});
