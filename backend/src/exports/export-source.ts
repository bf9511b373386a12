import { Injectable } from '@nestjs/common';
import type { Permission } from '@kuaige/tenancy';
import type { Actor } from '../tenancy/api/authorization';

/** The console languages an export is written in. */
export type ExportLocale = 'zh-CN' | 'en';

/** One column of an exported table: the key of the row's value and its header in the export's language. */
export interface ExportColumn {
  readonly key: string;
  readonly header: string;
  /** Column width in characters (XLSX); a default is used when absent. */
  readonly width?: number;
  /** How a cell is written: text (default), a number, a day, an instant, or fen shown as yuan. */
  readonly type?: 'text' | 'number' | 'day' | 'instant' | 'fen';
}

/** A cell value an export can write. */
export type ExportCell = string | number | boolean | null | undefined;

/**
 * One kind of export (the work-order list, an analytics breakdown, a custom report …). A feature
 * registers its source with {@link ExportSources}; the export jobs find it by `kind`, check
 * `permission` against the actor who asked, validate the parameters before a job is queued, and pull
 * the rows in pages so that memory stays bounded whatever the size.
 */
export interface ExportSource<P = unknown> {
  readonly kind: string;
  /** The catalogue permission the actor must hold to start this export. */
  readonly permission: Permission;
  /** Turns the request's `params` into this source's parameters, or throws a 400 naming field and rule. */
  parse(params: unknown): P;
  /**
   * Reads what title() and columns() depend on when that is data in the actor's scope (a custom
   * report's columns follow its definition and its rows); the job awaits it before asking for them.
   */
  prepare?(params: P, actor: Actor, locale: ExportLocale): Promise<void>;
  /** File title (also the sheet name and the PDF heading) in the export's language. */
  title(params: P, locale: ExportLocale): string;
  columns(params: P, locale: ExportLocale): readonly ExportColumn[];
  /** How many rows to expect, for the progress bar (an estimate is fine; null when unknown). */
  count(params: P, actor: Actor): Promise<number | null>;
  /** The rows, scoped by the actor exactly as the matching query is, streamed page by page. */
  rows(params: P, actor: Actor, locale: ExportLocale): AsyncIterable<Readonly<Record<string, ExportCell>>>;
}

/** The registry of export kinds: each feature module registers its sources on start. */
@Injectable()
export class ExportSources {
  private readonly sources = new Map<string, ExportSource<unknown>>();

  register<P>(source: ExportSource<P>): void {
    if (this.sources.has(source.kind)) throw new Error(`export kind ${source.kind} registered twice`);
    this.sources.set(source.kind, source as ExportSource<unknown>);
  }

  get(kind: string): ExportSource<unknown> | undefined {
    return this.sources.get(kind);
  }

  kinds(): readonly string[] {
    return [...this.sources.keys()].sort();
  }
}
