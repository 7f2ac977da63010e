import type Provider from 'oidc-provider';
import type { Messages } from '../branding/messages.js';
import { renderProviderPage } from './provider-pages.js';

type ProviderMiddleware = Parameters<Provider['use']>[0];

interface PostedForm {
  action: string;
  fields: Array<{ name: string; value: string }>;
}

/**
 * oidc-provider answers `response_mode=form_post` (and posts a sign-out for itself now and then) with a page
 * whose inline script submits a form. Our pages run no inline script, and our Content-Security-Policy,
 * which the front door adds as the response leaves, would block it; so that page is drawn again as ours:
 * the same form, in our layout, submitted by `/js/form-post.js` from our own origin. The provider's page is
 * recognised by its auto-submitted form and inline script; its form is read back from the markup the
 * provider itself escaped. (The provider would add its script's hash to a policy already set when it
 * runs: none is, so none is added.)
 */
export function formPostWithoutInlineScript(messages: Messages, authorizationPath: string): ProviderMiddleware {
  const redraw: ProviderMiddleware = async (ctx, next) => {
    await next();
    if (typeof ctx.body !== 'string' || !INLINE_SCRIPT.test(ctx.body)) return;
    const form = postedForm(ctx.body);
    if (!form) return;
    const status = ctx.status;
    await renderProviderPage(ctx, 'form-post', { title: messages.formPost.title, ...form });
    ctx.status = status;
  };
  // Response modes answer at the authorization endpoint and its resume (`/auth/:uid`) only: every other
  // request passes straight on, without an async step of its own.
  const endpoint = authorizationPath.toLowerCase();
  return (ctx, next) => {
    const path = ctx.path.toLowerCase();
    return path === endpoint || path.startsWith(`${endpoint}/`) ? redraw(ctx, next) : next();
  };
}

/** A script element with its code inline, as the provider's page has and ours never do. */
const INLINE_SCRIPT = /<script>\s*\S/;

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const unescape = (text: string) => text.replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity]);

/** The action and hidden fields of the provider's auto-submitted form; our view escapes them again. */
export function postedForm(html: string): PostedForm | undefined {
  const action = /<form method="post" action="([^"]*)">/.exec(html)?.[1];
  if (action === undefined) return undefined;
  const fields = [...html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)"\/>/g)].map(([, name, value]) => ({ name: unescape(name), value: unescape(value) }));
  return { action: unescape(action), fields };
}
