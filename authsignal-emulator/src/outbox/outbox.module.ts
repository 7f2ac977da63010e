import { Module } from '@nestjs/common';
import { StoreModule } from '../store/store.module.js';
import { TenantsModule } from '../tenants/tenants.module.js';
import { OutboxController } from './outbox.controller.js';
import { OutboxService } from './outbox.service.js';

@Module({ imports: [StoreModule, TenantsModule], controllers: [OutboxController], providers: [OutboxService], exports: [OutboxService] })
export class OutboxModule {}
