import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Controller, Get, Header } from '@nestjs/common';

/** The browser SDK's self-contained build (sets `window.authsignal`), read once from node_modules: never a CDN. */
const SDK_SOURCE = readFileSync(createRequire(import.meta.url).resolve('@authsignal/browser/dist/index.min.js'), 'utf8');

@Controller('sdk')
export class SdkController {
  @Get('authsignal-browser.min.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=3600')
  // Test pages and applications on other origins may load it with a plain <script> tag.
  @Header('Cross-Origin-Resource-Policy', 'cross-origin')
  script(): string {
    return SDK_SOURCE;
  }
}
