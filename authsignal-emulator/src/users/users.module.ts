import { Module } from '@nestjs/common';
import { StoreModule } from '../store/store.module.js';
import { UsersService } from './users.service.js';

@Module({ imports: [StoreModule], providers: [UsersService], exports: [UsersService] })
export class UsersModule {}
