import { Logger } from '@nestjs/common';
import type Provider from 'oidc-provider';
import { causedByDatabaseOutage } from '../database/database.errors.js';
import type { Messages } from '../branding/messages.js';
import { BINDING_RESULT_KEY, BROWSER_BINDING_COOKIE, bindingMatches } from './browser-binding.js';
import { renderProviderPage } from './provider-pages.js';
import { inOneRequest } from './request-rows.js';

type ProviderMiddleware = Parameters<Provider['use']>[0];

const logger = new Logger('OidcProvider');

/** oidc-provider's resume route, `/auth/:uid`: where a finished interaction is turned into a session and a code. */
const RESUME_PATH = /^\/auth\/[^/]+$/;

/**
 * Refuses to resume a finished sign-in in any browser but the one that finished it: the resume must
 * carry the binding secret whose digest the last step put in the interaction's result (see
 * `BrowserBinding`). Runs before the provider, so a refused resume changes no session.
 */
export function requireBrowserBindingOnResume(provider: Provider, messages: Messages): ProviderMiddleware {
  const check: ProviderMiddleware = async (ctx, next) => {
    const interactionId = ctx.cookies.get(provider.cookieName('resume'), { signed: true });
    // Without its resume cookie the provider refuses the request itself.
    const interaction = interactionId ? await provider.Interaction.find(interactionId) : undefined;
    const result = interaction?.result as Record<string, unknown> | undefined;
    if (!result?.login || bindingMatches(ctx.cookies.get(BROWSER_BINDING_COOKIE), result[BINDING_RESULT_KEY])) return next();
    logger.warn({ event: 'interaction.binding_mismatch', interaction: interactionId });
    ctx.status = 400;
    await renderProviderPage(ctx, 'error', messages.errors.expired);
  };
  // The check and the resume share their rows: the interaction read here is not read again. Every
  // other request passes straight on, without an async step of its own.
  return (ctx, next) => (RESUME_PATH.test(ctx.path) && (ctx.method === 'GET' || ctx.method === 'POST') ? inOneRequest(() => check(ctx, next)) : next());
}

/**
 * The provider's last line, for the answers it leaves to Koa. An error its own handlers did not answer (a session that cannot be saved
 * after the response was prepared, for one) would reach Koa, which answers a bare text/plain 500 and
 * strips every header, the request id included. Here it gets our page or a JSON body instead, with the
 * request id, and a log line; the headers the provider had set are dropped (the security headers are
 * added as the response leaves, by the front door, so nothing is copied per request). `answered` is told of
 * every request once it is answered (the request metrics name the provider's route): one layer around
 * the provider instead of two, since every layer costs each request a promise.
 */
export function providerErrorBoundary(messages: Messages, answered: (ctx: Parameters<ProviderMiddleware>[0]) => void = () => undefined): ProviderMiddleware {
  return async (ctx, next) => {
    try {
      await next();
      // A provider path with no route for this method: Koa would answer a bare text/plain "Not Found".
      if (ctx.status === 404 && ctx.body === undefined) {
        if (ctx.accepts('json', 'html') === 'html') await renderProviderPage(ctx, 'error', messages.errors.notFound);
        else ctx.body = { error: 'not_found', error_description: `there is no ${ctx.method} ${ctx.path}` };
        ctx.status = 404;
      }
    } catch (error) {
      const outage = causedByDatabaseOutage(error);
      const requestId = ctx.res.getHeader('x-request-id');
      if (outage) logger.error({ event: 'database.unavailable', path: ctx.path, requestId, cause: (error as Error).message });
      else logger.error({ event: 'oidc.unhandled_error', path: ctx.path, requestId, err: error });
      for (const name of ctx.res.getHeaderNames()) ctx.res.removeHeader(name);
      if (requestId !== undefined) ctx.res.setHeader('X-Request-Id', requestId);
      ctx.status = outage ? 503 : 500;
      if (ctx.accepts('json', 'html') === 'html') {
        await renderProviderPage(ctx, 'error', outage ? messages.errors.outage : { ...messages.errors.unexpected, requestId });
      } else {
        ctx.body = outage
          ? { error: 'temporarily_unavailable', error_description: 'the service is temporarily unavailable, try again in a few minutes' }
          : { error: 'server_error', error_description: 'an unexpected error occurred', request_id: requestId };
      }
    } finally {
      answered(ctx);
    }
  };
}
