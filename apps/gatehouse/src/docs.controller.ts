import { existsSync, readFileSync } from 'fs';
import { dirname, join } from 'path';
import { Controller, Get, Header, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Public } from '@gatehouse/management-auth';

/**
 * `/docs` (issue 15 §5): openapi.yaml rendered by Redoc, every asset served by Gatehouse itself from the
 * installed `redoc` package (its standalone bundle) — no CDN, no inline script, a CSP that allows only
 * this origin. Public and tenantless (configure-app's TENANTLESS): the contract, never tenant data.
 */
export const DOCS_PATH = '/docs';
export const DOCS_ASSETS = {
  script: `${DOCS_PATH}/redoc.standalone.js`,
  init: `${DOCS_PATH}/init.js`,
  spec: `${DOCS_PATH}/openapi.yaml`,
} as const;

/**
 * Only this origin: the page's two scripts, the spec fetched by Redoc, images and fonts. Styles also
 * 'unsafe-inline': Redoc's styled-components inserts generated <style> rules at run time, and the bundle
 * takes its nonce from webpack's internals, out of reach (without it the page renders nothing: the
 * browser test). No document content reaches those styles, and no script may run inline. The bundle's
 * one request elsewhere (Redoc's attribution logo, an <img> that hides itself on error) is blocked.
 */
export const DOCS_CSP =
  "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Gatehouse API reference</title>
    <link rel="icon" href="data:,">
  </head>
  <body>
    <div id="redoc"></div>
    <script src="${DOCS_ASSETS.script}"></script>
    <script src="${DOCS_ASSETS.init}"></script>
  </body>
</html>
`;

// Search runs in a Web Worker Redoc makes from a blob: URL, which the CSP does not allow: off.
const INIT = `Redoc.init(${JSON.stringify(DOCS_ASSETS.spec)}, { disableSearch: true, hideDownloadButton: false, expandResponses: '200,201' }, document.getElementById('redoc'));\n`;

/** The first folder from `start` upwards that holds `file` (openapi.yaml sits at the package root, above src/ and dist/). */
function findUp(file: string, start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, file))) return join(dir, file);
    if (dirname(dir) === dir) throw new Error(`${file} not found above ${start}`);
  }
}

let cached: { bundle: Buffer; spec: Buffer } | undefined;
/** Read once, on the first request: a process that never serves /docs never reads them. */
function assets(): { bundle: Buffer; spec: Buffer } {
  cached ??= {
    bundle: readFileSync(require.resolve('redoc/bundles/redoc.standalone.js')),
    spec: readFileSync(findUp('openapi.yaml', __dirname)),
  };
  return cached;
}

@Controller('docs')
@Public()
export class DocsController {
  @Get()
  @Header('content-security-policy', DOCS_CSP)
  @Header('x-content-type-options', 'nosniff')
  @Header('referrer-policy', 'no-referrer')
  page(@Res({ passthrough: true }) reply: FastifyReply): string {
    reply.type('text/html; charset=utf-8');
    return PAGE;
  }

  @Get('redoc.standalone.js')
  @Header('cache-control', 'public, max-age=3600')
  @Header('x-content-type-options', 'nosniff')
  script(@Res({ passthrough: true }) reply: FastifyReply): Buffer {
    reply.type('text/javascript; charset=utf-8');
    return assets().bundle;
  }

  @Get('init.js')
  @Header('x-content-type-options', 'nosniff')
  init(@Res({ passthrough: true }) reply: FastifyReply): string {
    reply.type('text/javascript; charset=utf-8');
    return INIT;
  }

  @Get('openapi.yaml')
  @Header('x-content-type-options', 'nosniff')
  spec(@Res({ passthrough: true }) reply: FastifyReply): Buffer {
    reply.type('application/yaml; charset=utf-8');
    return assets().spec;
  }
}
