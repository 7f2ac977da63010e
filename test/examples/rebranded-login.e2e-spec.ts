import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { projectPath } from '../../src/common/web/project-paths.js';
import { DEMO_PASSWORD } from '../../src/users/demo-users.js';
import { HttpBrowser } from '../support/http-browser.js';
import { type RunningIdentityServer, startIdentityServer } from '../support/identity-server.js';
import { RelyingParty, submitLogin } from '../support/relying-party.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const CLIENT_URL = 'http://localhost:5999';
const REDIRECT_URI = `${CLIENT_URL}/callback`;
const BRANDING_DIR = projectPath('examples', 'rebranded-login');

/**
 * Example (d): Northwind's layout, logo, colours and copy from one folder, `examples/rebranded-login`,
 * given once in code and once as `BRANDING_DIR`; no file under `views/` is touched.
 */
describe('Example: a re-branded login page', () => {
  let testDb: TestDatabase;
  let inCode: RunningIdentityServer;
  let fromEnvironment: RunningIdentityServer;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    inCode = await startIdentityServer(testDb.db, { CLIENT_APP_URL: CLIENT_URL }, undefined, { branding: { dir: BRANDING_DIR } });
    const secondDb = process.env.DATABASE_URL ? testDb.reopen() : testDb.db;
    fromEnvironment = await startIdentityServer(secondDb, { CLIENT_APP_URL: CLIENT_URL, BRANDING_DIR });
  });
  afterAll(async () => {
    await inCode?.close();
    await fromEnvironment?.close();
    await testDb?.close();
  });

  async function loginPage(idp: RunningIdentityServer) {
    const browser = new HttpBrowser();
    const rp = await RelyingParty.discover(idp.issuer, REDIRECT_URI);
    return { browser, rp, page: await browser.get((await rp.authorization()).url) };
  }

  it.each([
    ['given in code', () => inCode],
    ['given as BRANDING_DIR', () => fromEnvironment],
  ])('draws the login page in Northwind’s layout, logo, colours and copy, %s', async (_case, idp) => {
    const { page } = await loginPage(idp());
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Welcome to Northwind · Northwind</title>');
    expect(page.body).toContain('class="northwind-panel"');
    expect(page.body).toContain('<img class="northwind-logo" src="/northwind/logo.svg" alt="Northwind">');
    expect(page.body).toContain('<link rel="stylesheet" href="/northwind/brand.css">');
    expect(page.body).toContain('Sign in with your Northwind account to open Example App');
    expect(page.body).toContain('<label for="username">Northwind ID</label>');
    expect(page.body).toContain('>Continue</button>');
    expect(page.body).toContain('Trouble signing in? Call the service desk');
    // Built-in where the folder says nothing: the password label, the passkey option.
    expect(page.body).toContain('<label for="password">Password</label>');
    expect(page.body).toContain('id="passkey-option"');
  });

  it('serves the brand’s assets from our own origin, under the same strict CSP', async () => {
    const css = await fetch(`${inCode.issuer}/northwind/brand.css`);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toMatch(/text\/css/);
    expect(await css.text()).toContain('--northwind-navy');
    expect((await fetch(`${inCode.issuer}/northwind/logo.svg`)).headers.get('content-type')).toMatch(/image\/svg\+xml/);
    // Ours still serve what the folder does not replace.
    const script = await fetch(`${inCode.issuer}/js/passkey-sign-in.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    const { page } = await loginPage(inCode);
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("img-src 'self' data:");
    expect(csp).not.toContain('unsafe-inline');
  });

  it('uses the new copy for a wrong password, and the built-in error pages inside the new layout', async () => {
    const { browser, page } = await loginPage(inCode);
    const wrong = await submitLogin(browser, page, { username: 'alice', password: 'Wrong-password-1' }, REDIRECT_URI);
    expect(wrong.status).toBe(401);
    expect(wrong.body).toContain('That Northwind ID or password is not right.');
    const expired = await new HttpBrowser().get(`${inCode.issuer}/interaction/unknown-interaction`);
    expect(expired.status).toBe(400);
    expect(expired.body).toContain('class="northwind-panel"');
    expect(expired.body).toContain('This sign-in has expired');
  });

  it('still signs people in', async () => {
    const rp = await RelyingParty.discover(inCode.issuer, REDIRECT_URI);
    const signIn = await rp.signIn(new HttpBrowser(), { username: 'alice', password: DEMO_PASSWORD });
    expect((await rp.redeem(signIn.callbackUrl, signIn)).claims()).toMatchObject({ preferred_username: 'alice' });
  });

  it('leaves the server without branding looking as it did', async () => {
    const plain = await startIdentityServer(testDb.db, { CLIENT_APP_URL: CLIENT_URL });
    try {
      const { page } = await loginPage(plain);
      expect(page.body).toContain('<title>Sign in · Identity</title>');
      expect(page.body).not.toContain('northwind');
    } finally {
      await plain.close();
    }
  });
});
