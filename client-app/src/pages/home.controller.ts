import { Controller, Get, Render } from '@nestjs/common';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { Public } from '../auth/public.decorator.js';
import type { SignedInUser } from '../auth/auth-session.js';

@Controller()
export class HomeController {
  @Public()
  @Get()
  @Render('home')
  home(@CurrentUser() user?: SignedInUser) {
    return { title: 'Home', user };
  }
}
