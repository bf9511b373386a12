import type { Translate } from '../core/api/problem-text';
import { formatBytes } from '../shared/format/bytes';
import type { AdapterStatus } from './platform-status.model';

// Adapters and detail keys the console has words for. Anything new the backend reports is still
// shown, under its own name, so a new adapter or detail never silently disappears from the page.
const ADAPTER_ICONS: Readonly<Record<string, string>> = {
  storage: 'folder_open',
  eventStore: 'history_edu',
  readModels: 'table_view',
  reactions: 'bolt',
  jobs: 'pending_actions',
};
const KNOWN_KINDS = ['local-directory', 'embedded-sqlite', 'eventstoredb', 'embedded-mingo', 'mongodb', 'in-process', 'bullmq', 'reactor'];
const KNOWN_DETAILS = [
  'path',
  'freeBytes',
  'headPosition',
  'projections',
  'maxLagEvents',
  'lag',
  'lagMs',
  'position',
  'checkpoint',
  'waiting',
  'delayed',
  'active',
  'completed',
  'failed',
  'deadLetters',
  'byType',
  'prefix',
  'workers',
  'url',
  'database',
  'queue',
  'pending',
  'error',
  'reactions',
  'failing',
  'projector',
];
const PROJECTOR_STATES = ['active', 'standby'];
const JOB_COUNTS = ['waiting', 'delayed', 'active', 'completed', 'failed'];
const MONO_DETAILS = ['path', 'url', 'prefix', 'workers'];

/** A text detail (path, error, lists) shown as a labelled row. */
export interface DetailRow {
  readonly key: string;
  readonly label: string;
  readonly value: string;
  readonly mono: boolean;
}

/** A numeric detail (counts, sizes, lags) shown as a figure. */
export interface Metric {
  readonly key: string;
  readonly label: string;
  readonly value: string;
}

/** An adapter as the page shows it. */
export interface AdapterView {
  readonly name: string;
  readonly label: string;
  readonly icon: string;
  /** Null when the backend did not say (no admin token). */
  readonly kind: string | null;
  /** A translated description of the kind, when the console knows it. */
  readonly kindLabel: string | null;
  readonly rows: readonly DetailRow[];
  readonly metrics: readonly Metric[];
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const formatNumber = (key: string, value: number, locale: string): string => {
  if (key.endsWith('Bytes')) return formatBytes(value, locale);
  if (key.endsWith('Ms')) return new Intl.NumberFormat(locale, { style: 'unit', unit: 'millisecond' }).format(value);
  return new Intl.NumberFormat(locale).format(value);
};

/** "mail: 2 waiting · 1 failed" per job type, leaving out the zeros. */
const formatCountsByType = (byType: Record<string, unknown>, locale: string, translate: Translate): string =>
  Object.entries(byType)
    .map(([type, counts]) => {
      const nonZero = isRecord(counts)
        ? JOB_COUNTS.filter((c) => typeof counts[c] === 'number' && counts[c] !== 0).map(
            (c) => `${translate(`status.detail.${c}`)} ${formatNumber(c, counts[c] as number, locale)}`,
          )
        : [];
      return nonZero.length ? `${type}: ${nonZero.join(' · ')}` : `${type}: ${translate('status.detail.idle')}`;
    })
    .join('\n');

const formatOther = (value: unknown): string =>
  isRecord(value)
    ? Object.entries(value)
        .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
        .join('\n')
    : JSON.stringify(value);

const isEmpty = (value: unknown): boolean =>
  value === null ||
  value === undefined ||
  value === '' ||
  (Array.isArray(value) && value.length === 0) ||
  (isRecord(value) && Object.keys(value).length === 0);

/** Labels, icon and formatted details of one adapter in the active language. */
export function presentAdapter(adapter: AdapterStatus, locale: string, translate: Translate): AdapterView {
  const rows: DetailRow[] = [];
  const metrics: Metric[] = [];
  for (const [key, value] of Object.entries(adapter.detail ?? {})) {
    if (isEmpty(value)) continue;
    const label = KNOWN_DETAILS.includes(key) ? translate(`status.detail.${key}`) : key;
    if (typeof value === 'number') {
      metrics.push({ key, label, value: formatNumber(key, value, locale) });
      continue;
    }
    const text =
      typeof value === 'string'
        ? key === 'projector' && PROJECTOR_STATES.includes(value)
          ? translate(`status.projectorStates.${value}`)
          : value
        : typeof value === 'boolean'
          ? translate(value ? 'common.yes' : 'common.no')
          : Array.isArray(value)
            ? value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join('\n')
            : key === 'byType' && isRecord(value)
              ? formatCountsByType(value, locale, translate)
              : formatOther(value);
    rows.push({ key, label, value: text, mono: MONO_DETAILS.includes(key) });
  }
  return {
    name: adapter.name,
    label: adapter.name in ADAPTER_ICONS ? translate(`status.adapterNames.${adapter.name}`) : adapter.name,
    icon: ADAPTER_ICONS[adapter.name] ?? 'extension',
    kind: adapter.kind,
    kindLabel: adapter.kind !== null && KNOWN_KINDS.includes(adapter.kind) ? translate(`status.kinds.${adapter.kind}`) : null,
    rows,
    metrics,
  };
}
