import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { EventStore } from '@kuaige/eventsourcing';
import type { Projection } from '@kuaige/projections';
import { EmbeddedSqliteEventStore } from '../event-store/embedded-sqlite.event-store';
import { verifyChain } from '../event-store/hash-chain';
import { checkBackupFiles, readHead, restoreBackup, type Backup, type BackupHead } from './backup-set';
import { eventsUpTo, rebuildReadModels, type CollectionDigests } from './read-model-rebuild';

// ---- The restore drill: restore, rebuild, verify, compare -----------------------------------------
//
// Proves a backup can be brought back: its files match the manifest; restored into a fresh directory,
// its log has the manifest's head and an intact hash chain; it agrees with the source log at that
// position (count and head hash); and every read model rebuilt from it equals the one rebuilt from the
// source up to the same position, document by document. Every check runs even after one failed, so
// the report names all that differs.

export interface DrillCheck {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

export interface DrillReport {
  readonly backupId: string;
  readonly position: number;
  readonly checks: readonly DrillCheck[];
  readonly ok: boolean;
  readonly restoredInto: string | null;
}

export interface DrillOptions {
  /** The source's live log (the data directory the backup was taken of). */
  readonly source: EventStore;
  readonly projections: readonly Projection[];
  /** Where the fresh restore directory is made. */
  readonly workDir: string;
  /** Keep the restored directory (it is removed otherwise). */
  readonly keep?: boolean;
}

/** Named differences of two rebuilt read-model sets, at most a few per collection. */
export const compareReadModels = (restored: ReadonlyMap<string, CollectionDigests>, source: ReadonlyMap<string, CollectionDigests>): string[] => {
  const differences: string[] = [];
  for (const name of [...new Set([...source.keys(), ...restored.keys()])].sort()) {
    const a = restored.get(name) ?? new Map<string, string>();
    const b = source.get(name) ?? new Map<string, string>();
    const missing = [...b.keys()].filter((id) => !a.has(id));
    const extra = [...a.keys()].filter((id) => !b.has(id));
    const changed = [...a.keys()].filter((id) => b.has(id) && b.get(id) !== a.get(id));
    const few = (ids: string[]) => `${ids.slice(0, 3).join(', ')}${ids.length > 3 ? ` and ${ids.length - 3} more` : ''}`;
    if (missing.length) differences.push(`${name}: ${missing.length} document(s) of the source missing after restore (${few(missing)})`);
    if (extra.length) differences.push(`${name}: ${extra.length} document(s) not in the source (${few(extra)})`);
    if (changed.length) differences.push(`${name}: ${changed.length} document(s) differ (${few(changed)})`);
  }
  return differences;
};

const headOfSource = async (source: EventStore, position: number): Promise<{ events: number; hash: string | null }> => {
  let events = 0;
  let hash: string | null = null;
  for await (const e of eventsUpTo(source, position).readAll()) {
    events += 1;
    hash = e.hash;
  }
  return { events, hash };
};

const describeHead = (h: BackupHead) => `position ${h.position}, ${h.events} events, hash ${h.hash ?? '-'}`;

/** Runs the drill on one backup; the report's `ok` is false when anything differs. */
export async function runRestoreDrill(backup: Backup, options: DrillOptions): Promise<DrillReport> {
  const checks: DrillCheck[] = [];
  const check = (name: string, ok: boolean, detail: string) => checks.push({ name, ok, detail });
  const { head } = backup.manifest;

  const damaged = await checkBackupFiles(backup);
  check('files', damaged.length === 0, damaged.length ? damaged.map((d) => `${d.name}: ${d.problem}`).join('; ') : `${backup.manifest.files.length} file(s) match the manifest (${backup.manifest.files.map((f) => f.name).join(', ')})`);

  const target = join(mkdtempSync(join(options.workDir, `drill-${backup.manifest.id}-`)), 'data');
  let restored: EventStore | null = null;
  try {
    await restoreBackup(backup, target, { unchecked: true });
    let restoredHead: BackupHead | null = null;
    try {
      restoredHead = readHead(join(target, 'events.sqlite'));
      restored = new EmbeddedSqliteEventStore(join(target, 'events.sqlite'));
    } catch (e) {
      check('restored log', false, `the restored events.sqlite cannot be read: ${(e as Error).message}`);
    }
    if (restoredHead && restored) {
      const same = restoredHead.position === head.position && restoredHead.hash === head.hash && restoredHead.events === head.events;
      check('restored head', same, same ? describeHead(restoredHead) : `restored ${describeHead(restoredHead)}; manifest ${describeHead(head)}`);

      const chain = await verifyChain(restored.readAll(), { mode: 'global' }).catch((e: Error) => e);
      if (chain instanceof Error) check('hash chain', false, `reading the restored log failed: ${chain.message}`);
      else if (chain.firstBroken) {
        const b = chain.firstBroken;
        check('hash chain', false, `broken after ${chain.checked} intact events: event ${b.eventId} in ${b.streamId} at position ${b.position} (stored ${b.actual}, recomputed ${b.expected})`);
      } else check('hash chain', true, `${chain.checked} events, intact`);

      const sourceHead = await headOfSource(options.source, restoredHead.position);
      const agrees = sourceHead.events === restoredHead.events && sourceHead.hash === restoredHead.hash;
      check('source at backup position', agrees, agrees ? `source has the same ${sourceHead.events} events up to position ${restoredHead.position}, head hash ${sourceHead.hash ?? '-'}` : `source up to position ${restoredHead.position}: ${sourceHead.events} events, hash ${sourceHead.hash ?? '-'}; restored: ${restoredHead.events} events, hash ${restoredHead.hash ?? '-'}`);

      try {
        const fromRestore = await rebuildReadModels(restored, options.projections);
        const fromSource = await rebuildReadModels(eventsUpTo(options.source, restoredHead.position), options.projections);
        const differences = compareReadModels(fromRestore, fromSource);
        const documents = [...fromSource.values()].reduce((n, c) => n + c.size, 0);
        check('read models', differences.length === 0, differences.length ? differences.join('; ') : `${fromSource.size} read models, ${documents} documents equal to the source's at position ${restoredHead.position}`);
      } catch (e) {
        check('read models', false, `rebuilding failed: ${(e as Error).message}`);
      }
    }
  } finally {
    await restored?.close();
    if (!options.keep) rmSync(join(target, '..'), { recursive: true, force: true });
  }
  return { backupId: backup.manifest.id, position: head.position, checks, ok: checks.every((c) => c.ok), restoredInto: options.keep ? target : null };
}

/** The report as the command line prints it. */
export const formatDrillReport = (report: DrillReport): string[] => [
  `restore drill of backup ${report.backupId} (head position ${report.position})`,
  ...report.checks.map((c) => `  ${c.ok ? 'ok  ' : 'DIFF'}  ${c.name.padEnd(26)} ${c.detail}`),
  ...(report.restoredInto ? [`  restored data directory kept at ${report.restoredInto}`] : []),
  report.ok ? 'PASSED: the backup restores to the same log and read models' : `FAILED: ${report.checks.filter((c) => !c.ok).length} check(s) differ`,
];
