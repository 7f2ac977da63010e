import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import type { InteractionRequest } from './interaction.decorators.js';

/** What an error page may do besides rendering: re-show the current prompt's page with a message. */
export interface InteractionErrorContext {
  req: InteractionRequest;
  res: Response;
  /** The interaction's uid from the URL (the interaction itself may be what failed to load). */
  interactionUid: string;
  /** Renders the page of the interaction's prompt again (the login page, say) with `error` shown on it. */
  showPromptAgain(options: { status: number; error: string }): Promise<void>;
}

/** How one kind of error reaches the browser on the interaction pages. */
export interface InteractionErrorPage<E extends Error = Error> {
  error: abstract new (...args: never[]) => E;
  respond(error: E, context: InteractionErrorContext): void | Promise<void>;
  /** The log line, without secrets; none for errors that are the browser's ordinary business (a wrong password is logged where it is checked). */
  log?: ErrorLog<E>;
}

export interface ErrorLog<E extends Error> {
  level: 'warn' | 'error';
  fields(error: E): Record<string, unknown>;
}

export interface StaticErrorPage<E extends Error> {
  status: number;
  title: string;
  message: string;
  log?: ErrorLog<E>;
}

/** Types `respond` and `log` by the error's own class, for the registry that holds pages of every kind. */
export function onError<E extends Error>(page: InteractionErrorPage<E>): InteractionErrorPage {
  return page as unknown as InteractionErrorPage;
}

/** A page with a title and a message, the same for every reason behind the error: the browser learns nothing more. */
export function errorPage<E extends Error>(error: abstract new (...args: never[]) => E, page: StaticErrorPage<E>): InteractionErrorPage {
  return onError<E>({
    error,
    respond: (_thrown, { res }) => res.status(page.status).render('error', { title: page.title, message: page.message }),
    log: page.log,
  });
}

/**
 * The kernel's way for steps to say how their errors look: each step module registers pages for the
 * errors it throws, and the one interaction exception filter answers with them. The kernel knows no
 * step's errors; a step knows no other step's.
 */
@Injectable()
export class InteractionErrorPages {
  private readonly pages: InteractionErrorPage[] = [];

  register(...pages: InteractionErrorPage[]): void {
    for (const page of pages) {
      // A shared error (two steps both throw it) keeps its first page.
      if (!this.pages.some((existing) => existing.error === page.error)) this.pages.push(page);
    }
  }

  /** The most specific page registered for this error's class or one of its ancestors. */
  find(error: unknown): InteractionErrorPage | undefined {
    if (!(error instanceof Error)) return undefined;
    for (let prototype = Object.getPrototypeOf(error); prototype && prototype !== Error.prototype; prototype = Object.getPrototypeOf(prototype)) {
      const page = this.pages.find((candidate) => candidate.error.prototype === prototype);
      if (page) return page;
    }
    return undefined;
  }
}
