import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Put, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor as EventActor } from '@kuaige/domain';
import { publicRow, visibleRows, type ReadModelStore } from '@kuaige/projections';
import { Inject } from '@nestjs/common';
import { Client, type ClientCommand } from '../../event-sourcing/client-command';
import { READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import { streamSse } from '../../http/sse';
import { UuidParam } from '../../http/validation';
import { CurrentCaller } from '../../identity/api/caller';
import { Authenticated } from '../../identity/api/guards';
import { IdentityErrorFilter } from '../../identity/api/identity-error.filter';
import type { Caller } from '../../identity/application/session-control';
import { CurrentActor, inScope, Permit, type Actor } from '../../tenancy/api/authorization';
import {
  ChangeMyNotificationPreferences,
  GetMyInbox,
  GetMyNotificationPreferences,
  GetMyUnreadCount,
  GetWorkOrderNotifications,
  MarkAllMyNotificationsRead,
  MarkMyNotificationRead,
} from '../application/notification.queries';
import { NotificationHub } from '../live/notification-hub';
import { InboxQueryDto, PreferencesDto } from './notifications.dto';
import { NotificationErrorFilter } from './notification-error.filter';

const ITEM = '{ id, eventType, templateKey, title, body, subject: { kind: work-order, id, label } | null, createdAt, readAt, position }';
const PREFERENCES = '{ choices: { <eventType>: { sms?, email? } }, quietHours: { start, end } | null, timeZone, language, email (masked) | null, eventTypes: [{ eventType, defaultChannels }] }';

const eventActor = (caller: Caller): EventActor => ({ userId: caller.userId, ip: caller.ip });

/** My notifications (个人空间 · 消息): inbox, live stream, marking read, preferences. Self-service. */
@ApiTags('notifications')
@Controller('api/v1/me')
@Authenticated()
@UseFilters(IdentityErrorFilter, NotificationErrorFilter)
export class MyNotificationsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly hub: NotificationHub,
  ) {}

  @Get('notifications')
  @ApiOperation({ summary: 'My notifications, newest first (?unread=true for unread only), with the unread count' })
  @ApiOkResponse({ description: `{ items: [${ITEM}], total, unread, page, pageSize }` })
  inbox(@CurrentCaller() caller: Caller, @Query() query: InboxQueryDto) {
    return this.queries.execute(new GetMyInbox(caller.userId, query.unread === 'true', Number(query.page ?? 1), Number(query.pageSize ?? 20)));
  }

  @Get('notifications/unread-count')
  @ApiOperation({ summary: 'How many of my notifications are unread' })
  @ApiOkResponse({ description: '{ unread }' })
  unread(@CurrentCaller() caller: Caller) {
    return this.queries.execute(new GetMyUnreadCount(caller.userId));
  }

  @Get('notifications/stream')
  @ApiOperation({
    summary: 'My notifications live, as text/event-stream: `notification` events (data as in the inbox) and `read` events ({ ids } or { upTo }); resume with Last-Event-ID',
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'event: notification | read; id: the event’s position; data: JSON', content: { 'text/event-stream': { schema: { type: 'string' } } } })
  stream(@CurrentCaller() caller: Caller, @Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    streamSse(request, reply, this.hub.sourceFor(caller.userId));
  }

  @Post('notifications/read-all')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Mark all my notifications read (those raised until now)' })
  @ApiOkResponse({ description: '{ unread }' })
  readAll(@CurrentCaller() caller: Caller, @Client() client: ClientCommand) {
    return this.commands.execute(new MarkAllMyNotificationsRead(eventActor(caller), client));
  }

  @Post('notifications/:id/read')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Mark one of my notifications read; another user’s answers 404' })
  @ApiOkResponse({ description: '{ id, readAt }' })
  read(@CurrentCaller() caller: Caller, @Param('id', UuidParam) id: string, @Client() client: ClientCommand) {
    return this.commands.execute(new MarkMyNotificationRead(eventActor(caller), id, client));
  }

  @Get('notification-preferences')
  @ApiOperation({ summary: 'My notification preferences: channels per event type, quiet hours, time zone, language, e-mail address (masked)' })
  @ApiOkResponse({ description: PREFERENCES })
  preferences(@CurrentCaller() caller: Caller) {
    return this.queries.execute(new GetMyNotificationPreferences(caller.userId));
  }

  @Put('notification-preferences')
  @ApiOperation({ summary: 'Change my notification preferences (the whole set; omit email to keep the address on file)' })
  @ApiOkResponse({ description: PREFERENCES })
  changePreferences(@CurrentCaller() caller: Caller, @Body() dto: PreferencesDto, @Client() client: ClientCommand) {
    return this.commands.execute(
      new ChangeMyNotificationPreferences(
        eventActor(caller),
        {
          choices: dto.choices,
          quietHours: dto.quietHours ? { start: dto.quietHours.start, end: dto.quietHours.end } : null,
          ...(dto.timeZone !== undefined ? { timeZone: dto.timeZone } : {}),
          ...(dto.language !== undefined ? { language: dto.language } : {}),
          ...(dto.email !== undefined ? { email: dto.email } : {}),
        },
        client,
      ),
    );
  }
}

/** Who was told about a work order, by which channel, when, and how the delivery went. */
@ApiTags('notifications')
@Controller('api/v1/work-orders')
@UseFilters(IdentityErrorFilter)
export class WorkOrderNotificationsController {
  constructor(
    private readonly queries: QueryBus,
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
  ) {}

  @Get(':id/notifications')
  @Permit('work-order:read')
  @ApiOperation({ summary: 'The notifications about a work order I may see: recipient, event, channels, delivery state and attempts' })
  @ApiOkResponse({ description: '{ items: [{ id, recipient: { userId, displayName }, eventType, title, createdAt, readAt, holdUntil, deliveries: [{ channel, state (pending | sent | failed | skipped), attempts, at, error }] }] }' })
  async list(@CurrentActor() actor: Actor, @Param('id') id: string) {
    const order = await this.store.collection('work_orders').findOne({ $and: [visibleRows, { _id: id }] });
    inScope(actor, 'read', 'WorkOrder', order && publicRow(order));
    return this.queries.execute(new GetWorkOrderNotifications(id));
  }
}
