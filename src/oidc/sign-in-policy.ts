import { interactionPolicy, type KoaContextWithOIDC } from 'oidc-provider';
import { meetsAcr } from './authentication-context.js';
import { requestedAuthentication } from './requested-authentication.js';

/**
 * oidc-provider's prompts and checks, plus step-up: a client that asks (`acr_values`) for a level the
 * session's sign-in does not meet gets the login prompt again, even within `max_age`, so a stronger
 * sign-in can happen. (The provider itself re-prompts only for an *essential* acr.) A sign-in just
 * finished in this request is never re-prompted: if it could not meet a voluntary request, the token
 * says what it did meet, instead of the browser going round in a loop.
 */
export function signInPolicy(): interactionPolicy.Prompt[] {
  const policy = interactionPolicy.base();
  policy.get('login')!.checks.add(new interactionPolicy.Check('acr_values_not_met', 'the requested acr values are not met by the current sign-in', 'login_required', sessionFallsShort));
  return policy;
}

function sessionFallsShort(ctx: KoaContextWithOIDC): boolean {
  const { session, result, params } = ctx.oidc;
  if (!session?.accountId || result?.login) return interactionPolicy.Check.NO_NEED_TO_PROMPT;
  const { acrValues } = requestedAuthentication((params ?? {}) as Record<string, unknown>);
  if (acrValues.length === 0) return interactionPolicy.Check.NO_NEED_TO_PROMPT;
  const signedIn = { acr: session.acr ?? '', amr: session.amr ?? [] };
  return acrValues.some((acr) => meetsAcr(signedIn, acr)) ? interactionPolicy.Check.NO_NEED_TO_PROMPT : interactionPolicy.Check.REQUEST_PROMPT;
}
