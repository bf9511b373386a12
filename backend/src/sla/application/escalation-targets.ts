import { Inject, Injectable } from '@nestjs/common';
import { visibleRows, type ReadModelStore } from '@kuaige/projections';
import { NATIONAL } from '@kuaige/tenancy';
import { READ_MODEL_STORE } from '../../event-sourcing/event-sourcing.tokens';

interface OperatorNodeRow {
  readonly _id: string;
  readonly divisionCode: string;
  readonly parentNodeId: string | null;
  readonly [field: string]: unknown;
}

const depth = (divisionCode: string): number => (divisionCode === NATIONAL ? 0 : divisionCode.length);

/**
 * Whom an overdue order escalates to: the operator node above the order's own operator, which is the
 * deepest node among the order's jurisdiction (its county's, else its city's, ...). The national node,
 * having none above it, escalates to itself; without any node there is no one (null).
 */
@Injectable()
export class EscalationTargets {
  constructor(@Inject(READ_MODEL_STORE) private readonly store: ReadModelStore) {}

  async above(jurisdiction: readonly string[]): Promise<string | null> {
    if (jurisdiction.length === 0) return null;
    const nodes = await this.store.collection<OperatorNodeRow>('operator_nodes').find({ $and: [{ divisionCode: { $in: [...jurisdiction] } }, visibleRows] });
    const own = nodes.sort((a, b) => depth(b.divisionCode) - depth(a.divisionCode))[0];
    return own ? (own.parentNodeId ?? own._id) : null;
  }
}
