import { Body, Controller, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CsrfGuard } from '../common/web/csrf.js';
import { Interaction, type InteractionDetails, PromptForm } from '../oidc/interaction.decorators.js';
import { InteractionExceptionFilter } from '../oidc/interaction-exception.filter.js';
import { InteractionFinisher } from '../oidc/interaction-finisher.js';
import { InteractionGuard } from '../oidc/interaction.guard.js';
import { ConsentFormDto } from './consent-form.dto.js';
import { ConsentService } from './consent.service.js';

/** The consent page's two buttons: allow (records the grant) or cancel (`access_denied` for the client). */
@Controller('interaction/:uid')
@UseGuards(InteractionGuard)
@UseFilters(InteractionExceptionFilter)
export class ConsentController {
  constructor(
    private readonly consent: ConsentService,
    private readonly finisher: InteractionFinisher,
  ) {}

  @PromptForm('consent', 'confirm')
  async confirm(@Interaction() interaction: InteractionDetails, @Body() _form: ConsentFormDto, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.finisher.consented(req, res, interaction.uid, await this.consent.grant(interaction));
  }

  @Post('abort')
  @UseGuards(CsrfGuard)
  async abort(@Interaction() interaction: InteractionDetails, @Body() _form: ConsentFormDto, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.finisher.cancelled(req, res, interaction.uid);
  }
}
