import { Controller, Get, Render } from '@nestjs/common';
import { CurrentUser } from '../auth/current-user.decorator.js';
import type { SignedInUser } from '../auth/auth-session.js';
import { profileRows } from './profile.view-model.js';

@Controller('profile')
export class ProfileController {
  @Get()
  @Render('profile')
  profile(@CurrentUser() user: SignedInUser) {
    return { title: 'Your profile', user, rows: profileRows(user.claims) };
  }
}
