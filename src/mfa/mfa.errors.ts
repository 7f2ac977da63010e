/** Authsignal's rules refused this sign-in (`BLOCK`, `REVIEW_REQUIRED`, …): a refusal page, no session. */
export class SignInRefusedError extends Error {
  constructor(readonly state: string) {
    super(`Sign-in refused by risk rules (${state})`);
  }
}
