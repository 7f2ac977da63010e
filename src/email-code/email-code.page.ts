import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { BRANDING, type Branding } from '../branding/branding.js';
import { format } from '../branding/messages.js';
import { INPUT_LIMITS } from '../common/input-limits.js';
import { CsrfService } from '../common/web/csrf.js';
import type { InteractionDetails } from '../oidc/interaction.decorators.js';
import type { EmailCodeRefusal } from './email-code.errors.js';

/** What the "Sign in with an email code" view renders: the identifier form. */
export interface EmailCodeStartModel {
  title: string;
  uid: string;
  csrfToken: string;
  identifier: string;
  limits: { identifier: number };
}

/** What the "Check your email" view renders: the code form, and a new code on offer. */
export interface EmailCodeEntryModel {
  title: string;
  uid: string;
  csrfToken: string;
  /** Says where the code went, in the words the person typed (the same for every identifier). */
  lead: string;
  /** How long the code lasts; absent once it has expired. */
  validity?: string;
  error?: string;
  notice?: string;
  limits: { code: number };
}

export interface EmailCodeEntryOptions {
  identifier: string;
  codeExpiresAt: Date;
  status?: number;
  refusal?: EmailCodeRefusal;
  retryAfterSeconds?: number;
  resent?: boolean;
}

/** The step's two pages. Every message is the same whether or not the identifier has an account. */
@Injectable()
export class EmailCodePage {
  constructor(
    private readonly csrf: CsrfService,
    @Inject(BRANDING) private readonly branding: Branding,
  ) {}

  renderStart(interaction: InteractionDetails, req: Request, res: Response): void {
    const loginHint = interaction.params.login_hint;
    const model: EmailCodeStartModel = {
      title: this.branding.messages.emailCode.startTitle,
      uid: interaction.uid,
      csrfToken: this.csrf.issue(req, res),
      identifier: typeof loginHint === 'string' ? loginHint.slice(0, INPUT_LIMITS.username) : '',
      limits: { identifier: INPUT_LIMITS.username },
    };
    res.status(200).render('email-code-start', model);
  }

  renderEntry(interactionUid: string, req: Request, res: Response, options: EmailCodeEntryOptions): void {
    const copy = this.branding.messages.emailCode;
    const remainingMs = options.codeExpiresAt.getTime() - Date.now();
    const model: EmailCodeEntryModel = {
      title: copy.codeTitle,
      uid: interactionUid,
      csrfToken: this.csrf.issue(req, res),
      lead: format(copy.codeLead, { identifier: options.identifier }),
      validity: remainingMs > 0 ? format(copy.validity, { minutes: Math.ceil(remainingMs / 60_000) }) : undefined,
      error: options.refusal && this.refusalMessage(options.refusal, options.retryAfterSeconds),
      notice: options.resent && !options.refusal ? copy.resent : undefined,
      limits: { code: INPUT_LIMITS.oneTimeCode },
    };
    if (options.retryAfterSeconds) res.setHeader('Retry-After', String(options.retryAfterSeconds));
    res.status(options.status ?? 200).render('email-code-entry', model);
  }

  private refusalMessage(refusal: EmailCodeRefusal, retryAfterSeconds = 60): string {
    const copy = this.branding.messages.emailCode;
    const messages: Record<EmailCodeRefusal, string> = {
      wrong: copy.wrong,
      expired: copy.expired,
      'used-up': copy.usedUp,
      throttled: format(copy.throttled, { minutes: Math.ceil(retryAfterSeconds / 60) }),
    };
    return messages[refusal];
  }
}
