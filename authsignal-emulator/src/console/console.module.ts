import { Module } from '@nestjs/common';
import { ActionsModule } from '../actions/actions.module.js';
import { TenantsModule } from '../tenants/tenants.module.js';
import { UsersModule } from '../users/users.module.js';
import { ConsoleController } from './console.controller.js';

@Module({ imports: [TenantsModule, UsersModule, ActionsModule], controllers: [ConsoleController] })
export class ConsoleModule {}
