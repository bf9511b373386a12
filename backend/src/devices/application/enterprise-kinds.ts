import { enterpriseStream, type EnterpriseKind } from '@kuaige/domain';
import type { AggregateStreams } from '../../event-sourcing/aggregate-streams';
import { enterprises } from '../../tenancy/application/enterprise.commands';

/**
 * The kind of an approved enterprise, read from its stream; null for an id no approved enterprise has
 * (a device is registered for, sold to or linked with enterprises the operator admitted).
 */
export const kindOfEnterprise = async (streams: AggregateStreams, enterpriseId: string): Promise<EnterpriseKind> => {
  const { state } = await streams.load(enterpriseStream(enterpriseId), enterprises);
  return state.status === 'approved' ? state.type : null;
};
