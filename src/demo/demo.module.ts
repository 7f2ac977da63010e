import { Module } from '@nestjs/common';
import { AuthsignalModule } from '../authsignal/authsignal.module.js';
import { UsersModule } from '../users/users.module.js';
import { DemoDataSeeder } from './demo-data.seeder.js';

/** Development demo data (refused in production by config). */
@Module({ imports: [UsersModule, AuthsignalModule], providers: [DemoDataSeeder] })
export class DemoModule {}
