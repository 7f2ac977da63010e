/** A user as the rest of the server sees it: never with the password hash. `id` is the OIDC subject. */
export interface User {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  emailVerified: boolean;
  enabled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewUser {
  username: string;
  displayName?: string;
  email?: string;
  emailVerified?: boolean;
  password: string;
}

/** Usernames are compared case-insensitively and kept to characters that are safe in logs and URLs. */
export const USERNAME_PATTERN = /^[A-Za-z0-9._@+-]{1,64}$/;
