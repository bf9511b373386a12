import { BadRequestException, Body, Controller, Get, HttpCode, HttpStatus, Param, Patch, Post, Query, StreamableFile, UseFilters } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { RouteConfig } from '@nestjs/platform-fastify';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { CATEGORY_CODE_PATTERN, type PartUnit } from '@kuaige/domain';
import { Client, type ClientCommand } from '../../event-sourcing/client-command';
import { Clock } from '../../identity/clock';
import { ReadModelFreshness } from '../../identity/read-models/read-model-freshness';
import { MEDIA_TYPES, TabularFileError, type SheetFormat } from '../../tabular';
import { CurrentActor, inScope, NotFoundInScope, Permit, type Actor } from '../../tenancy/api/authorization';
import { actingContext } from '../../tenancy/api/command-contexts';
import { IMPORT_MAX_BYTES, ImportDto } from '../../tenancy/api/organisation.dto';
import { CreatePartCategory, RegisterPart, RenamePartCategory, UpdatePart } from '../application/inventory.commands';
import { ImportParts, type PartImportReport } from '../application/part-import';
import { partSheet } from '../application/part-sheet';
import { partCategoryRowId, PART_CATEGORIES, PARTS, type PartCategoryRow, type PartRow } from '../read-models/inventory.projections';
import { categoryList, GetInventoryRow, ListInventory, partList, type View } from '../read-models/inventory.queries';
import { InventoryErrorFilter } from './inventory-error.filter';
import { CreatePartCategoryDto, PartExportQueryDto, PartListQueryDto, RegisterPartDto, RenamePartCategoryDto, UpdatePartDto } from './inventory.dto';
import { partyOf } from './party';

