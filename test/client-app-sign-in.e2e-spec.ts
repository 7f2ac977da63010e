import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { startClientApp } from '../client-app/src/client-app.js';
import { loadClientAppConfig } from '../client-app/src/config/client-app.config.js';
import { DEMO_PASSWORD } from '../src/users/demo-users.js';
import { freePort } from '../bench/lib/free-port.js';
import { HttpBrowser, inputValue } from './support/http-browser.js';
import { startIdentityServer, TEST_CLIENT_SECRET, type RunningIdentityServer } from './support/identity-server.js';
import { submitLogin } from './support/relying-party.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

describe('signing in to the client app through the identity server', () => {
  let testDb: TestDatabase;
  let idp: RunningIdentityServer;
  let clientApp: NestExpressApplication;
  let clientUrl: string;

  beforeAll(async () => {
    const clientPort = await freePort();
    clientUrl = `http://localhost:${clientPort}`;
    testDb = await createTestDatabase();
    idp = await startIdentityServer(testDb.db, { CLIENT_APP_URL: clientUrl });
    const started = await startClientApp(
      loadClientAppConfig({
        NODE_ENV: 'test',
        CLIENT_APP_PORT: String(clientPort),
        CLIENT_APP_URL: clientUrl,
        OIDC_ISSUER: idp.issuer,
        CLIENT_APP_CLIENT_SECRET: TEST_CLIENT_SECRET,
        LOG_LEVEL: 'silent',
      }),
    );
    clientApp = started.app;
  });
  afterAll(async () => {
    await clientApp?.close();
    await idp?.close();
    await testDb?.close();
  });

  it('goes from the sign-in button to the profile page showing the ID token claims, and back out', async () => {
    const browser = new HttpBrowser();
    const home = await browser.get(`${clientUrl}/`);
    expect(home.body).toContain('href="/login"');

    const loginPage = await browser.get(`${clientUrl}/login`);
    expect(loginPage.url.startsWith(`${idp.issuer}/interaction/`)).toBe(true);
    expect(loginPage.body).toContain('to continue to Example App');
    const profile = await submitLogin(browser, loginPage, { username: 'alice', password: DEMO_PASSWORD }, 'http://unused.invalid');
    expect(profile.url).toBe(`${clientUrl}/profile`);
    expect(profile.status).toBe(200);
    for (const expected of ['Alice Example', 'alice@example.com', 'pwd', 'urn:nest-identity:acr:password', 'auth_time']) {
      expect(profile.body).toContain(expected);
    }

    const signOut = await browser.postForm(`${clientUrl}/logout`, { _csrf: inputValue(profile.body, '_csrf')! });
    expect(signOut.url.startsWith(`${idp.issuer}/session/end`)).toBe(true);
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(signOut.body)![1];
    const loggedOut = await browser.postForm(`${idp.issuer}/session/end/confirm`, { xsrf, logout: 'yes' });
    expect(loggedOut.url).toBe(`${clientUrl}/`);

    const again = await browser.get(`${clientUrl}/profile`);
    expect(again.url.startsWith(`${idp.issuer}/interaction/`)).toBe(true);
  });
});
