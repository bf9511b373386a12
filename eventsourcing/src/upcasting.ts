import type { RecordedEvent } from './recorded-event';

/** Maps an event stored at `fromVersion` of its schema to the next version. */
export interface Upcaster {
  readonly type: string;
  readonly fromVersion: number;
  readonly upcast: (data: Record<string, unknown>) => { type?: string; data: Record<string, unknown> };
}

/**
 * Upcasters by event type and version. Old events are never rewritten: they are upcast step by step
 * every time they are read, so that deciders and projections only see the current shape.
 */
export class Upcasters {
  private readonly steps = new Map<string, Upcaster>();

  constructor(upcasters: readonly Upcaster[] = []) {
    for (const u of upcasters) {
      const key = `${u.type}@${u.fromVersion}`;
      if (this.steps.has(key)) throw new Error(`two upcasters for ${key}`);
      this.steps.set(key, u);
    }
  }

  apply(event: RecordedEvent): RecordedEvent {
    let current = event;
    for (let step = this.steps.get(`${current.type}@${current.metadata.schemaVersion}`); step; ) {
      const next = step.upcast(current.data as Record<string, unknown>);
      current = {
        ...current,
        type: next.type ?? current.type,
        data: next.data,
        metadata: { ...current.metadata, schemaVersion: current.metadata.schemaVersion + 1 },
      };
      step = this.steps.get(`${current.type}@${current.metadata.schemaVersion}`);
    }
    return current;
  }
}
