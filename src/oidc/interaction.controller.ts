import { Controller, Get, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Interaction, type InteractionDetails } from './interaction.decorators.js';
import { InteractionExceptionFilter } from './interaction-exception.filter.js';
import { InteractionGuard } from './interaction.guard.js';
import { PromptPages } from './prompt-pages.js';

/**
 * Where oidc-provider sends the browser: the page of the interaction's prompt, as the step serving it
 * registered it. The steps' own routes live under the same path, in their own controllers. (`no-store`
 * is set for the whole path in `createIdentityServer`, so error pages from guards carry it too.)
 */
@Controller('interaction/:uid')
@UseGuards(InteractionGuard)
@UseFilters(InteractionExceptionFilter)
export class InteractionController {
  constructor(private readonly pages: PromptPages) {}

  @Get()
  async show(@Interaction() interaction: InteractionDetails, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.pages.render(interaction, req, res);
  }
}
