import { BadRequestException, Body, Controller, Get, Header, HttpCode, HttpStatus, Inject, Param, Patch, Post, Query, Req, StreamableFile, UseFilters } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { RouteConfig } from '@nestjs/platform-fastify';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { FastifyRequest } from 'fastify';
import { visibleRows, type ReadModelStore } from '@kuaige/projections';
import type { DeviceType } from '@kuaige/domain';
import { Client, type ClientCommand } from '../../event-sourcing/client-command';
import { READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import { Clock } from '../../identity/clock';
import { ReadModelFreshness } from '../../identity/read-models/read-model-freshness';
import { MEDIA_TYPES, TabularFileError, type SheetFormat } from '../../tabular';
import { CurrentActor, inScope, NotFoundInScope, Permit, type Actor } from '../../tenancy/api/authorization';
import { actingContext } from '../../tenancy/api/command-contexts';
import { IMPORT_MAX_BYTES, ImportDto } from '../../tenancy/api/organisation.dto';
import {
  ChangeDeviceImages,
  ChangeDevicePublicRequests,
  ChangeDeviceStatus,
  newQrToken,
  RegisterDevice,
  RetireDevice,
  SellDevice,
  UpdateDevice,
} from '../application/device.commands';
import { ImportDevices, type DeviceImportReport } from '../application/device-import';
import { deviceSheet } from '../application/device-sheet';
import type { DeviceRow } from '../read-models/devices.projections';
import { AllDevices, GetDevice, ListDevices, ListWarrantyReminders, type DeviceListQuery, type DeviceView } from '../read-models/devices.queries';
import { deviceLabelSvg } from './device-label';
import { DeviceErrorFilter } from './device-error.filter';
import { DeviceExportQueryDto, DeviceListQueryDto, RegisterDeviceDto, RetireDto, SaleDto, StatusDto, UpdateDeviceDto } from './devices.dto';
import { partyOf } from './party';
import { requestOrigin } from './public-origin';
import { RecordsAccess } from '../../audit/trail/recording/recorded-access';

const fileError = (rule: string, message: string) => new BadRequestException({ message, errors: [{ field: 'file', rule, message }] });
/** RFC 6266: an ASCII name for old clients, the UTF-8 one for the rest. */
const attachment = (name: string, ascii: string) => `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
const EXPORT_MAX_ROWS = 20_000;

const listQueryOf = (dto: DeviceListQueryDto): DeviceListQuery => ({
  ...(dto.type ? { type: dto.type as DeviceType } : {}),
  ...(dto.status ? { status: dto.status as DeviceListQuery['status'] } : {}),
  ...(dto.project ? { project: dto.project } : {}),
  ...(dto.region ? { region: dto.region } : {}),
  ...(dto.q ? { q: dto.q } : {}),
  ...(dto.ownerId ? { ownerId: dto.ownerId } : {}),
  ...(dto.manufacturerId ? { manufacturerId: dto.manufacturerId } : {}),
  ...(dto.sort ? { sort: dto.sort } : {}),
  page: dto.page ?? 1,
  pageSize: dto.pageSize ?? 20,
});

/** /api/v1/devices — the device registry (DEV-1), warranty reminders and QR labels (DEV-7). */
@ApiTags('devices')
@Controller('api/v1/devices')
@UseFilters(DeviceErrorFilter)
export class DevicesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly clock: Clock,
    private readonly freshness: ReadModelFreshness,
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
  ) {}

  private caughtUp(): Promise<void> {
    return this.freshness.caughtUp(['devices']);
  }

  private async view(actor: Actor, deviceId: string): Promise<DeviceView> {
    await this.caughtUp();
    const found = await this.queries.execute(new GetDevice(actor, deviceId, this.clock.now()));
    if (!found) throw new NotFoundInScope('Device');
    return found;
  }

  /** The device's row if the actor may `action` it: 404 outside its scope, 403 when it may only read it. */
  private async row(actor: Actor, action: 'update' | 'delete' | 'read', deviceId: string): Promise<DeviceRow> {
    await this.caughtUp();
    const found = await this.store.collection<DeviceRow>('devices').findOne({ $and: [{ _id: deviceId }, visibleRows] });
    return inScope(actor, action, 'Device', found);
  }

  @Post()
  @Permit('device:create')
  @ApiOperation({ summary: 'Register a device of my enterprise (a manufacturer its products, an equipment user the devices it runs)' })
  @ApiCreatedResponse({ description: 'The device, with its id and QR token' })
  async register(@CurrentActor() actor: Actor, @Body() dto: RegisterDeviceDto, @Client() client: ClientCommand): Promise<DeviceView> {
    const deviceId = client.idOf('device');
    const now = this.clock.now();
    const at = now.toISOString();
    const by = partyOf(actor);
    await this.commands.execute(
      new RegisterDevice(
        deviceId,
        {
          number: dto.number,
          name: dto.name,
          model: dto.model,
          type: dto.type,
          spec: dto.spec ?? '',
          parameters: (dto.parameters ?? []).map((p) => ({ name: p.name, value: p.value, unit: p.unit ?? '' })),
          project: dto.project ?? null,
          manufacturedOn: dto.manufacturedOn ?? null,
          warrantyMonths: dto.warrantyMonths ?? 12,
          countyCode: dto.countyCode,
          address: dto.address,
          coordinates: dto.coordinates ? { lat: dto.coordinates.lat, lng: dto.coordinates.lng } : null,
          by,
          manufacturerId: dto.manufacturerId ?? null,
          soldOn: dto.soldOn ?? null,
          images: (dto.images ?? []).map((i) => ({ blobId: i.blobId, mediaType: i.mediaType, size: i.size })),
          qrToken: newQrToken(),
          at,
        },
        actingContext(client, 'register', actor, now),
      ),
    );
    if (dto.publicRequests === true)
      await this.commands.execute(new ChangeDevicePublicRequests(deviceId, { enabled: true, by, at }, actingContext(client, 'public-requests', actor, now)));
    return this.view(actor, deviceId);
  }

  @Get()
  @Permit('device:read')
  @ApiOperation({ summary: 'Devices in my scope: my enterprise’s (owned or made), or those of my jurisdiction as an operator' })
  @ApiOkResponse({ description: '{ items, total, page, pageSize }' })
  async list(@CurrentActor() actor: Actor, @Query() query: DeviceListQueryDto) {
    await this.caughtUp();
    return this.queries.execute(new ListDevices(actor, listQueryOf(query), this.clock.now()));
  }

  @Get('reminders')
  @Permit('device:read')
  @ApiOperation({ summary: 'Devices whose warranty ends within 30 days (or ended), reminded once by the daily job; soonest first' })
  @ApiOkResponse({ description: '{ items, total, page, pageSize }' })
  async reminders(@CurrentActor() actor: Actor, @Query() query: DeviceListQueryDto) {
    await this.caughtUp();
    return this.queries.execute(new ListWarrantyReminders(actor, query.page ?? 1, query.pageSize ?? 20, this.clock.now()));
  }

  @Get('export')
  @Permit('device:read')
  @RecordsAccess({ kind: 'export', resource: 'devices', defaultFormat: 'xlsx' })
  @ApiOperation({ summary: 'The devices in my scope (with the list’s filters) as the device sheet (?format=xlsx|csv&language=zh-CN|en)' })
  @ApiProduces(MEDIA_TYPES.xlsx, MEDIA_TYPES.csv)
  @ApiOkResponse({ description: 'The file, as an attachment' })
  async export(@CurrentActor() actor: Actor, @Query() query: DeviceExportQueryDto): Promise<StreamableFile> {
    await this.caughtUp();
    const format: SheetFormat = query.format ?? 'xlsx';
    const language = query.language ?? 'zh-CN';
    const { page: _page, pageSize: _pageSize, sort: _sort, ...filters } = listQueryOf(query);
    const devices = await this.queries.execute(new AllDevices(actor, filters, this.clock.now(), EXPORT_MAX_ROWS));
    const file = deviceSheet.writeSheet(
      devices.map((d) => ({
        number: d.number,
        name: d.name,
        model: d.model,
        type: d.type,
        spec: d.spec,
        parameters: [...d.parameters],
        ...(d.project !== null ? { project: d.project } : {}),
        ...(d.manufacturedOn !== null ? { manufacturedOn: d.manufacturedOn } : {}),
        ...(d.soldOn !== null ? { soldOn: d.soldOn } : {}),
        warrantyMonths: d.warrantyMonths,
        countyCode: d.countyCode,
        address: d.address,
        ...(d.lat !== null ? { lat: d.lat } : {}),
        ...(d.lng !== null ? { lng: d.lng } : {}),
        status: d.status,
        ...(d.warrantyEndsOn !== null ? { warrantyEndsOn: d.warrantyEndsOn } : {}),
      })),
      format,
      language,
    );
    const day = this.clock.now().toISOString().slice(0, 10);
    return new StreamableFile(file, {
      type: MEDIA_TYPES[format],
      disposition: attachment(`${language === 'zh-CN' ? '设备' : 'devices'}-${day}.${format}`, `devices-${day}.${format}`),
      length: file.length,
    });
  }

  @Post('import')
  @HttpCode(HttpStatus.OK)
  // 2 MB as base64, with room for the rest of the JSON.
  @RouteConfig({ bodyLimit: Math.ceil(IMPORT_MAX_BYTES / 3) * 4 + 64 * 1024 })
  @Permit('device:create')
  @ApiOperation({ summary: 'Register devices from the device sheet (JSON: fileName .csv|.xlsx, contentBase64 ≤ 2 MB), row by row' })
  @ApiOkResponse({ description: '{ imported, created: [{ row, deviceId, number }], rejected: [{ row, field, rule, message }] }' })
  async import(@CurrentActor() actor: Actor, @Body() dto: ImportDto, @Client() client: ClientCommand): Promise<DeviceImportReport> {
    const bytes = Buffer.from(dto.contentBase64, 'base64');
    if (bytes.length === 0) throw fileError('empty-file', 'the file is empty');
    if (bytes.length > IMPORT_MAX_BYTES) throw fileError('file-too-large', 'the file is larger than 2 MB: split it');
    const format = dto.fileName.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'csv';
    const now = this.clock.now();
    try {
      const report = await this.commands.execute(
        new ImportDevices({ by: partyOf(actor), bytes, format, at: now.toISOString() }, actingContext(client, 'import', actor, now)),
      );
      await this.caughtUp();
      return report;
    } catch (error) {
      if (error instanceof TabularFileError) throw fileError(error.rule, error.message);
      throw error;
    }
  }

  @Get('qr/:token')
  @Permit('device:read')
  @ApiOperation({ summary: 'The device in my scope a QR label names (the console’s /r/:token page opens its request form)' })
  @ApiOkResponse({ description: 'The device' })
  async byQrToken(@CurrentActor() actor: Actor, @Param('token') token: string): Promise<DeviceView> {
    await this.caughtUp();
    const found = /^[A-Za-z0-9_-]{22,64}$/.test(token)
      ? await this.store.collection<DeviceRow>('devices').findOne({ $and: [{ qrToken: token }, visibleRows] })
      : null;
    const device = inScope(actor, 'read', 'Device', found, 'token');
    return this.view(actor, device._id);
  }

  @Get(':id')
  @Permit('device:read')
  @ApiOperation({ summary: 'A device in my scope, with its warranty’s days left' })
  @ApiOkResponse({ description: 'The device' })
  detail(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<DeviceView> {
    return this.view(actor, id);
  }

  @Patch(':id')
  @Permit('device:update')
  @ApiOperation({ summary: 'Change a device’s facts, images or public-request switch (owner or manufacturer; the switch: the enterprise that runs it)' })
  @ApiOkResponse({ description: 'The device as it is now' })
  async update(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: UpdateDeviceDto, @Client() client: ClientCommand): Promise<DeviceView> {
    const current = await this.row(actor, 'update', id);
    const now = this.clock.now();
    const at = now.toISOString();
    const by = partyOf(actor);
    const { images, publicRequests, ...facts } = dto;
    if (Object.values(facts).some((v) => v !== undefined)) {
      const coordinates = facts.coordinates === undefined ? (current.lat === null || current.lng === null ? null : { lat: current.lat, lng: current.lng }) : facts.coordinates;
      await this.commands.execute(
        new UpdateDevice(
          id,
          {
            name: facts.name ?? current.name,
            model: facts.model ?? current.model,
            type: facts.type ?? current.type,
            spec: facts.spec ?? current.spec,
            parameters: facts.parameters ? facts.parameters.map((p) => ({ name: p.name, value: p.value, unit: p.unit ?? '' })) : current.parameters,
            project: facts.project === undefined ? current.project : facts.project,
            manufacturedOn: facts.manufacturedOn === undefined ? current.manufacturedOn : facts.manufacturedOn,
            warrantyMonths: facts.warrantyMonths ?? current.warrantyMonths,
            countyCode: facts.countyCode ?? current.countyCode,
            address: facts.address ?? current.address,
            coordinates: coordinates === null ? null : { lat: coordinates.lat, lng: coordinates.lng },
            by,
            at,
          },
          actingContext(client, 'update', actor, now),
        ),
      );
    }
    if (images !== undefined)
      await this.commands.execute(
        new ChangeDeviceImages(id, { images: images.map((i) => ({ blobId: i.blobId, mediaType: i.mediaType, size: i.size })), by, at }, actingContext(client, 'images', actor, now)),
      );
    if (publicRequests !== undefined)
      await this.commands.execute(new ChangeDevicePublicRequests(id, { enabled: publicRequests, by, at }, actingContext(client, 'public-requests', actor, now)));
    return this.view(actor, id);
  }

  @Post(':id/sale')
  @HttpCode(HttpStatus.OK)
  @Permit('device:update')
  @ApiOperation({ summary: 'Record the sale of my enterprise’s device to an equipment user: it becomes the owner, the warranty starts' })
  @ApiOkResponse({ description: 'The device as it is now' })
  async sale(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: SaleDto, @Client() client: ClientCommand): Promise<DeviceView> {
    await this.row(actor, 'update', id);
    const now = this.clock.now();
    await this.commands.execute(
      new SellDevice(id, { ownerId: dto.ownerId, soldOn: dto.soldOn, by: partyOf(actor), at: now.toISOString() }, actingContext(client, 'sale', actor, now)),
    );
    return this.view(actor, id);
  }

  @Post(':id/status')
  @HttpCode(HttpStatus.OK)
  @Permit('device:update')
  @ApiOperation({ summary: 'Set the device active, idle or faulty (the enterprise that runs it)' })
  @ApiOkResponse({ description: 'The device as it is now' })
  async status(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: StatusDto, @Client() client: ClientCommand): Promise<DeviceView> {
    await this.row(actor, 'update', id);
    const now = this.clock.now();
    await this.commands.execute(
      new ChangeDeviceStatus(id, { status: dto.status, by: partyOf(actor), at: now.toISOString() }, actingContext(client, 'status', actor, now)),
    );
    return this.view(actor, id);
  }

  @Post(':id/retire')
  @HttpCode(HttpStatus.OK)
  @Permit('device:delete')
  @ApiOperation({ summary: 'Scrap the device for good (the enterprise that runs it); its history stays' })
  @ApiOkResponse({ description: 'The device as it is now' })
  async retire(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: RetireDto, @Client() client: ClientCommand): Promise<DeviceView> {
    await this.row(actor, 'delete', id);
    const now = this.clock.now();
    await this.commands.execute(
      new RetireDevice(id, { reason: dto.reason, by: partyOf(actor), at: now.toISOString() }, actingContext(client, 'retire', actor, now)),
    );
    return this.view(actor, id);
  }

  @Get(':id/label')
  @Permit('device:read')
  @Header('cache-control', 'private, no-store')
  @ApiProduces('image/svg+xml')
  @ApiOperation({ summary: 'The device’s printable QR label (SVG, 60 × 40 mm): the code opens <origin>/r/<qrToken>' })
  @ApiOkResponse({ description: 'The label' })
  async label(@CurrentActor() actor: Actor, @Param('id') id: string, @Req() request: FastifyRequest): Promise<StreamableFile> {
    const device = await this.row(actor, 'read', id);
    const svg = Buffer.from(deviceLabelSvg({ name: device.name, number: device.number, model: device.model, url: `${requestOrigin(request)}/r/${device.qrToken}` }), 'utf8');
    return new StreamableFile(svg, { type: 'image/svg+xml; charset=utf-8', disposition: `inline; filename="label-${device.number}.svg"`, length: svg.length });
  }
}
