import { matchedTerms, queryTerms, requiredTerms, searchTokens } from '@kuaige/domain';
import { publicRow, visibleRows, type Filter, type ReadModelCollection } from '@kuaige/projections';
import type { KnowledgeEntryRow } from './knowledge.projections';

// ---- Searching and suggesting entries: the same queries on the embedded store and on MongoDB -------
// The store finds candidates by the multikey `tokens` index (`$in` of the query's tokens); ranking counts
// the query's terms each candidate holds, here, so that both adapters answer alike (neither has a text
// index for Chinese). A query needs all of its terms when it has one or two, three in five otherwise:
// one shared bigram does not make a longer query match.

/** Candidates looked at per query: ranking happens on these, newest first. */
export const SEARCH_CANDIDATES = 1000;

export interface KnowledgeHit {
  readonly row: KnowledgeEntryRow;
  readonly score: number;
  /** The query's terms the entry holds, for highlighting. */
  readonly matched: readonly string[];
}

export interface KnowledgeSearch {
  /** Free text; empty lists the filter's entries, newest first. */
  readonly q?: string;
  readonly deviceType?: string;
  readonly faultType?: string;
  readonly skip: number;
  readonly limit: number;
}

const byScore = (a: KnowledgeHit, b: KnowledgeHit) => b.score - a.score || b.row.updatedAt.localeCompare(a.row.updatedAt) || a.row._id.localeCompare(b.row._id);

/** The entries `visibility` lets through that match the search, best first, with the count of all that match. */
export const searchKnowledge = async (entries: ReadModelCollection<KnowledgeEntryRow>, visibility: Filter, search: KnowledgeSearch): Promise<{ hits: KnowledgeHit[]; total: number }> => {
  const parts: Filter[] = [visibleRows, visibility];
  if (search.deviceType) parts.push({ deviceType: search.deviceType });
  if (search.faultType) parts.push({ faultType: search.faultType });
  const terms = queryTerms(search.q ?? '');
  if (terms.length === 0) {
    const filter = { $and: parts };
    const [rows, total] = await Promise.all([entries.find(filter, { sort: { updatedAt: -1, _id: 1 }, skip: search.skip, limit: search.limit }), entries.count(filter)]);
    return { hits: rows.map((r) => ({ row: publicRow(r), score: 0, matched: [] })), total };
  }
  parts.push({ tokens: { $in: [...new Set(terms.flat())] } });
  const candidates = await entries.find({ $and: parts }, { sort: { updatedAt: -1, _id: 1 }, limit: SEARCH_CANDIDATES });
  const needed = requiredTerms(terms.length);
  const hits = candidates
    .map((candidate) => {
      const row = publicRow(candidate);
      const matched = matchedTerms(terms, new Set(row.tokens));
      const inTitle = matchedTerms(terms, new Set(row.titleTokens)).length;
      return { row, matched, score: matched.length * 10 + inTitle * 5 };
    })
    .filter((hit) => hit.matched.length >= needed)
    .sort(byScore);
  return { hits: hits.slice(search.skip, search.skip + search.limit), total: hits.length };
};

/** What a work order says about its fault: what suggestions are ranked by. */
export interface FaultOnOrder {
  readonly deviceType: string;
  readonly faultType: string;
  readonly model: string;
  readonly description: string;
}

export interface KnowledgeSuggestion extends KnowledgeHit {
  readonly reasons: readonly ('fault-type' | 'model' | 'text')[];
}

/**
 * Published entries for the order's device type, ranked: the same fault type 40 points, the device's
 * model named by the entry 20, and up to 40 for the share of the fault description's terms it holds.
 */
export const suggestKnowledge = async (entries: ReadModelCollection<KnowledgeEntryRow>, order: FaultOnOrder, limit: number): Promise<KnowledgeSuggestion[]> => {
  const candidates = await entries.find({ $and: [visibleRows, { deviceType: order.deviceType, status: 'published' }] }, { sort: { publishedAt: -1, _id: 1 }, limit: SEARCH_CANDIDATES });
  const terms = queryTerms(order.description);
  const model = searchTokens(order.model);
  return candidates
    .map((candidate) => {
      const row = publicRow(candidate);
      const matched = matchedTerms(terms, new Set(row.tokens));
      const fault = row.faultType === order.faultType;
      const modelMatch = model.length > 0 && row.models.some((m) => searchTokens(m).some((t) => model.includes(t) && /\d/.test(t)));
      const text = terms.length === 0 ? 0 : matched.length / terms.length;
      const reasons = [...(fault ? (['fault-type'] as const) : []), ...(modelMatch ? (['model'] as const) : []), ...(matched.length > 0 ? (['text'] as const) : [])];
      return { row, matched, reasons, score: Math.round((fault ? 40 : 0) + (modelMatch ? 20 : 0) + 40 * text) };
    })
    .filter((s) => s.score > 0)
    .sort(byScore)
    .slice(0, limit);
};
