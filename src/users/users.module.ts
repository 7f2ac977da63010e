import { Module } from '@nestjs/common';
import { DemoUsersSeeder } from './demo-users.seeder.js';
import { PasswordHasher } from './password-hasher.js';
import { UsersRepository } from './users.repository.js';
import { UsersService } from './users.service.js';

@Module({
  providers: [UsersRepository, PasswordHasher, UsersService, DemoUsersSeeder],
  exports: [UsersService],
})
export class UsersModule {}
