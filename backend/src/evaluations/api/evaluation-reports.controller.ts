import { BadRequestException, Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { visibleRows, type Filter, type ReadModelStore } from '@kuaige/projections';
import { READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';
import { ReadModelFreshness } from '../../identity/read-models/read-model-freshness';
import { placeName } from '../../tenancy/division-data';
import { CurrentActor, Permit, scopedFilter, type Actor } from '../../tenancy/api/authorization';
import { figuresOf, groupsOf, periodOf, recentCommentsOf, regionKeyOf, type ScoredEvaluation, type ScoredVisit } from '../application/evaluation-report';
import { EVALUATIONS_COLLECTION, type EvaluationEntry, type WorkOrderEvaluationRow } from '../read-models/evaluations.projections';
import { EvaluationReportQueryDto, type ReportGrouping } from './evaluation-reports.dto';

const FIGURES = '{ evaluations, satisfaction, quality, efficiency (averages 1–5 or null), distribution: [n1…n5], returnVisits, returnVisitSatisfaction }';

type Unwound = Pick<WorkOrderEvaluationRow, '_id' | 'number' | 'countyCode'> & { evaluation: EvaluationEntry };
type Visited = Pick<WorkOrderEvaluationRow, '_id' | 'countyCode' | 'returnVisit'>;

/** Evaluation reports (CX-1, CX-2) over the work orders the caller may read. */
@ApiTags('evaluations')
@Controller('api/v1/evaluation-reports')
export class EvaluationReportsController {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly freshness: ReadModelFreshness,
  ) {}

  @Get()
  @Permit('work-order:read')
  @ApiOperation({
    summary:
      'Satisfaction, quality and efficiency of evaluated work orders by provider, engineer or region, with the return visits’ satisfaction and the latest comments (operators: their subtree; enterprises: their orders; engineers: their own)',
  })
  @ApiOkResponse({ description: `{ groupBy, from, to, overall: ${FIGURES}, groups: [{ key, name, …figures }], recentComments: [{ workOrderId, number, by, satisfaction, quality, efficiency, opinion, at, key }] }` })
  async report(@CurrentActor() actor: Actor, @Query() query: EvaluationReportQueryDto) {
    const groupBy: ReportGrouping = query.groupBy ?? 'provider';
    const period = periodOf(query.from, query.to);
    if (period.from !== null && period.to !== null && period.from >= period.to) {
      const message = 'to must be after from';
      throw new BadRequestException({ message, errors: [{ field: 'to', rule: 'after-from', message }] });
    }
    await this.freshness.caughtUp([EVALUATIONS_COLLECTION]);
    const rows = this.store.collection<WorkOrderEvaluationRow>(EVALUATIONS_COLLECTION);
    const scope = scopedFilter(actor, 'read', 'WorkOrder', visibleRows);
    const range = (field: string): Filter[] => [...(period.from ? [{ [field]: { $gte: period.from } }] : []), ...(period.to ? [{ [field]: { $lt: period.to } }] : [])];
    const [unwound, visited] = await Promise.all([
      rows.aggregate<Unwound>([
        { $match: { $and: [scope, { 'evaluations.0': { $exists: true } }] } },
        { $unwind: '$evaluations' },
        ...(range('evaluations.at').length ? [{ $match: { $and: range('evaluations.at') } }] : []),
        { $project: { _id: 1, number: 1, countyCode: 1, evaluation: '$evaluations' } },
      ]),
      rows.find({ $and: [scope, { returnVisit: { $ne: null } }, ...range('returnVisit.at')] }),
    ]);
    const parent = groupBy === 'region' ? (actor.operatorNode?.regionCode ?? null) : null;
    const keyOf = (countyCode: string, who: { providerId: string | null; engineerId: string | null }): string | null =>
      groupBy === 'provider' ? who.providerId : groupBy === 'engineer' ? who.engineerId : regionKeyOf(countyCode, parent);
    const evaluations: ScoredEvaluation[] = unwound.map((u) => ({
      key: keyOf(u.countyCode, u.evaluation),
      workOrderId: u._id,
      number: u.number,
      by: u.evaluation.by,
      satisfaction: u.evaluation.satisfaction,
      quality: u.evaluation.quality,
      efficiency: u.evaluation.efficiency,
      opinion: u.evaluation.opinion,
      at: u.evaluation.at,
    }));
    const visits: ScoredVisit[] = (visited as Visited[]).flatMap((v) => (v.returnVisit ? [{ key: keyOf(v.countyCode, v.returnVisit), satisfaction: v.returnVisit.satisfaction }] : []));
    const groups = groupsOf(evaluations, visits);
    const names = await this.namesOf(groupBy, groups.map((g) => g.key));
    return {
      groupBy,
      from: period.from,
      to: period.to,
      overall: figuresOf(evaluations, visits),
      groups: groups.map((g) => ({ ...g, name: names.get(g.key) ?? g.key })),
      recentComments: recentCommentsOf(evaluations).map(({ workOrderId, number, by, satisfaction, quality, efficiency, opinion, at, key }) => ({ workOrderId, number, by, satisfaction, quality, efficiency, opinion, at, key })),
    };
  }

  /** Display names of the groups: enterprise names, people's display names, places. */
  private async namesOf(groupBy: ReportGrouping, keys: readonly string[]): Promise<Map<string, string>> {
    if (keys.length === 0) return new Map();
    if (groupBy === 'region') return new Map(keys.map((k) => [k, placeName(k)]));
    const collection = groupBy === 'provider' ? 'enterprises' : 'accounts';
    const field = groupBy === 'provider' ? 'name' : 'displayName';
    const found = await this.store.collection(collection).find({ $and: [{ _id: { $in: [...keys] } }, visibleRows] });
    return new Map(found.map((r) => [String(r._id), String(r[field] ?? r._id)]));
  }
}
