import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrandingError, resolveBranding } from './branding.js';
import { BUILT_IN_MESSAGES, format, messageAt } from './messages.js';

describe(resolveBranding.name, () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'branding-'));
    mkdirSync(join(dir, 'views'));
    mkdirSync(join(dir, 'public'));
    writeFileSync(join(dir, 'brand.json'), JSON.stringify({ name: 'Acme ID', logo: '/acme-logo.svg' }));
    writeFileSync(join(dir, 'messages.json'), JSON.stringify({ login: { title: 'Welcome back' }, brand: { footer: 'Acme Corp' } }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is the built-in look without options', () => {
    expect(resolveBranding()).toEqual({ name: 'Identity', logo: undefined, viewsDir: undefined, assetsDir: undefined, messages: BUILT_IN_MESSAGES });
  });

  it('takes a folder’s views, assets, brand and copy, leaving the other messages built-in', () => {
    const branding = resolveBranding({ dir });
    expect(branding).toMatchObject({ name: 'Acme ID', logo: '/acme-logo.svg', viewsDir: join(dir, 'views'), assetsDir: join(dir, 'public') });
    expect(branding.messages.login.title).toBe('Welcome back');
    expect(branding.messages.login.submit).toBe(BUILT_IN_MESSAGES.login.submit);
    expect(branding.messages.brand).toEqual({ name: 'Acme ID', footer: 'Acme Corp' });
  });

  it('lets options in code win over the folder’s files', () => {
    const branding = resolveBranding({ dir, name: 'Acme Login', messages: { login: { title: 'Hello' } } });
    expect(branding.name).toBe('Acme Login');
    expect(branding.messages.login.title).toBe('Hello');
  });

  it.each([
    [{ dir: '/nonexistent/branding' }, /does not exist/],
    [{ messages: { login: { tilte: 'typo' } } }, /no message "login.tilte"/],
    [{ messages: { login: { title: 7 } } }, /"login.title" must be text/],
    [{ messages: { login: 'all of it' } }, /a group of messages/],
    [{ logo: 'https://cdn.example/logo.svg' }, /own origin/],
    [{ logo: '//cdn.example/logo.svg' }, /own origin/],
  ])('refuses %j with a message naming the problem', (options, problem) => {
    expect(() => resolveBranding(options as never)).toThrow(BrandingError);
    expect(() => resolveBranding(options as never)).toThrow(problem);
  });

  it('refuses a messages file that is not JSON', () => {
    const broken = mkdtempSync(join(tmpdir(), 'branding-broken-'));
    writeFileSync(join(broken, 'messages.json'), '{ not json');
    try {
      expect(() => resolveBranding({ dir: broken })).toThrow(/Cannot read .*messages.json as JSON/);
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
  });
});

describe(format.name, () => {
  it('fills the values given and leaves the others', () => {
    expect(format('{client} is asking {nobody}', { client: 'Payroll' })).toBe('Payroll is asking {nobody}');
  });

  it('finds a message by its dotted key, and shows the key for one that does not exist', () => {
    expect(messageAt(BUILT_IN_MESSAGES, 'errors.expired.title')).toBe(BUILT_IN_MESSAGES.errors.expired.title);
    expect(messageAt(BUILT_IN_MESSAGES, 'login.nothing')).toBe('login.nothing');
  });
});
