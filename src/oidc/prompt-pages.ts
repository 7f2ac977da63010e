import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { InteractionDetails } from './interaction.decorators.js';
import { InteractionUnavailableError } from './interaction.errors.js';

/** How a prompt's page is shown again after a failed attempt on it. */
export interface PromptPageOptions {
  status?: number;
  /** One message for the person, shown on the page. */
  error?: string;
  /** What the person had entered, to fill the form in again (never a password: steps pick what they show). */
  form?: Record<string, unknown>;
}

/** The page of one oidc-provider prompt (`login`, `consent`): the step that serves the prompt registers it. */
export interface PromptPage {
  prompt: string;
  render(interaction: InteractionDetails, req: Request, res: Response, options: PromptPageOptions): Promise<void>;
}

/** What a page hands to the partials other steps add to it. */
export interface PageContext {
  interaction: InteractionDetails;
  csrfToken: string;
}

/**
 * A part one step adds to another step's page without either importing the other: the passkey option
 * on the login page, say. `partial` names a Handlebars partial of the contributing step's views.
 */
export interface PageContribution {
  prompt: string;
  partial: string;
  locals(context: PageContext): Record<string, unknown>;
}

export interface RenderedContribution {
  partial: string;
  locals: Record<string, unknown>;
}

/** The kernel's registry of prompt pages and of the parts steps contribute to them. */
@Injectable()
export class PromptPages {
  private readonly pages = new Map<string, PromptPage>();
  private readonly contributions: PageContribution[] = [];

  register(page: PromptPage): void {
    this.pages.set(page.prompt, page);
  }

  contribute(contribution: PageContribution): void {
    this.contributions.push(contribution);
  }

  async render(interaction: InteractionDetails, req: Request, res: Response, options: PromptPageOptions = {}): Promise<void> {
    const page = this.pages.get(interaction.prompt.name);
    // A prompt no step serves (a custom policy's, say) cannot be completed here.
    if (!page) throw new InteractionUnavailableError(`no page for the ${interaction.prompt.name} prompt`);
    await page.render(interaction, req, res, options);
  }

  /** The parts contributed to a prompt's page, for its view to include (`{{#each contributions}}`). */
  contributionsTo(prompt: string, context: PageContext): RenderedContribution[] {
    return this.contributions
      .filter((contribution) => contribution.prompt === prompt)
      .map((contribution) => ({ partial: contribution.partial, locals: contribution.locals(context) }));
  }
}
