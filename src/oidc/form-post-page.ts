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
 * whose inline script submits a form, allowed by a hash it adds to our Content-Security-Policy. Our pages run
 * no inline script, so that page is drawn again as ours: the same form, in our layout, submitted by
 * `/js/form-post.js` from our own origin, and the policy as it was. The provider's page is recognised by the
 * script hash it added; its form is read back from the markup the provider itself escaped.
 */
export function formPostWithoutInlineScript(messages: Messages, authorizationPath: string): ProviderMiddleware {
  const redraw: ProviderMiddleware = async (ctx, next) => {
    const policyBefore = ctx.response.get('content-security-policy');
    await next();
    const policyAfter = ctx.response.get('content-security-policy');
    if (!policyBefore || policyAfter === policyBefore || !policyAfter.includes("'sha256-") || typeof ctx.body !== 'string') return;
    const form = postedForm(ctx.body);
    if (!form) return;
    const status = ctx.status;
    ctx.set('content-security-policy', policyBefore);
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

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const unescape = (text: string) => text.replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity]);

/** The action and hidden fields of the provider's auto-submitted form; our view escapes them again. */
export function postedForm(html: string): PostedForm | undefined {
  const action = /<form method="post" action="([^"]*)">/.exec(html)?.[1];
  if (action === undefined) return undefined;
  const fields = [...html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)"\/>/g)].map(([, name, value]) => ({ name: unescape(name), value: unescape(value) }));
  return { action: unescape(action), fields };
}
