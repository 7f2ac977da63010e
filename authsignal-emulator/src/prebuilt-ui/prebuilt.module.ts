import { Module } from '@nestjs/common';
import { ActionsModule } from '../actions/actions.module.js';
import { TenantsModule } from '../tenants/tenants.module.js';
import { TokensModule } from '../tokens/tokens.module.js';
import { UsersModule } from '../users/users.module.js';
import { PrebuiltController } from './prebuilt.controller.js';
import { PrebuiltService } from './prebuilt.service.js';

@Module({ imports: [TokensModule, ActionsModule, UsersModule, TenantsModule], controllers: [PrebuiltController], providers: [PrebuiltService] })
export class PrebuiltUiModule {}
