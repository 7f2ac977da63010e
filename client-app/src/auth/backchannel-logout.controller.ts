import { Body, Controller, HttpCode, HttpStatus, Post, UseFilters } from '@nestjs/common';
import { BackchannelLogoutForm } from './backchannel-logout-form.dto.js';
import { BackchannelLogoutErrorFilter } from './backchannel-logout.filter.js';
import { BackchannelLogoutService } from './backchannel-logout.service.js';
import { Public } from './public.decorator.js';

/**
 * The back-channel logout URI registered at the identity server (`<CLIENT_APP_URL>/backchannel-logout`). Called
 * server to server, so no CSRF token or session: the logout token's signature is what authenticates the call.
 */
@Public()
@Controller()
@UseFilters(BackchannelLogoutErrorFilter)
export class BackchannelLogoutController {
  constructor(private readonly backchannel: BackchannelLogoutService) {}

  @Post('backchannel-logout')
  @HttpCode(HttpStatus.OK)
  async logout(@Body() form: BackchannelLogoutForm): Promise<void> {
    await this.backchannel.logout(form.logout_token);
  }
}
