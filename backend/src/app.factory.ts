import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from '@fastify/helmet';
import { Logger } from 'nestjs-pino';
import type { AppConfig } from './config/config';
import { roleRuns } from './config/config';
import { AppModule } from './app.module';
import { acceptJsonBodiesOnly } from './http/request-body';
import { contentSecurityPolicy, relaxPolicyForGraphiql } from './http/content-security-policy';
import { createValidationPipe } from './http/validation';
import { registerApiDocs } from './api-docs/api-docs';
import { declareRawRoutes } from './http/raw-routes';
import { installAccessControl } from './http/route-inventory';
import { answerFrameworkError } from './http/client-errors';
import { installGraphqlEdge } from './graphql/graphql-edge';
import { loadGraphqlLimits } from './graphql/graphql-limits';
import { registerConsole } from './console/console-static';
import { platformInfo } from './platform/platform-info';
import { BLOB_UPLOAD_PATH } from './blobs/api/blobs.controller';
import { recordRefusals } from './audit/trail/recording/refusal-recording';
import { BLOB_MEDIA_TYPES } from './blobs/media-type';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Builds the Nest application for one configuration; listening is left to the caller. */
export async function createApp(config: AppConfig): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    logger: false,
    bodyLimit: config.bodyLimitBytes,
    frameworkErrors: answerFrameworkError,
    // Only the configured proxy hops may speak for the client; anyone else could pick an address per request.
    trustProxy: config.trustedProxies.length ? [...config.trustedProxies] : false,
    genReqId: (req: IncomingMessage) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
      (req as IncomingMessage & { id?: string }).id = id;
      return id;
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  const fastify = app.getHttpAdapter().getInstance();
  // Before any route exists, so that the inventory and deny-by-default see every one.
  installAccessControl(app);
  // The one route that takes a file rather than JSON.
  acceptJsonBodiesOnly(fastify, config.bodyLimitBytes, [{ method: 'POST', url: BLOB_UPLOAD_PATH, mediaTypes: BLOB_MEDIA_TYPES, maxBytes: config.blobMaxBytes, bearerOnly: true }]);
  fastify.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  // Refusals (401/403, out-of-scope 404) and operations actions become security events before the answer leaves.
  recordRefusals(app);
  await app.register(helmet as never, contentSecurityPolicy);
  if (config.nodeEnv !== 'production') relaxPolicyForGraphiql(fastify, '/graphql');
  declareRawRoutes(fastify, '*', { kind: 'public' }); // the CORS preflight answers every path
  app.enableCors({ origin: config.corsOrigins.length ? [...config.corsOrigins] : false, credentials: true });
  app.useGlobalPipes(createValidationPipe());

  if (roleRuns(config.role).api) {
    installGraphqlEdge(app, loadGraphqlLimits(process.env));
    const document = SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Kuaige Service Cloud API')
        .setDescription('REST API of the equipment after-sales maintenance platform')
        .setVersion(platformInfo().version)
        .addBearerAuth()
        .build(),
    );
    declareRawRoutes(fastify, '/api/docs/*', { kind: 'public' });
    await registerApiDocs(app, document);
    if (config.consoleDir) await registerConsole(app, config.consoleDir);
  }
  await app.init();
  return app;
}
