import type { FastifyRequest } from 'fastify';
import { visibleRows, type ReadModelStore } from '@kuaige/projections';
import { jurisdictionOf } from '@kuaige/tenancy';
import type { RequestOrigin } from '@kuaige/domain';
import type { ActorRequest } from '../../../tenancy/api/authorization';
import type { SecurityActor } from './security-log';

// ---- Who sent a request and from where, as the security events record it ------------------------

const MAX_PARAM = 128;

/** The request's origin: route pattern and parameters only, never query string or body (codes, tokens). */
export const originOf = (request: FastifyRequest, at: Date): RequestOrigin => {
  const params = Object.fromEntries(
    Object.entries((request.params ?? {}) as Record<string, unknown>)
      .filter(([, v]) => typeof v === 'string')
      .map(([k, v]) => [k, (v as string).slice(0, MAX_PARAM)]),
  );
  return {
    at: at.toISOString(),
    // Fastify's request.ip already honours only the configured trusted proxy hops (TRUSTED_PROXIES).
    ip: request.ip,
    userAgent: String(request.headers['user-agent'] ?? '').slice(0, 256),
    method: request.method,
    route: request.routeOptions?.url ?? request.url.split('?')[0]!.slice(0, 256),
    params,
    requestId: String(request.id ?? ''),
  };
};

/** The caller with the scope its acting context gives the event: the enterprise and its jurisdiction, or the node's division. */
export const securityActorOf = async (
  request: FastifyRequest,
  store: ReadModelStore,
  fallbackUser = 'anonymous',
): Promise<SecurityActor> => {
  const { caller, actor } = request as ActorRequest;
  const ip = request.ip;
  const userAgent = String(request.headers['user-agent'] ?? '').slice(0, 256);
  if (!caller) return { userId: fallbackUser, ip, userAgent, tenantIds: [], jurisdiction: [] };
  const context = caller.context;
  const enterpriseId = actor?.enterpriseId ?? (context?.kind === 'enterprise' ? context.id : undefined);
  const nodeId = actor?.operatorNode?.id ?? (context?.kind === 'operator' ? context.id : undefined);
  let jurisdiction: readonly string[] = [];
  if (actor?.operatorNode) jurisdiction = jurisdictionOf(actor.operatorNode.regionCode);
  else if (nodeId) jurisdiction = await regionsOf(store, 'operator_nodes', nodeId);
  else if (enterpriseId) jurisdiction = await regionsOf(store, 'enterprises', enterpriseId);
  return {
    userId: caller.userId,
    ...(enterpriseId ? { enterpriseId } : {}),
    ...(nodeId ? { operatorNodeId: nodeId } : {}),
    ip,
    userAgent,
    tenantIds: enterpriseId ? [enterpriseId] : [],
    jurisdiction,
  };
};

const regionsOf = async (store: ReadModelStore, collection: string, id: string): Promise<readonly string[]> => {
  const row = await store.collection(collection).findOne({ $and: [{ _id: id }, visibleRows] });
  const regions = (row?.['scope'] as { regions?: unknown } | undefined)?.regions;
  return Array.isArray(regions) ? regions.filter((r): r is string => typeof r === 'string') : [];
};
