import { Module } from '@nestjs/common';
import { StoreModule } from '../store/store.module.js';
import { TenantsModule } from '../tenants/tenants.module.js';
import { TokensModule } from '../tokens/tokens.module.js';
import { UsersModule } from '../users/users.module.js';
import { ActionsService } from './actions.service.js';

@Module({ imports: [StoreModule, TenantsModule, TokensModule, UsersModule], providers: [ActionsService], exports: [ActionsService] })
export class ActionsModule {}
