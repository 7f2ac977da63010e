import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { Errors } from '../common/api-error.js';
import { EmulatorStore } from '../store/emulator.store.js';
import type { OutboxMessage } from '../store/store.types.js';
import type { TenantConfig } from '../tenants/tenant.config.js';
import { TenantsService } from '../tenants/tenants.service.js';

const RATE_WINDOW_MS = 10 * 60 * 1000;

export interface OutboxEntry extends OutboxMessage {
  tenantId: string;
}

/** Where email OTP codes go instead of a mail server: read by people on `/outbox` and by tests as JSON. */
@Injectable()
export class OutboxService {
  private readonly logger = new Logger(OutboxService.name);

  constructor(
    private readonly store: EmulatorStore,
    private readonly tenants: TenantsService,
  ) {}

  /** "Sends" a code, within the tenant's per-address rate limit (`too_many_requests` beyond it). */
  send(tenant: TenantConfig, to: string, code: string, purpose: OutboxMessage['purpose'], now = new Date()): OutboxMessage {
    const outbox = this.store.tenant(tenant.tenantId).outbox;
    const since = now.getTime() - RATE_WINDOW_MS;
    const recent = outbox.filter((message) => sameAddress(message.to, to) && new Date(message.sentAt).getTime() > since).length;
    if (recent >= tenant.maxEmailsPer10Minutes) {
      throw Errors.tooManyRequests('Too many codes were sent to this address. Try again in a few minutes.');
    }
    const message: OutboxMessage = {
      messageId: randomUUID(),
      to,
      subject: `Your ${tenant.rpName} verification code`,
      code,
      purpose,
      sentAt: now.toISOString(),
    };
    this.store.pushOutbox(tenant.tenantId, message);
    // Where to find it, never the code itself.
    this.logger.log(`Email code (${purpose}) for ${to} is in the outbox: ${this.tenants.publicUrl}/outbox`);
    return message;
  }

  /** Newest first, across tenants. */
  messages(limit = 100): OutboxEntry[] {
    return this.tenants
      .all()
      .flatMap((tenant) => this.store.tenant(tenant.tenantId).outbox.map((message) => ({ ...message, tenantId: tenant.tenantId })))
      // Newest first also among messages sent within the same millisecond (the sort is stable).
      .reverse()
      .sort((a, b) => b.sentAt.localeCompare(a.sentAt))
      .slice(0, limit);
  }

  latest(email: string): OutboxEntry | undefined {
    return this.messages(Number.MAX_SAFE_INTEGER).find((message) => sameAddress(message.to, email));
  }
}

function sameAddress(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}
