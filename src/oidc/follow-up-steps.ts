import { Injectable } from '@nestjs/common';
import type { AuthenticationContext } from './authentication-context.js';
import type { RequestedAuthentication } from './requested-authentication.js';
import type { SignInCircumstances } from './sign-in-circumstances.js';
import type { Account } from '../users/user-store.js';

/** Where a sign-in stands after a step proved something. */
export interface SignInProgress {
  interactionUid: string;
  accountId: string;
  /** The account, when the step that identified the user has just read it; otherwise look it up by `accountId`. */
  account?: Account;
  /** How the user has signed in so far (`amr`, `acr`). */
  context: AuthenticationContext;
  /** The client the user is signing in to, with its registered metadata (our extra properties included). */
  client: { id: string; metadata: Record<string, unknown> };
  requested: RequestedAuthentication;
  circumstances: SignInCircumstances;
}

/**
 * A step that may have to run after another proved who is signing in: the second factor after a
 * password, say. `next` returns where to send the browser when it has something to do, `null` to let
 * the sign-in go on (to the next follow-up, then to the finish), or throws its own error to refuse.
 */
export interface FollowUpStep {
  next(progress: SignInProgress): Promise<{ location: string } | null>;
}

/** The kernel's registry of follow-up steps, asked in ascending `order`. */
@Injectable()
export class FollowUpSteps {
  private readonly steps: Array<{ step: FollowUpStep; order: number }> = [];

  register(step: FollowUpStep, order: number): void {
    this.steps.push({ step, order });
    this.steps.sort((left, right) => left.order - right.order);
  }

  ordered(): FollowUpStep[] {
    return this.steps.map(({ step }) => step);
  }
}
