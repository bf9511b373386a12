import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Client, type ClientCommand } from '../../event-sourcing/client-command';
import type { CommandContext } from '../../event-sourcing/command-context';
import { streamSse } from '../../http/sse';
import { CurrentCaller } from '../../identity/api/caller';
import { Authenticated } from '../../identity/api/guards';
import type { Caller } from '../../identity/application/session-control';
import { Clock } from '../../identity/clock';
import { ReadModelFreshness } from '../../identity/read-models/read-model-freshness';
import {
  AcceptExpertHelp,
  CloseExpertHelp,
  DeclineExpertHelp,
  MarkExpertChatRead,
  PostExpertChatMessage,
  RateExpert,
} from '../application/expert-help.commands';
import { GetExpertHelp, ListExpertChatMessages, MAX_MESSAGES_PAGE, type ExpertHelpView } from '../application/expert-help.queries';
import { ExpertChatHub } from '../live/expert-chat-hub';
import type { ExpertHelpRow } from '../read-models/expert-help.projections';
import { ExpertHelpErrorFilter } from './expert-help-error.filter';
import { ChatMessageDto, ChatReadDto, CloseHelpDto, MessagesQueryDto, RatingDto, DeclineHelpDto } from './expert-help.dto';
import { HELP_PROJECTIONS, HelpParties } from './help-parties';

const VIEW = { description: 'the help as its parties see it: status, fee (fen), question, summary, rating, message count and how far each party read' };

/**
 * /api/v1/expert-help/:id — one paid help, for its two parties only (anyone else: 404): the expert
 * accepts, declines or closes it, both chat (text, images, read receipts, live over SSE with
 * Last-Event-ID resume), the engineer rates the expert.
 */
