import { Module } from '@nestjs/common';
import { ActionsModule } from '../actions/actions.module.js';
import { StoreModule } from '../store/store.module.js';
import { TenantsModule } from '../tenants/tenants.module.js';
import { UsersModule } from '../users/users.module.js';
import { PasskeysService } from './passkeys.service.js';

@Module({ imports: [StoreModule, UsersModule, ActionsModule, TenantsModule], providers: [PasskeysService], exports: [PasskeysService] })
export class PasskeysModule {}
