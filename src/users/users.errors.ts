/** Domain errors of the users capability; the CLI prints them, web layers map them to pages. */
export class UsernameTakenError extends Error {
  constructor(username: string) {
    super(`The username "${username}" is already taken`);
  }
}

export class UserNotFoundError extends Error {
  constructor(username: string) {
    super(`No user named "${username}"`);
  }
}

export class InvalidUserInputError extends Error {}
