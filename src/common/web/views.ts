import hbs from 'hbs';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

/** What view setup needs of an app: Nest's Express application and a bare Express app both have it. */
export interface ViewEngineHost {
  engine(extension: string, render: (...args: never[]) => unknown): unknown;
  set(setting: string, value: unknown): unknown;
}

/**
 * Handlebars views with a layout and partials, looked up in `viewsDirs` in order: the first folder
 * holding a view (or a partial of that name, in its `partials/`) wins, so an override folder listed
 * first replaces single files and leaves the rest to the built-in ones. Each app gets its own
 * Handlebars instance: both apps run in one process in the tests and must not share partials.
 * Handlebars escapes every `{{value}}`.
 */
export function configureViews(app: ViewEngineHost, viewsDirs: string | string[], registerHelpers: (views: ReturnType<typeof hbs.create>) => void = () => undefined): void {
  const dirs = [viewsDirs].flat();
  const views = hbs.create();
  // hbs's own registerPartials reads the folder asynchronously; a request in the first milliseconds could miss them.
  for (const dir of [...dirs].reverse()) {
    const partialsDir = join(dir, 'partials');
    if (!existsSync(partialsDir)) continue;
    for (const file of readdirSync(partialsDir).filter((name) => name.endsWith('.hbs'))) {
      views.registerPartial(basename(file, '.hbs'), readFileSync(join(partialsDir, file), 'utf8'));
    }
  }
  views.registerHelper('eq', (left: unknown, right: unknown) => left === right);
  registerHelpers(views);
  app.engine('hbs', views.__express as never);
  app.set('views', dirs);
  app.set('view engine', 'hbs');
  app.set('view options', { layout: 'layout' });
}
