// Global validation through a real Fastify server: 400 with one entry per broken field and rule.
import { Body, Controller, Module, Post } from '@nestjs/common';
import { APP_FILTER, NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Type } from 'class-transformer';
import { IsInt, IsString, Length, Max, Min, ValidateNested } from 'class-validator';
import request from 'supertest';
import { ErrorBodyFilter } from './error-body.filter';
import { createValidationPipe } from './validation';

class PartLine {
  @IsString() @Length(3, 20) partCode!: string;
  @IsInt() @Min(1) @Max(1000) quantity!: number;
}
class RecordParts {
  @IsString() @Length(1, 64) workOrderId!: string;
  @ValidateNested({ each: true }) @Type(() => PartLine) lines!: PartLine[];
}

@Controller('parts')
class PartsController {
  @Post()
  record(@Body() body: RecordParts) {
    return { received: body.lines.length, quantityType: typeof body.lines[0]?.quantity };
  }
}

@Module({ controllers: [PartsController], providers: [{ provide: APP_FILTER, useClass: ErrorBodyFilter }] })
class TestModule {}

describe('validation', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => {
    app = await NestFactory.create<NestFastifyApplication>(TestModule, new FastifyAdapter(), { logger: false });
    app.useGlobalPipes(createValidationPipe());
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(() => app.close());

  it('accepts valid input', async () => {
    const res = await request(app.getHttpServer())
      .post('/parts')
      .send({ workOrderId: 'wo-1', lines: [{ partCode: 'P-100', quantity: 2 }] })
      .expect(201);
    expect(res.body).toEqual({ received: 1, quantityType: 'number' });
  });

  it('answers 400 naming each field and rule, nested fields with their path', async () => {
    const res = await request(app.getHttpServer())
      .post('/parts')
      .send({ workOrderId: '', lines: [{ partCode: 'P', quantity: 0 }] })
      .expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: 'Validation failed' });
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'workOrderId', rule: 'isLength' }),
        expect.objectContaining({ field: 'lines.0.partCode', rule: 'isLength' }),
        expect.objectContaining({ field: 'lines.0.quantity', rule: 'min' }),
      ]),
    );
  });

  it('refuses fields it does not know', async () => {
    const res = await request(app.getHttpServer())
      .post('/parts')
      .send({ workOrderId: 'wo-1', lines: [], tenantId: 'someone-else' })
      .expect(400);
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'tenantId', rule: 'whitelistValidation' }));
  });

  it('refuses malformed JSON with 400 and the common error body', async () => {
    const res = await request(app.getHttpServer()).post('/parts').set('content-type', 'application/json').send('{"workOrderId":').expect(400);
    expect(res.body.statusCode).toBe(400);
    expect(typeof res.body.message).toBe('string');
  });
});
