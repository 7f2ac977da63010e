import { Module } from '@nestjs/common';
import { TenantsModule } from '../tenants/tenants.module.js';
import { TokensService } from './tokens.service.js';

@Module({ imports: [TenantsModule], providers: [TokensService], exports: [TokensService] })
export class TokensModule {}
