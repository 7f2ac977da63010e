/** The interaction is unknown, expired, belongs to another browser, or is at another step. */
export class InteractionUnavailableError extends Error {
  constructor(reason: string) {
    super(`Interaction unavailable: ${reason}`);
  }
}
