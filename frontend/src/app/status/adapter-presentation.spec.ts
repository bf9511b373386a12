import { describe, expect, it } from 'vitest';
import { presentAdapter } from './adapter-presentation';

// Shows the key that was looked up, so the test sees which texts are translated.
const translate = (key: string) => `«${key}»`;

describe('presentAdapter', () => {
  it('translates known adapters, kinds and details, and shows numbers as figures', () => {
    const view = presentAdapter(
      { name: 'storage', kind: 'local-directory', up: true, critical: true, detail: { path: '/var/lib/kuaige', freeBytes: 5 * 1024 ** 3 } },
      'en',
      translate,
    );
    expect(view.label).toBe('«status.adapterNames.storage»');
    expect(view.kindLabel).toBe('«status.kinds.local-directory»');
    expect(view.rows).toEqual([{ key: 'path', label: '«status.detail.path»', value: '/var/lib/kuaige', mono: true }]);
    expect(view.metrics).toEqual([{ key: 'freeBytes', label: '«status.detail.freeBytes»', value: '5 GB' }]);
  });

  it('has words for the durable reactions and for the projector lease state', () => {
    const reactions = presentAdapter(
      { name: 'reactions', kind: 'reactor', up: false, critical: false, detail: { reactions: 2, maxLagEvents: 3, failing: ['settle: boom (event 7, 3 attempts)'] } },
      'en',
      translate,
    );
    expect(reactions.label).toBe('«status.adapterNames.reactions»');
    expect(reactions.kindLabel).toBe('«status.kinds.reactor»');
    expect(reactions.metrics.map((m) => m.label)).toEqual(['«status.detail.reactions»', '«status.detail.maxLagEvents»']);
    expect(reactions.rows).toEqual([{ key: 'failing', label: '«status.detail.failing»', value: 'settle: boom (event 7, 3 attempts)', mono: false }]);
    const readModels = presentAdapter({ name: 'readModels', kind: 'embedded-mingo', up: true, critical: true, detail: { projector: 'standby' } }, 'en', translate);
    expect(readModels.rows).toEqual([{ key: 'projector', label: '«status.detail.projector»', value: '«status.projectorStates.standby»', mono: false }]);
  });

  it('summarises job counts per type without the zeros, and hides empty lists', () => {
    const idle = { waiting: 0, delayed: 0, active: 0, completed: 0, failed: 0 };
    const view = presentAdapter(
      {
        name: 'jobs',
        kind: 'bullmq',
        up: true,
        critical: false,
        detail: { ...idle, waiting: 2, deadLetters: 0, byType: { mail: { ...idle, waiting: 2, failed: 1 }, export: idle }, workers: [] },
      },
      'en',
      translate,
    );
    expect(view.rows).toEqual([
      {
        key: 'byType',
        label: '«status.detail.byType»',
        value: 'mail: «status.detail.waiting» 2 · «status.detail.failed» 1\nexport: «status.detail.idle»',
        mono: false,
      },
    ]);
    expect(view.metrics.map((m) => `${m.key}=${m.value}`)).toEqual([
      'waiting=2',
      'delayed=0',
      'active=0',
      'completed=0',
      'failed=0',
      'deadLetters=0',
    ]);
  });

  it('still shows an adapter and details the console has no words for, under their own names', () => {
    const view = presentAdapter(
      { name: 'search', kind: 'opensearch', up: false, critical: false, detail: { shards: 3, error: 'connect ECONNREFUSED' } },
      'zh-CN',
      translate,
    );
    expect(view.label).toBe('search');
    expect(view.icon).toBe('extension');
    expect(view.kindLabel).toBeNull();
    expect(view.metrics).toEqual([{ key: 'shards', label: 'shards', value: '3' }]);
    expect(view.rows).toEqual([{ key: 'error', label: '«status.detail.error»', value: 'connect ECONNREFUSED', mono: false }]);
  });

  it('shows only name and state of an adapter the backend described without details (no admin token)', () => {
    const view = presentAdapter({ name: 'storage', kind: null, up: true, critical: true, detail: null }, 'zh-CN', translate);
    expect(view).toEqual({
      name: 'storage',
      label: '«status.adapterNames.storage»',
      icon: 'folder_open',
      kind: null,
      kindLabel: null,
      rows: [],
      metrics: [],
    });
  });
});
