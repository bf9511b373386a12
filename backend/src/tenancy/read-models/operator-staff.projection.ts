import type { OperatorStaffEvent } from '@kuaige/domain';
import { projection, row, type Row } from '@kuaige/projections';
import { jurisdictionOf } from '@kuaige/tenancy';

/** One person on one operator node's staff, in the node's jurisdiction. */
export interface OperatorStaffRow extends Row {
  readonly scope: { readonly tenants: readonly string[]; readonly regions: readonly string[] };
  readonly nodeId: string;
  readonly userId: string;
  readonly divisionCode: string;
  readonly roles: readonly string[];
  readonly since: string;
  readonly appointedBy: string;
}

export const operatorStaffRowId = (nodeId: string, userId: string): string => `${nodeId}:${userId}`;

/** `operator_staff`: the staff of every node; removed staff have no row (their history is the stream). */
export const operatorStaffProjection = projection<OperatorStaffEvent, OperatorStaffRow>('operator_staff', {
  version: 1,
  scoped: true,
  indexes: [
    { name: 'by_user', key: { userId: 1 } },
    { name: 'by_node', key: { nodeId: 1, since: 1 } },
  ],
  on: {
    OperatorStaffAppointed: (e) =>
      row<OperatorStaffRow>(operatorStaffRowId(e.data.nodeId, e.data.userId), () => ({
        _id: operatorStaffRowId(e.data.nodeId, e.data.userId),
        scope: { tenants: [], regions: jurisdictionOf(e.data.divisionCode) },
        nodeId: e.data.nodeId,
        userId: e.data.userId,
        divisionCode: e.data.divisionCode,
        roles: e.data.roles,
        since: e.data.at,
        appointedBy: e.data.appointedBy,
      })),
    OperatorStaffRolesChanged: (e) =>
      row<OperatorStaffRow>(operatorStaffRowId(e.data.nodeId, e.data.userId), (current) => (current ? { ...current, roles: e.data.roles } : null)),
    OperatorStaffRemoved: (e) => row<OperatorStaffRow>(operatorStaffRowId(e.data.nodeId, e.data.userId), () => null),
  },
});
