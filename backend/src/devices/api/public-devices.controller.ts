import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Param, Post, Req, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { DEVICE_TYPES, type FaultType } from '@kuaige/domain';
import { visibleRows, type ReadModelStore } from '@kuaige/projections';
import { Client, type ClientCommand } from '../../event-sourcing/client-command';
import { READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import { Clock } from '../../identity/clock';
import { Access } from '../../http/access';
import { IdentityErrorFilter } from '../../identity/api/identity-error.filter';
import { originOf } from '../../identity/api/caller';
import { TooManyRequests } from '../../identity/application/auth.errors';
import { RATE_LIMITER } from '../../identity/identity.tokens';
import type { RateLimiter } from '../../identity/rate-limit/rate-limiter.port';
import { NotFoundInScope } from '../../tenancy/api/authorization';
import { placeName } from '../../tenancy/division-data';
import { WorkOrderErrorFilter } from '../../work-orders/api/work-order-error.filter';
import { SubmitMaintenanceRequest } from '../../work-orders/application/work-order.commands';
import type { DeviceRow } from '../read-models/devices.projections';
import { PublicRequestDto } from './devices.dto';
import { DeviceErrorFilter } from './device-error.filter';

/** Per client address: looking devices up by token, and submitting requests through the public form. */
export const PUBLIC_LOOKUPS_PER_MINUTE = 30;
export const PUBLIC_REQUESTS_PER_HOUR = 5;
const QR_TOKEN = /^[A-Za-z0-9_-]{22,64}$/;

/** What anyone holding the label may learn of a device: enough to know it is the right one, nothing of its owner. */
export interface PublicDeviceView {
  readonly token: string;
  readonly name: string;
  readonly model: string;
  readonly type: string;
  readonly typeLabel: { readonly 'zh-CN': string; readonly en: string };
  readonly place: string;
}

/**
 * /api/v1/public/devices/:token — the device behind a QR label, for the request form of people
 * without an account; only while the device's holder has public requests switched on. Anything else
 * (unknown token, switched off, scrapped) answers the same 404, so tokens cannot be probed.
 */
@ApiTags('devices')
@Controller('api/v1/public/devices')
@Access.public()
@UseFilters(IdentityErrorFilter, DeviceErrorFilter, WorkOrderErrorFilter)
export class PublicDevicesController {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
    private readonly commands: CommandBus,
    private readonly clock: Clock,
  ) {}

  private async limit(request: FastifyRequest, what: string, limit: number, windowMs: number): Promise<void> {
    const { ip } = originOf(request);
    const decision = await this.limiter.hit(`public-devices:${what}:${ip}`, { limit, windowMs });
    if (!decision.allowed) throw new TooManyRequests(Math.ceil(decision.retryAfterMs / 1000));
  }

  /** The device behind a token, if its public form is open. */
  async openDevice(token: string): Promise<DeviceRow> {
    const found = QR_TOKEN.test(token)
      ? await this.store.collection<DeviceRow>('devices').findOne({ $and: [{ qrToken: token, publicRequests: true, status: { $ne: 'scrapped' } }, visibleRows] })
      : null;
    if (!found) throw new NotFoundInScope('Device', 'token');
    return found;
  }

  @Get(':token')
  @ApiOperation({ summary: 'The device behind a QR label whose public request form is on: name, model, type and place only' })
  @ApiOkResponse({ description: '{ token, name, model, type, typeLabel, place }' })
  @ApiTooManyRequestsResponse({ description: `more than ${PUBLIC_LOOKUPS_PER_MINUTE} look-ups a minute from this address; see Retry-After` })
  async device(@Param('token') token: string, @Req() request: FastifyRequest): Promise<PublicDeviceView> {
    await this.limit(request, 'lookup', PUBLIC_LOOKUPS_PER_MINUTE, 60_000);
    const d = await this.openDevice(token);
    return { token, name: d.name, model: d.model, type: d.type, typeLabel: DEVICE_TYPES[d.type], place: placeName(d.countyCode) };
  }

  @Post(':token/requests')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: 'Submit a maintenance request from the device’s QR label without an account (contact name and phone, fault); the platform raises it for the device’s owner',
  })
  @ApiCreatedResponse({ description: '{ workOrderId, number }' })
  @ApiTooManyRequestsResponse({ description: `more than ${PUBLIC_REQUESTS_PER_HOUR} requests an hour from this address; see Retry-After` })
  async request(@Param('token') token: string, @Body() dto: PublicRequestDto, @Req() request: FastifyRequest, @Client() client: ClientCommand) {
    await this.limit(request, 'request', PUBLIC_REQUESTS_PER_HOUR, 3_600_000);
    const device = await this.openDevice(token);
    const workOrderId = client.idOf('work-order');
    const now = this.clock.now();
    const { ip } = originOf(request);
    const outcome = await this.commands.execute(
      new SubmitMaintenanceRequest(
        workOrderId,
        {
          deviceId: device._id,
          fault: { type: dto.faultType as FaultType, description: dto.description, attachments: [] },
          priority: 'normal',
          channel: 'public-qr',
          contact: { name: dto.contact.name, phone: dto.contact.phone },
        },
        { kind: 'system', reason: 'public-qr' },
        now.toISOString(),
        client.context('public-request', { userId: 'public-qr', ip }, now),
      ),
    );
    return { workOrderId, number: outcome.state.status === 'none' ? null : outcome.state.number };
  }
}
