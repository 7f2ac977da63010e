import type { NestExpressApplication } from '@nestjs/platform-express';
import hbs from 'hbs';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

/**
 * Handlebars views with a layout and partials. Each app gets its own Handlebars instance: both apps run
 * in one process in the tests and must not share partials. Handlebars escapes every `{{value}}`.
 */
export function configureViews(
  app: NestExpressApplication,
  viewsDir: string,
  registerHelpers: (views: ReturnType<typeof hbs.create>) => void = () => undefined,
): void {
  const views = hbs.create();
  // hbs's own registerPartials reads the folder asynchronously; a request in the first milliseconds could miss them.
  const partialsDir = join(viewsDir, 'partials');
  for (const file of readdirSync(partialsDir).filter((name) => name.endsWith('.hbs'))) {
    views.registerPartial(basename(file, '.hbs'), readFileSync(join(partialsDir, file), 'utf8'));
  }
  views.registerHelper('eq', (left: unknown, right: unknown) => left === right);
  registerHelpers(views);
  app.engine('hbs', views.__express);
  app.setBaseViewsDir(viewsDir);
  app.setViewEngine('hbs');
  app.set('view options', { layout: 'layout' });
}
