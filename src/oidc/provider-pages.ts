import type { Response } from 'express';
import type { ParameterizedContext } from 'koa';

/**
 * Renders one of our views for a page oidc-provider draws itself (errors, logout confirmation,
 * signed out), so they share the layout, stylesheet and CSP of every other page. The provider runs
 * inside our Express app, so its raw response is Express's, with `render`.
 */
export async function renderProviderPage(ctx: ParameterizedContext, view: string, locals: Record<string, unknown>): Promise<void> {
  const res = ctx.res as Response;
  ctx.type = 'html';
  ctx.set('Cache-Control', 'no-store');
  ctx.body = await new Promise<string>((resolve, reject) =>
    res.render(view, locals, (error: Error | null, html: string) => (error ? reject(error) : resolve(html))),
  );
}
