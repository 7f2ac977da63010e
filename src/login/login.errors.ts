/** The username/password pair was not accepted. Deliberately says nothing about which part was wrong. */
export class InvalidCredentialsError extends Error {
  constructor(readonly username: string) {
    super('Invalid credentials');
  }
}
