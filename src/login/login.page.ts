/** Policy and wording of the login page. One message for every credential failure. */
export const LOGIN_PAGE = {
  view: 'login',
  title: 'Sign in',
  invalidCredentialsMessage: 'The username or password is incorrect.',
  tooManyAttemptsMessage: (retryAfterSeconds: number) =>
    `Too many failed attempts. Try again in ${Math.ceil(retryAfterSeconds / 60)} minute${retryAfterSeconds > 60 ? 's' : ''}.`,
} as const;

/**
 * What the login form accepts. Usernames are at most 64 characters; passwords at most 128 code points,
 * which is at most 512 UTF-16 units. Anything longer cannot be a credential and is refused before hashing.
 */
export const LOGIN_FORM_LIMITS = { usernameLength: 64, passwordLength: 512 } as const;

/** What the login view renders. */
export interface LoginPageModel {
  title: string;
  uid: string;
  csrfToken: string;
  clientName: string;
  username: string;
  error?: string;
  /** Public settings of the passkey script: the Authsignal tenant, its client API and the sign-in action. */
  passkey: { tenantId: string; baseUrl: string; action: string };
}

export function loginPageModel(input: Omit<LoginPageModel, 'title'>): LoginPageModel {
  return { title: LOGIN_PAGE.title, ...input };
}
