import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query, UseFilters } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Client, type ClientCommand } from '../../event-sourcing/client-command';
import { IdentityErrorFilter } from '../../identity/api/identity-error.filter';
import { CurrentActor, inScope, Permit, scopedFilter, type Actor } from '../../tenancy/api/authorization';
import { GetVerificationReview, ListVerificationReviews, ReviewApplication, type ReviewDecision } from '../application/reviews';
import type { VerificationReviewRow } from '../read-models/certification.projections';
import { CertificationErrorFilter } from './certification-error.filter';
import { ReviewDecisionDto, ReviewQueueQueryDto } from './dto/certification.dto';

const ROW =
  '{ id, kind (real-name | engineer | expert), applicantId, status, countyCode, realNameMasked, idNumberMasked, photos | materials, skills, years, submittedAt, reviewedAt, reviewerNodeId, opinion, history: [{ action, at, reviewerNodeId, opinion }] }';

/** A review row as operators see it: its id, without the scope bookkeeping. */
const presented = ({ _id, scope: _scope, ...rest }: VerificationReviewRow) => ({ id: _id, ...rest });

/**
 * /api/v1/verification-reviews: the queue of real-name verifications and certifications in my
 * jurisdiction (云站 · 资质审核), and the decisions on them. Acting for an operator node only: rows are
 * scoped by the applicant's county, and the decider lets only the county's city node decide.
 */
@ApiTags('certification')
@Controller('api/v1/verification-reviews')
@UseFilters(IdentityErrorFilter, CertificationErrorFilter)
export class VerificationReviewsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @Permit('certification:read')
  @ApiOperation({ summary: 'Applications in my jurisdiction, oldest first (?status=pending-review&kind=engineer for the review queue)' })
  @ApiOkResponse({ description: `{ items: [${ROW}], total, page, pageSize }` })
  async list(@CurrentActor() actor: Actor, @Query() query: ReviewQueueQueryDto) {
    const filter = { ...(query.status ? { status: query.status } : {}), ...(query.kind ? { kind: query.kind } : {}) };
    const page = await this.queries.execute(
      new ListVerificationReviews(scopedFilter(actor, 'read', 'Certification', filter), Number(query.page ?? 1), Number(query.pageSize ?? 20)),
    );
    return { ...page, items: page.items.map(presented) };
  }

  @Get(':id')
  @Permit('certification:read')
  @ApiOperation({ summary: 'One application in my jurisdiction, with its history (name and ID number masked)' })
  @ApiOkResponse({ description: ROW })
  async get(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return presented(inScope(actor, 'read', 'Certification', await this.queries.execute(new GetVerificationReview(id))));
  }

  @Post(':id/approve')
  @HttpCode(HttpStatus.OK)
  @Permit('certification:review')
  @ApiOperation({ summary: 'Approve a pending application (the operator of the city of the applicant’s county)' })
  @ApiOkResponse({ description: ROW })
  approve(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: ReviewDecisionDto, @Client() client: ClientCommand) {
    return this.decide(actor, id, 'approve', dto.opinion, client);
  }

  @Post(':id/reject')
  @HttpCode(HttpStatus.OK)
  @Permit('certification:review')
  @ApiOperation({ summary: 'Reject a pending application, saying why (opinion required); the applicant may resubmit' })
  @ApiOkResponse({ description: ROW })
  reject(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: ReviewDecisionDto, @Client() client: ClientCommand) {
    return this.decide(actor, id, 'reject', dto.opinion, client);
  }

  @Post(':id/revoke')
  @HttpCode(HttpStatus.OK)
  @Permit('certification:review')
  @ApiOperation({ summary: 'Revoke an approved engineer or expert certification, saying why; the holder may apply again' })
  @ApiOkResponse({ description: ROW })
  revoke(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: ReviewDecisionDto, @Client() client: ClientCommand) {
    return this.decide(actor, id, 'revoke', dto.opinion, client);
  }

  private async decide(actor: Actor, id: string, decision: ReviewDecision, opinion: string | undefined, client: ClientCommand) {
    const row = inScope(actor, 'review', 'Certification', await this.queries.execute(new GetVerificationReview(id)));
    await this.commands.execute(
      new ReviewApplication(
        { userId: actor.userId, operatorNodeId: actor.operatorNode?.id ?? '', ip: actor.ip },
        { kind: row.kind, applicantId: row.applicantId },
        decision,
        opinion,
        client,
      ),
    );
    return presented((await this.queries.execute(new GetVerificationReview(id)))!);
  }
}
