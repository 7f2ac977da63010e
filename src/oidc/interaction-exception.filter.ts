import { type ArgumentsHost, Catch, type ExceptionFilter, Inject, Logger } from '@nestjs/common';
import { BRANDING, type Branding } from '../branding/branding.js';
import type { Response } from 'express';
import { AppExceptionFilter } from '../errors/app-exception.filter.js';
import type { InteractionRequest } from './interaction.decorators.js';
import { InteractionErrorPages } from './interaction-error-pages.js';
import { PromptPages } from './prompt-pages.js';

/**
 * The one filter of every interaction page, the steps' included: an error gets the page its step
 * registered (`InteractionErrorPages`), with its log line; anything else gets the server's generic
 * page and a log line with the request id. Never a JSON body, never a stack trace.
 */
@Catch()
export class InteractionExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(InteractionExceptionFilter.name);
  private readonly fallback: AppExceptionFilter;

  constructor(
    private readonly pages: InteractionErrorPages,
    private readonly promptPages: PromptPages,
    @Inject(BRANDING) branding: Branding,
  ) {
    this.fallback = new AppExceptionFilter(branding);
  }

  async catch(error: unknown, host: ArgumentsHost): Promise<void> {
    const req = host.switchToHttp().getRequest<InteractionRequest>();
    const res = host.switchToHttp().getResponse<Response>();
    const page = this.pages.find(error);
    if (!page || res.headersSent) return this.fallback.catch(error, host);
    const interactionUid = String(req.params.uid ?? '');
    if (page.log) this.logger[page.log.level]({ interaction: interactionUid, ...page.log.fields(error as Error) });
    await page.respond(error as Error, {
      req,
      res,
      interactionUid,
      showPromptAgain: async ({ status, error: message }) => {
        // The guard attaches the interaction; without it there is no page to show again.
        if (!req.interaction) return this.fallback.catch(error, host);
        await this.promptPages.render(req.interaction, req, res, { status, error: message, form: req.body as Record<string, unknown> | undefined });
      },
    });
  }
}