const fileError = (rule: string, message: string) => new BadRequestException({ message, errors: [{ field: 'file', rule, message }] });
const attachment = (name: string, ascii: string) => `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
const EXPORT_MAX_ROWS = 20_000;
const CATALOGUE = ['part_categories', 'parts'];

/** /api/v1/inventory/categories and /parts — the parts catalogue of my enterprise (INV-1). */
@ApiTags('inventory')
@Controller('api/v1/inventory')
@UseFilters(InventoryErrorFilter)
export class CatalogueController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly clock: Clock,
    private readonly freshness: ReadModelFreshness,
  ) {}

  private async part(actor: Actor, id: string): Promise<View<PartRow>> {
    await this.freshness.caughtUp(CATALOGUE);
    const found = await this.queries.execute(new GetInventoryRow<PartRow>(actor, PARTS, 'Part', id));
    if (!found) throw new NotFoundInScope('Part');
    return found;
  }

  private async category(actor: Actor, code: string): Promise<View<PartCategoryRow>> {
    await this.freshness.caughtUp(CATALOGUE);
    const found = CATEGORY_CODE_PATTERN.test(code) && actor.enterpriseId !== null
      ? await this.queries.execute(new GetInventoryRow<PartCategoryRow>(actor, PART_CATEGORIES, 'Part', partCategoryRowId(actor.enterpriseId, code)))
      : null;
    if (!found) throw new NotFoundInScope('Part', 'code');
    return found;
  }

  @Get('categories')
  @Permit('part:read')
  @ApiOperation({ summary: 'The classification tree of my enterprise’s parts, as a flat list in tree order (path)' })
  @ApiOkResponse({ description: '{ items, total, page, pageSize }' })
  async categories(@CurrentActor() actor: Actor) {
    await this.freshness.caughtUp(CATALOGUE);
    return this.queries.execute(categoryList(actor));
  }

  @Post('categories')
  @Permit('part:create')
  @ApiOperation({ summary: 'Add a category to the tree (code 2–12 capital letters or digits; parent optional, at most 5 levels)' })
  @ApiCreatedResponse({ description: 'The category' })
  async createCategory(@CurrentActor() actor: Actor, @Body() dto: CreatePartCategoryDto, @Client() client: ClientCommand) {
    const now = this.clock.now();
    await this.commands.execute(
      new CreatePartCategory({ code: dto.code, name: dto.name, parentCode: dto.parentCode ?? null, by: partyOf(actor), at: now.toISOString() }, actingContext(client, 'category', actor, now)),
    );
    return this.category(actor, dto.code);
  }

  @Patch('categories/:code')
  @Permit('part:update')
  @ApiOperation({ summary: 'Rename a category (its code stays: part codes start with it)' })
  @ApiOkResponse({ description: 'The category' })
  async renameCategory(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() dto: RenamePartCategoryDto, @Client() client: ClientCommand) {
    inScope(actor, 'update', 'Part', await this.category(actor, code), 'code');
    const now = this.clock.now();
    await this.commands.execute(new RenamePartCategory(code, { name: dto.name, by: partyOf(actor), at: now.toISOString() }, actingContext(client, 'rename', actor, now)));
    return this.category(actor, code);
  }

  @Get('parts')
  @Permit('part:read')
  @ApiOperation({ summary: 'Parts of my enterprise’s catalogue (?category includes sub-categories; q: code, name, model, maker)' })
  @ApiOkResponse({ description: '{ items, total, page, pageSize }' })
  async parts(@CurrentActor() actor: Actor, @Query() query: PartListQueryDto) {
    await this.freshness.caughtUp(CATALOGUE);
    return this.queries.execute(partList(actor, query, { page: query.page ?? 1, pageSize: query.pageSize ?? 20 }));
  }

  @Post('parts')
  @Permit('part:create')
  @ApiOperation({ summary: 'Register a part in a category; without a code it gets the category’s next one (BRG-0001, BRG-0002 …)' })
  @ApiCreatedResponse({ description: 'The part' })
  async register(@CurrentActor() actor: Actor, @Body() dto: RegisterPartDto, @Client() client: ClientCommand) {
    await this.category(actor, dto.categoryCode).catch(() => {
      throw new NotFoundInScope('Part', 'categoryCode');
    });
    const partId = client.idOf('part');
    const now = this.clock.now();
    await this.commands.execute(
      new RegisterPart(
        partId,
        {
          categoryCode: dto.categoryCode,
          code: dto.code ?? null,
          name: dto.name,
          model: dto.model ?? '',
          spec: dto.spec ?? '',
          maker: dto.maker ?? '',
          unit: dto.unit,
          safetyStock: dto.safetyStock ?? 0,
          suppliers: (dto.suppliers ?? []).map((s) => ({ name: s.name, priceFen: s.priceFen })),
          compatibleModels: dto.compatibleModels ?? [],
          by: partyOf(actor),
          at: now.toISOString(),
        },
        actingContext(client, 'register', actor, now),
      ),
    );
    return this.part(actor, partId);
  }

  @Get('parts/export')
  @Permit('part:read')
  @ApiOperation({ summary: 'My enterprise’s parts as the parts sheet (?format=xlsx|csv&language=zh-CN|en&category)' })
  @ApiProduces(MEDIA_TYPES.xlsx, MEDIA_TYPES.csv)
  @ApiOkResponse({ description: 'The file, as an attachment' })
  async export(@CurrentActor() actor: Actor, @Query() query: PartExportQueryDto): Promise<StreamableFile> {
    await this.freshness.caughtUp(CATALOGUE);
    const format: SheetFormat = query.format ?? 'xlsx';
    const language = query.language ?? 'zh-CN';
    const page = await this.queries.execute(partList(actor, { ...(query.category ? { category: query.category } : {}) }, { page: 1, pageSize: EXPORT_MAX_ROWS }));
    const file = partSheet.writeSheet(
      page.items.map((p) => ({
        code: p.code,
        categoryCode: p.categoryCode,
        name: p.name,
        ...(p.model ? { model: p.model } : {}),
        ...(p.spec ? { spec: p.spec } : {}),
        ...(p.maker ? { maker: p.maker } : {}),
        unit: p.unit as PartUnit,
        safetyStock: p.safetyStock,
        suppliers: [...p.suppliers],
        ...(p.compatibleModels.length ? { compatibleModels: [...p.compatibleModels] } : {}),
      })),
      format,
      language,
    );
    const day = this.clock.now().toISOString().slice(0, 10);
    return new StreamableFile(file, {
      type: MEDIA_TYPES[format],
      disposition: attachment(`${language === 'zh-CN' ? '配件' : 'parts'}-${day}.${format}`, `parts-${day}.${format}`),
      length: file.length,
    });
  }

  @Post('parts/import')
  @HttpCode(HttpStatus.OK)
  @RouteConfig({ bodyLimit: Math.ceil(IMPORT_MAX_BYTES / 3) * 4 + 64 * 1024 })
  @Permit('part:create')
  @ApiOperation({ summary: 'Register parts from the parts sheet (JSON: fileName .csv|.xlsx, contentBase64 ≤ 2 MB), row by row with a report' })
  @ApiOkResponse({ description: '{ imported, created: [{ row, partId, code }], rejected: [{ row, field, rule, message }] }' })
  async import(@CurrentActor() actor: Actor, @Body() dto: ImportDto, @Client() client: ClientCommand): Promise<PartImportReport> {
    const bytes = Buffer.from(dto.contentBase64, 'base64');
    if (bytes.length === 0) throw fileError('empty-file', 'the file is empty');
    if (bytes.length > IMPORT_MAX_BYTES) throw fileError('file-too-large', 'the file is larger than 2 MB: split it');
    const format = dto.fileName.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'csv';
    const now = this.clock.now();
    try {
      const report = await this.commands.execute(new ImportParts({ by: partyOf(actor), bytes, format, at: now.toISOString() }, actingContext(client, 'import', actor, now)));
      await this.freshness.caughtUp(CATALOGUE);
      return report;
    } catch (error) {
      if (error instanceof TabularFileError) throw fileError(error.rule, error.message);
      throw error;
    }
  }

  @Get('parts/:id')
  @Permit('part:read')
  @ApiOperation({ summary: 'A part of my enterprise’s catalogue' })
  @ApiOkResponse({ description: 'The part' })
  detail(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.part(actor, id);
  }

  @Patch('parts/:id')
  @Permit('part:update')
  @ApiOperation({ summary: 'Change a part’s facts (its code and category stay)' })
  @ApiOkResponse({ description: 'The part as it is now' })
  async update(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: UpdatePartDto, @Client() client: ClientCommand) {
    const current = inScope(actor, 'update', 'Part', await this.part(actor, id));
    const now = this.clock.now();
    await this.commands.execute(
      new UpdatePart(
        id,
        {
          name: dto.name ?? current.name,
          model: dto.model ?? current.model,
          spec: dto.spec ?? current.spec,
          maker: dto.maker ?? current.maker,
          unit: dto.unit ?? current.unit,
          safetyStock: dto.safetyStock ?? current.safetyStock,
          suppliers: dto.suppliers ? dto.suppliers.map((s) => ({ name: s.name, priceFen: s.priceFen })) : current.suppliers,
          compatibleModels: dto.compatibleModels ?? current.compatibleModels,
          by: partyOf(actor),
          at: now.toISOString(),
        },
        actingContext(client, 'update', actor, now),
      ),
    );
    return this.part(actor, id);
  }
}

export type { ListInventory };
