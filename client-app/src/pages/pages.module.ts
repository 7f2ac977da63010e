import { Module } from '@nestjs/common';
import { HomeController } from './home.controller.js';
import { ProfileController } from './profile.controller.js';

/** The app's own pages: home (public) and profile (signed in). */
@Module({ controllers: [HomeController, ProfileController] })
export class PagesModule {}
