// The fuzzer itself: deliberately broken FIXTURE endpoints that it must catch.
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BadRequestException, Body, Controller, Inject, Module, Post } from '@nestjs/common';
import { Args, GraphQLSchemaHost, Query, Resolver } from '@nestjs/graphql';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiProperty, DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Test } from '@nestjs/testing';
import { IsString } from 'class-validator';
import type { EventStore } from '@kuaige/eventsourcing';
import { AppModule } from '../app.module';
import { loadConfig } from '../config/config';
import { EVENT_STORE } from '../event-sourcing/aggregate-streams';
import { Access } from './access';
import { installAccessControl } from './route-inventory';
import { acceptJsonBodiesOnly } from './request-body';
import { createValidationPipe } from './validation';
import { fuzz, FuzzFailure, graphqlCheck, restCheck, type Caller } from './testing/fuzz-harness';
import { graphqlCases, graphqlOperations } from './testing/graphql-cases';
import { apiOperations, httpCases, type ApiOperation, type HttpCase, type OpenApiDocument } from './testing/openapi-cases';

class EchoDto {
  @ApiProperty({ example: 'hello' })
  @IsString()
  text!: string;
}

@Access.public()
@Controller('fixture')
class FragileController {
  constructor(@Inject(EVENT_STORE) private readonly events: EventStore) {}

  /** Broken on purpose: nothing limits the length, and the handler throws on a long text. */
  @Post('echo')
  echo(@Body() body: EchoDto) {
    if (body.text.length > 1_000) throw new Error('fixture: text too long for this handler');
    return { length: body.text.length };
  }

  /** Broken on purpose: writes an event, then refuses the request. */
  @Post('leaky')
  async leaky(@Body() body: EchoDto) {
    await this.events.append(`Fixture-${randomUUID()}`, [{ eventId: randomUUID(), type: 'FixtureWritten', data: { text: body.text.slice(0, 10) }, metadata: {} as never }], 'any');
    throw new BadRequestException({ message: 'refused after writing', errors: [{ field: 'text', rule: 'fixture', message: 'refused after writing' }] });
  }
}

@Resolver()
class FragileResolver {
  /** Broken on purpose, like FragileController.echo. */
  @Access.public()
  @Query(() => Number)
  fragileLength(@Args('text') text: string): number {
    if (text.length > 1_000) throw new Error('fixture: text too long for this resolver');
    return text.length;
  }
}

@Module({ controllers: [FragileController], providers: [FragileResolver] })
class FragileModule {}

const anonymous: Caller = { name: 'anonymous', headers: async () => ({}) };

describe('the fuzzer', () => {
  let app: NestFastifyApplication;
  let operations: ApiOperation[];
  let doc: OpenApiDocument;

  beforeAll(async () => {
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: mkdtempSync(join(tmpdir(), 'kuaige-fuzzer-')), CONSOLE_DIR: 'off', LOG_LEVEL: 'silent' });
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config), FragileModule] }).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), { logger: false, bodyParser: false });
    installAccessControl(app);
    // The product's body rules (JSON only, bounded nesting), as createApp installs them.
    acceptJsonBodiesOnly(app.getHttpAdapter().getInstance(), config.bodyLimitBytes);
    app.useGlobalPipes(createValidationPipe());
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    doc = SwaggerModule.createDocument(app, new DocumentBuilder().build(), { include: [FragileModule] }) as unknown as OpenApiDocument;
    operations = apiOperations(doc);
  });
  afterAll(() => app.close());

  const operation = (path: string) => operations.find((o) => o.path === path)!;

  it('catches the fixture endpoint that throws on a long string, and shrinks to a long string', async () => {
    const run = fuzz('POST /fixture/echo', httpCases(doc, operation('/fixture/echo')), restCheck(app, anonymous, []), { runs: 300, seed: 1 });
    await expect(run).rejects.toThrow(FuzzFailure);
    const failure = (await run.catch((e: unknown) => e)) as FuzzFailure;
    expect(failure.violations).toContain('answered 500');
    const text = (JSON.parse((failure.failedCase as HttpCase).payload!) as { text: unknown }).text;
    expect(typeof text === 'string' && text.length > 1_000).toBe(true);
  });

  it('catches a refusal that changed the event log', async () => {
    const run = fuzz('POST /fixture/leaky', httpCases(doc, operation('/fixture/leaky')), restCheck(app, anonymous, []), { runs: 100, seed: 1 });
    await expect(run).rejects.toThrow(/refused with 400 but changed/);
  });

  it('lets a known defect through only when the allow-list names it', async () => {
    const knownLongText = { name: 'fixture: long text answered 500', matches: (c: HttpCase, a: { status: number }) => a.status === 500 && (c.payload ?? '').length > 1_000 };
    await expect(fuzz('POST /fixture/echo', httpCases(doc, operation('/fixture/echo')), restCheck(app, anonymous, [knownLongText]), { runs: 300, seed: 1 })).resolves.toBeUndefined();
  });

  it('catches the fixture GraphQL field that throws on a long string', async () => {
    const op = graphqlOperations(app.get(GraphQLSchemaHost).schema).find((o) => o.field.name === 'fragileLength')!;
    const run = fuzz('query fragileLength', graphqlCases(op), graphqlCheck(app, anonymous), { runs: 300, seed: 1 });
    await expect(run).rejects.toThrow(/INTERNAL_SERVER_ERROR/);
  });
});
