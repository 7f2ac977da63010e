import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { BUILT_IN_MESSAGES, type Messages } from './messages.js';

/** Injection token of the resolved `Branding`. */
export const BRANDING = Symbol('BRANDING');

/** Any part of the copy, by key. */
export type MessageOverrides = { [Section in keyof Messages]?: Partial<Messages[Section]> } & Record<string, unknown>;

/**
 * How the identity server's pages look: the **branding port**. Everything is optional and falls back
 * to the built-in look. One folder (`BRANDING_DIR`, or `dir` here) can hold it all:
 * - `views/`: files replacing built-in views and partials of the same name (`layout.hbs`, `login.hbs`,
 *   `partials/alert.hbs`, …); the rest stay built-in;
 * - `public/`: assets served at the root before ours (`/brand.css`, `/logo.svg`, or a replaced `/css/site.css`);
 * - `messages.json`: any part of the copy (see `BUILT_IN_MESSAGES`), `brand.name` included;
 * - `brand.json`: `{ "name": …, "logo": … }`, the brand name and the logo's URL (an asset of `public/`:
 *   the CSP allows images from our own origin only).
 * Options given in code (`IdentityServerModule.forRoot({ branding })`) win over the folder's files.
 */
export interface BrandingOptions {
  dir?: string;
  name?: string;
  logo?: string;
  messages?: MessageOverrides;
}

/** The branding the pages use, resolved once at start. */
export interface Branding {
  name: string;
  logo?: string;
  /** Folder of view overrides, when there is one. */
  viewsDir?: string;
  /** Folder of asset overrides, when there is one. */
  assetsDir?: string;
  messages: Messages;
}

/** A branding folder or file that cannot be used: the server does not start, and says which. */
export class BrandingError extends Error {}

/** The built-in look, changed by a folder's files and then by options in code. Reads the folder once, at start. */
export function resolveBranding(options: BrandingOptions = {}): Branding {
  const dir = options.dir ? resolve(options.dir) : undefined;
  if (dir && !(existsSync(dir) && statSync(dir).isDirectory())) throw new BrandingError(`The branding folder ${dir} does not exist`);
  const brandFile = dir ? readJson<{ name?: unknown; logo?: unknown }>(join(dir, 'brand.json')) : undefined;
  const messages = mergeMessages(BUILT_IN_MESSAGES, dir ? readJson<MessageOverrides>(join(dir, 'messages.json')) : undefined, options.messages);
  const name = options.name ?? stringOrUndefined(brandFile?.name, 'brand.json name') ?? messages.brand.name;
  const logo = options.logo ?? stringOrUndefined(brandFile?.logo, 'brand.json logo');
  if (logo !== undefined && !(logo.startsWith('/') && !logo.startsWith('//'))) throw new BrandingError(`The logo must be a path on our own origin (such as /logo.svg), not ${logo}`);
  return {
    name,
    logo,
    viewsDir: dir && existsSync(join(dir, 'views')) ? join(dir, 'views') : undefined,
    assetsDir: dir && existsSync(join(dir, 'public')) ? join(dir, 'public') : undefined,
    messages: { ...messages, brand: { ...messages.brand, name } },
  };
}

function readJson<T>(path: string): T | undefined {
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (error) {
    throw new BrandingError(`Cannot read ${path} as JSON (${(error as Error).message})`);
  }
}

function stringOrUndefined(value: unknown, what: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') throw new BrandingError(`${what} must be a non-empty string`);
  return value;
}

/** Overrides replace built-in messages key by key; a key we do not have, or a value that is not text, is an error, not silently ignored. */
function mergeMessages(base: Messages, ...overrides: Array<MessageOverrides | undefined>): Messages {
  const merged = structuredClone(base);
  for (const override of overrides) if (override) mergeInto(merged as unknown as Record<string, unknown>, override, '');
  return merged;
}

function mergeInto(target: Record<string, unknown>, override: Record<string, unknown>, path: string): void {
  for (const [key, value] of Object.entries(override)) {
    const where = `${path}${key}`;
    if (!(key in target)) throw new BrandingError(`messages: there is no message "${where}"`);
    const current = target[key];
    if (typeof current === 'string') {
      if (typeof value !== 'string') throw new BrandingError(`messages: "${where}" must be text`);
      target[key] = value;
    } else if (value && typeof value === 'object' && !Array.isArray(value)) {
      mergeInto(current as Record<string, unknown>, value as Record<string, unknown>, `${where}.`);
    } else {
      throw new BrandingError(`messages: "${where}" is a group of messages, not one`);
    }
  }
}

/** For config: a relative `BRANDING_DIR` is relative to where the server was started. */
export const brandingDirFrom = (value: string | undefined): string | undefined => (value ? (isAbsolute(value) ? value : resolve(value)) : undefined);
