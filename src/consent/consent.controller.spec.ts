import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { type ClientsFile, clientsFile, PARTNER_PORTAL } from '../../test/support/clients-file.js';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database.js';
import { BUILT_IN_MESSAGES } from '../branding/messages.js';
import {
  anAuthorizationRequest,
  type Browser,
  csrfTokenIn,
  postPassword,
  resumeUrlOf,
  startSignIn,
  startTestIdentityServer,
  type TestIdentityServer,
} from '../../test/support/identity-server-testing.js';
import { ConsentController } from './consent.controller.js';

/** A client not marked first-party: its users are asked before anything is shared. */
const PARTNER = PARTNER_PORTAL;
const PARTNER_REQUEST = anAuthorizationRequest({ client_id: PARTNER.client_id, redirect_uri: PARTNER.redirect_uris[0], scope: 'openid profile email' });
const { errors: ERRORS } = BUILT_IN_MESSAGES;

/** Where the client was sent back to, with the answer's query parameters. */
const backAtClient = (location: string) => {
  const url = new URL(location);
  expect(`${url.origin}${url.pathname}`).toBe(PARTNER.redirect_uris[0]);
  return url.searchParams;
};

describe(ConsentController.name, () => {
  let testDb: TestDatabase;
  let clients: ClientsFile;
  let server: TestIdentityServer;

  beforeAll(async () => {
    clients = clientsFile([PARTNER]);
    testDb = await createTestDatabase();
  });
  beforeEach(async () => {
    server = await startTestIdentityServer({ database: testDb.db, env: clients.env });
  });
  afterEach(async () => {
    await server.close();
  });
  afterAll(async () => {
    await testDb.close();
    clients.remove();
  });

  /** Signs in to the partner with the password; the provider then opens the consent prompt, in an interaction of its own. */
  async function atConsent(): Promise<{ browser: Browser; uid: string; page: string; csrfToken: string }> {
    const browser = server.browser();
    const signIn = await startSignIn(browser, PARTNER_REQUEST);
    expect(signIn.page).toContain('to continue to Partner Portal');
    await postPassword(browser, signIn).expect(303);
    const resumed = await browser.get(`/auth/${signIn.uid}`).expect(303);
    const uid = /^\/interaction\/([^/?#]+)$/.exec(resumed.headers.location)?.[1];
    if (!uid) throw new Error(`The resume did not open the consent prompt: ${resumed.headers.location}`);
    const page = (await browser.get(`/interaction/${uid}`).expect(200)).text;
    return { browser, uid, page, csrfToken: csrfTokenIn(page) };
  }

  it('shows a third-party client’s consent page after the password, listing what it asks for', async () => {
    const { uid, page } = await atConsent();

    expect(page).toContain('Allow Partner Portal?');
    expect(page).toContain('Your email address');
    expect(page).toContain(`action="/interaction/${uid}/confirm"`);
    expect(page).toContain(`action="/interaction/${uid}/abort"`);
  });

  describe('POST /interaction/:uid/confirm', () => {
    it('records the grant and finishes: the client gets a code', async () => {
      const { browser, uid, csrfToken } = await atConsent();

      const res = await browser.post(`/interaction/${uid}/confirm`).type('form').send({ _csrf: csrfToken }).expect(303);

      expect(res.headers.location).toBe(resumeUrlOf(uid));
      const answer = backAtClient((await browser.get(`/auth/${uid}`).expect(303)).headers.location);
      expect(answer.get('code')).toEqual(expect.any(String));
      expect(answer.get('state')).toBe('s');
    });

    it('refuses the form without its CSRF token with 403', async () => {
      const { browser, uid } = await atConsent();

      const res = await browser.post(`/interaction/${uid}/confirm`).type('form').send({ _csrf: '' }).expect(403);

      expect(res.text).toContain(ERRORS.formExpired.title);
    });

    it('refuses a consent before the user has signed in (the login prompt), with 400', async () => {
      const browser = server.browser();
      const signIn = await startSignIn(browser, PARTNER_REQUEST);

      const res = await browser.post(`/interaction/${signIn.uid}/confirm`).type('form').send({ _csrf: signIn.csrfToken }).expect(400);

      expect(res.text).toContain(ERRORS.expired.title);
    });
  });

  describe('POST /interaction/:uid/abort', () => {
    it('cancels: the client gets access_denied and no code', async () => {
      const { browser, uid, csrfToken } = await atConsent();

      const res = await browser.post(`/interaction/${uid}/abort`).type('form').send({ _csrf: csrfToken }).expect(303);

      expect(res.headers.location).toBe(resumeUrlOf(uid));
      const answer = backAtClient((await browser.get(`/auth/${uid}`).expect(303)).headers.location);
      expect(answer.get('error')).toBe('access_denied');
      expect(answer.get('code')).toBeNull();
    });
  });
});
