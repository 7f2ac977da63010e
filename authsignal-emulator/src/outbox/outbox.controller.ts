import { Controller, Get, Header, Query, Render } from '@nestjs/common';
import { Errors } from '../common/api-error.js';
import { OutboxService } from './outbox.service.js';

/** The outbox, for people (`/outbox`) and tests (`/outbox.json?email=…`, the latest code sent to an address). */
@Controller()
export class OutboxController {
  constructor(private readonly outbox: OutboxService) {}

  @Get('outbox')
  @Render('outbox')
  @Header('Cache-Control', 'no-store')
  page() {
    const messages = this.outbox.messages(200);
    return { title: 'Outbox', nav: 'outbox', messages, empty: messages.length === 0 };
  }

  /** With `email`: `{ email, code, sentAt, … }` of the latest message, 404 if none. Without: `{ messages }`. */
  @Get('outbox.json')
  @Header('Cache-Control', 'no-store')
  json(@Query('email') email?: string) {
    if (typeof email !== 'string' || email.length === 0) return { messages: this.outbox.messages(200) };
    const latest = this.outbox.latest(email);
    if (!latest) throw Errors.notFound(`No message was sent to ${email}.`);
    return { email: latest.to, code: latest.code, sentAt: latest.sentAt, subject: latest.subject, purpose: latest.purpose, tenantId: latest.tenantId };
  }
}
