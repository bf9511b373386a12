import type { Suggestion } from './work-order.model';

/**
 * The body of POST /work-orders/:id/dispatch for the provider the operator chose: the suggestion it
 * follows (its rank and the provider ranked first), and — when the operator chose another than the
 * first — the reason of the override, which the order keeps (WO-4).
 */
export function dispatchBody(chosen: Suggestion, top: Suggestion, reason: string) {
  const overridden = chosen.id !== top.id;
  return {
    providerId: chosen.id,
    suggestion: { rank: chosen.rank, suggestedProviderId: top.id },
    override: overridden ? { reason: reason.trim() } : null,
  };
}