@ApiTags('expert-help')
@Controller('api/v1/expert-help')
@UseFilters(ExpertHelpErrorFilter)
@ApiConflictResponse({ description: 'the help’s status does not allow the step (errors[0].rule = "illegal-transition")' })
export class ExpertHelpController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly parties: HelpParties,
    private readonly hub: ExpertChatHub,
    private readonly freshness: ReadModelFreshness,
    private readonly clock: Clock,
  ) {}

  private contextOf(client: ClientCommand, step: string, caller: Caller, help: ExpertHelpRow): CommandContext {
    // Filed under the work order's scope, as the help's first event was.
    return client.context(step, { userId: caller.userId, ip: caller.ip }, this.clock.now(), { tenantIds: help.scope.tenants, jurisdiction: help.scope.regions });
  }

  private async answer(helpId: string, caller: Caller, position: number): Promise<ExpertHelpView> {
    return this.queries.execute(new GetExpertHelp(await this.parties.after(helpId, caller.userId, position)));
  }

  @Get(':id')
  @Authenticated()
  @ApiOperation({ summary: 'One help I asked for or was asked' })
  @ApiOkResponse(VIEW)
  async get(@CurrentCaller() caller: Caller, @Param('id') id: string): Promise<ExpertHelpView> {
    // A party's page reads the help on every status the stream tells: it must show that status.
    await this.freshness.caughtUp(HELP_PROJECTIONS);
    return this.queries.execute(new GetExpertHelp(await this.parties.helpOf(id, caller.userId)));
  }

  @Post(':id/accept')
  @HttpCode(HttpStatus.OK)
  @Authenticated()
  @ApiOperation({ summary: 'The expert accepts the request' })
  @ApiOkResponse(VIEW)
  async accept(@CurrentCaller() caller: Caller, @Param('id') id: string, @Client() client: ClientCommand): Promise<ExpertHelpView> {
    const help = await this.parties.helpOf(id, caller.userId);
    const result = await this.commands.execute(new AcceptExpertHelp(id, caller.userId, this.contextOf(client, 'accept-expert-help', caller, help)));
    return this.answer(id, caller, result.position);
  }

  @Post(':id/decline')
  @HttpCode(HttpStatus.OK)
  @Authenticated()
  @ApiOperation({ summary: 'The expert declines the request, saying why' })
  @ApiOkResponse(VIEW)
  async decline(@CurrentCaller() caller: Caller, @Param('id') id: string, @Body() dto: DeclineHelpDto, @Client() client: ClientCommand): Promise<ExpertHelpView> {
    const help = await this.parties.helpOf(id, caller.userId);
    const result = await this.commands.execute(new DeclineExpertHelp(id, caller.userId, dto.reason, this.contextOf(client, 'decline-expert-help', caller, help)));
    return this.answer(id, caller, result.position);
  }

  @Post(':id/close')
  @HttpCode(HttpStatus.OK)
  @Authenticated()
  @ApiOperation({ summary: 'The expert closes the help with a summary (it joins the work order’s record; the fee is recorded for settlement)' })
  @ApiOkResponse(VIEW)
  async close(@CurrentCaller() caller: Caller, @Param('id') id: string, @Body() dto: CloseHelpDto, @Client() client: ClientCommand): Promise<ExpertHelpView> {
    const help = await this.parties.helpOf(id, caller.userId);
    const result = await this.commands.execute(new CloseExpertHelp(id, caller.userId, dto.summary, this.contextOf(client, 'close-expert-help', caller, help)));
    return this.answer(id, caller, result.position);
  }

  @Post(':id/rating')
  @HttpCode(HttpStatus.OK)
  @Authenticated()
  @ApiOperation({ summary: 'The engineer rates the expert (1–5) once the help is closed' })
  @ApiOkResponse(VIEW)
  async rate(@CurrentCaller() caller: Caller, @Param('id') id: string, @Body() dto: RatingDto, @Client() client: ClientCommand): Promise<ExpertHelpView> {
    const help = await this.parties.helpOf(id, caller.userId);
    const result = await this.commands.execute(new RateExpert(id, caller.userId, dto.score, dto.comment ?? '', this.contextOf(client, 'rate-expert', caller, help)));
    return this.answer(id, caller, result.position);
  }

  @Post(':id/read')
  @HttpCode(HttpStatus.OK)
  @Authenticated()
  @ApiOperation({ summary: 'I have read the chat up to this message (a read receipt for the other party)' })
  @ApiOkResponse({ description: '{ readUpTo: { engineer, expert } }' })
  async read(@CurrentCaller() caller: Caller, @Param('id') id: string, @Body() dto: ChatReadDto, @Client() client: ClientCommand) {
    const help = await this.parties.helpOf(id, caller.userId);
    const result = await this.commands.execute(new MarkExpertChatRead(id, caller.userId, dto.upToMessageId, this.contextOf(client, 'read-expert-chat', caller, help)));
    return { readUpTo: (await this.parties.after(id, caller.userId, result.position)).readUpTo };
  }

  @Post(':id/messages')
  @Authenticated()
  @ApiOperation({ summary: 'Post a chat message (text and/or images I uploaded); the Idempotency-Key makes a retry the same message' })
  @ApiCreatedResponse({ description: '{ messageId, seq, authorId, text, imageBlobIds, postedAt }' })
  async post(@CurrentCaller() caller: Caller, @Param('id') id: string, @Body() dto: ChatMessageDto, @Client() client: ClientCommand) {
    const help = await this.parties.helpOf(id, caller.userId);
    const result = await this.commands.execute(
      new PostExpertChatMessage(id, caller.userId, client.idOf('message'), { ...(dto.text !== undefined ? { text: dto.text } : {}), imageBlobIds: dto.imageBlobIds ?? [] }, this.contextOf(client, 'post-expert-chat', caller, help)),
    );
    const posted = result.events.find((e) => e.type === 'ExpertChatMessagePosted');
    if (!posted || posted.type !== 'ExpertChatMessagePosted') throw new Error('a posted message records one ExpertChatMessagePosted');
    const d = posted.data;
    return { messageId: d.messageId, seq: d.seq, authorId: d.authorId, text: d.text ?? null, imageBlobIds: d.imageBlobIds ?? [], postedAt: d.at };
  }

  @Get(':id/messages')
  @Authenticated()
  @ApiOperation({ summary: 'Chat messages after a seq, oldest first, paged' })
  @ApiOkResponse({ description: '{ items: [{ messageId, seq, authorId, text, imageBlobIds, postedAt }], readUpTo, lastSeq, hasMore }' })
  async messages(@CurrentCaller() caller: Caller, @Param('id') id: string, @Query() query: MessagesQueryDto) {
    const help = await this.parties.helpOf(id, caller.userId);
    return this.queries.execute(new ListExpertChatMessages(help, Number(query.after ?? 0), Math.min(Number(query.limit ?? 100), MAX_MESSAGES_PAGE)));
  }

  @Get(':id/messages/stream')
  @Authenticated()
  @ApiOperation({
    summary: 'The help live as text/event-stream: `message`, `read`, `status` and `rating` events; ids are the help’s event revisions, so Last-Event-ID (or ?lastEventId=) resumes with nothing lost',
  })
  @ApiProduces('text/event-stream')
  async stream(@CurrentCaller() caller: Caller, @Param('id') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.parties.helpOf(id, caller.userId);
    streamSse(request, reply, this.hub.sourceOf(id));
    this.hub.watchSession(caller.sessionId, reply.raw);
  }
}
