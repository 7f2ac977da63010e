import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { BRANDING, type Branding } from '../branding/branding.js';
import { format, messageAt } from '../branding/messages.js';
import { projectPath } from '../common/web/project-paths.js';
import { configureViews, type ViewEngineHost } from '../common/web/views.js';

/**
 * Where the identity server's views come from: the branding folder's first, then each step's own
 * `views/` (registered by its module), then the kernel's (`views/`: layout, error, sign-out pages).
 * Every view has the brand (`{{brand.name}}`, `{{brand.logo}}`) and the copy (`{{t 'login.title'}}`).
 * Configured once every module has registered, before the server takes requests.
 */
@Injectable()
export class PageViews implements OnApplicationBootstrap {
  private readonly steps: string[] = [];

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(BRANDING) private readonly branding: Branding,
  ) {}

  /** A step's views folder (`src/<step>/views`, with its partials in `partials/`). */
  addStepViews(dir: string): void {
    if (!this.steps.includes(dir)) this.steps.push(dir);
  }

  directories(): string[] {
    return [...(this.branding.viewsDir ? [this.branding.viewsDir] : []), ...this.steps, projectPath('views')];
  }

  onApplicationBootstrap(): void {
    const app = this.adapterHost.httpAdapter.getInstance<ViewEngineHost & { locals: Record<string, unknown> }>();
    const { messages } = this.branding;
    configureViews(app, this.directories(), (views) => {
      views.registerHelper('t', (key: string, options: { hash?: Record<string, unknown> }) => format(messageAt(messages, key), options?.hash));
    });
    app.locals.brand = { name: this.branding.name, logo: this.branding.logo };
  }
}
