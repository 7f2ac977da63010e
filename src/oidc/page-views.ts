import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { projectPath } from '../common/web/project-paths.js';
import { configureViews, type ViewEngineHost } from '../common/web/views.js';

/**
 * Where the identity server's views come from: the override folders (branding) first, then each step's
 * own `views/` (registered by its module), then the kernel's (`views/`: layout, error, sign-out pages).
 * Configured once every module has registered, before the server takes requests.
 */
@Injectable()
export class PageViews implements OnApplicationBootstrap {
  private readonly overrides: string[] = [];
  private readonly steps: string[] = [];

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  /** A step's views folder (`src/<step>/views`, with its partials in `partials/`). */
  addStepViews(dir: string): void {
    if (!this.steps.includes(dir)) this.steps.push(dir);
  }

  /** A folder whose files replace built-in views and partials of the same name. */
  addOverrides(dir: string): void {
    if (!this.overrides.includes(dir)) this.overrides.push(dir);
  }

  directories(): string[] {
    return [...this.overrides, ...this.steps, projectPath('views')];
  }

  onApplicationBootstrap(): void {
    configureViews(this.adapterHost.httpAdapter.getInstance<ViewEngineHost>(), this.directories());
  }
}
