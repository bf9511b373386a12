import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

const DOCS = '/api/docs';
/** The files of swagger-ui-dist the page uses; the rest of the package (demo page, maps) stays unserved. */
const UI_FILES = ['swagger-ui.css', 'swagger-ui-bundle.js', 'favicon-32x32.png', 'favicon-16x16.png'];

// Swagger UI's own page, as Nest serves it, carries inline <style> blocks and style attributes, which
// the Content-Security-Policy refuses; this one references only files of this origin, relative to
// /api/docs so that it also works behind a proxy that mounts the API under a prefix. BaseLayout, not
// StandaloneLayout: the standalone top bar draws the Swagger logo with an inline <style> of its own.
const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>Kuaige Service Cloud API</title>
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <link rel="stylesheet" href="docs/assets/swagger-ui.css">
    <link rel="stylesheet" href="docs/page.css">
    <link rel="icon" type="image/png" href="docs/assets/favicon-32x32.png" sizes="32x32">
    <link rel="icon" type="image/png" href="docs/assets/favicon-16x16.png" sizes="16x16">
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="docs/assets/swagger-ui-bundle.js"></script>
    <script src="docs/page.js"></script>
  </body>
</html>
`;

const PAGE_CSS = `html { box-sizing: border-box; overflow-y: scroll; }
*, *::before, *::after { box-sizing: inherit; }
body { margin: 0; background: #fafafa; }
`;

const PAGE_JS = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: new URL('docs/openapi.json', window.location.href).href,
    dom_id: '#swagger-ui',
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
  });
});
`;

/** swagger-ui-dist as @nestjs/swagger depends on it (the version its document format targets). */
const swaggerUiDist = (): string => dirname(createRequire(require.resolve('@nestjs/swagger')).resolve('swagger-ui-dist/package.json'));

/** OpenAPI at /api/docs/openapi.json and Swagger UI at /api/docs, every asset served from here. */
export async function registerApiDocs(app: NestFastifyApplication, document: OpenAPIObject): Promise<void> {
  SwaggerModule.setup(DOCS, app, document, { ui: false, raw: ['json'], jsonDocumentUrl: `${DOCS}/openapi.json` });
  const fastify = app.getHttpAdapter().getInstance();
  const uiRoot = swaggerUiDist();
  await fastify.register(fastifyStatic, {
    root: uiRoot,
    prefix: `${DOCS}/assets/`,
    decorateReply: false,
    index: false,
    maxAge: '1d',
    allowedPath: (path) => UI_FILES.includes(path.replace(/^\//, '')),
  });
  const send = (type: string, body: string) => ({ type, body });
  const files = new Map([
    [DOCS, send('text/html; charset=utf-8', PAGE)],
    [`${DOCS}/page.css`, send('text/css; charset=utf-8', PAGE_CSS)],
    [`${DOCS}/page.js`, send('text/javascript; charset=utf-8', PAGE_JS)],
  ]);
  for (const [path, { type, body }] of files) fastify.get(path, (_req, reply) => reply.type(type).send(body));
  fastify.get(`${DOCS}/`, (_req, reply) => reply.redirect(DOCS, 301));
}
