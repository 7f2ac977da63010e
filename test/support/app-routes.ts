import type { NestExpressApplication } from '@nestjs/platform-express';

export interface AppRoute {
  method: string;
  /** Express's pattern, e.g. `/interaction/:uid/login` or `/v1/client/{*path}`. */
  path: string;
}

const STANDARD_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);

interface RouterLayer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
}

/**
 * Every route an app registered, read from its Express router, so a suite that must reach every route
 * (the fuzz spec) cannot fall behind the code.
 */
export function expressRoutes(app: NestExpressApplication): AppRoute[] {
  const router = (app.getHttpAdapter().getInstance() as { router: { stack: RouterLayer[] } }).router;
  return router.stack.flatMap((layer) => {
    if (!layer.route) return [];
    const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
    // A route for every method (Nest's catch-all 404, `@All`) is tried with the methods browsers and SDKs use.
    const methods = layer.route.methods._all ? ['get', 'post'] : Object.keys(layer.route.methods).filter((method) => STANDARD_METHODS.has(method));
    return paths.flatMap((path) => methods.map((method) => ({ method: method.toUpperCase(), path })));
  });
}

/**
 * oidc-provider's routes, from its own discovery document (so an endpoint enabled later is included),
 * plus the browser routes discovery does not list.
 */
export async function providerRoutes(issuer: string): Promise<AppRoute[]> {
  const discovery = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
  const endpoints = Object.entries(discovery)
    .filter(([name, value]) => (name.endsWith('_endpoint') || name === 'jwks_uri') && typeof value === 'string')
    .map(([, value]) => new URL(value as string).pathname);
  const paths = [...new Set([...endpoints, '/.well-known/openid-configuration', '/auth/:uid', '/session/end/confirm', '/session/end/success'])];
  return paths.flatMap((path) => ['GET', 'POST'].map((method) => ({ method, path })));
}

/** A route's path with each parameter replaced by `value(name)`. */
export function fillPath(path: string, value: (name: string) => string): string {
  return path
    .replace(/\{\/\*(\w+)\}/g, (_match, name) => `/${value(name)}`)
    .replace(/\{\*(\w+)\}|\*(\w+)|:(\w+)/g, (_match, wildcard, star, param) => value(wildcard ?? star ?? param));
}
