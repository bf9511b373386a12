import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked, type WritableSignal } from '@angular/core';
import { rxResource, toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { Router, RouterLink } from '@angular/router';
import { TranslocoPipe, TranslocoService } from '@jsverse/transloco';
import { Observable, debounceTime, map } from 'rxjs';
import { describeRequestError, type FieldError } from '../../core/api/api-error';
import { ActiveContext } from '../../core/context/active-context';
import { LocaleService } from '../../core/i18n/locale.service';
import { openExportDialog } from '../../exports/export-dialog';
import { formatDateTime } from '../../shared/format/date-time';
import { FieldErrorText } from '../../shared/forms/field-error';
import { formFailure } from '../../shared/forms/form-failure';
import { LoadingPanel } from '../../shared/ui/loading-panel';
import { StatePanel } from '../../shared/ui/state-panel';
import { DEVICE_TYPE_CODES, FAULT_TYPE_CODES, catalogueLabels } from '../../work-orders/catalogue';
import { AnalyticsChart } from '../analytics-chart';
import type { Metric } from '../analytics.model';
import { ReportsApi } from './reports.api';
import {
  FREQUENCIES,
  MEASURES_MAX,
  RANGE_KINDS,
  REPORT_CHARTS,
  REPORT_DIMENSIONS,
  REPORT_MEASURES,
  cellText,
  chartOption,
  columnChoices,
  definitionInput,
  fieldAliases,
  formOfDefinition,
  measureColumns,
  newReportForm,
  scheduleFormOf,
  scheduleInput,
  type ReportForm,
  type ReportRun,
  type ReportTable,
  type ReportView,
  type ScheduleForm,
} from './reports.model';

const REGION = /^(CN|\d{2}|\d{4}|\d{6})$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

const reportForm = (f: ReportForm) =>
  new FormGroup({
    name: new FormControl(f.name, { nonNullable: true, validators: [Validators.required, Validators.maxLength(80)] }),
    description: new FormControl(f.description, { nonNullable: true, validators: [Validators.maxLength(500)] }),
    rows: new FormControl(f.rows, { nonNullable: true }),
    columns: new FormControl(f.columns, { nonNullable: true }),
    measures: new FormControl<Metric[]>(f.measures, { nonNullable: true, validators: [Validators.required, (c) => ((c.value as Metric[]).length > MEASURES_MAX ? { maxItems: true } : null)] }),
    rangeKind: new FormControl(f.rangeKind, { nonNullable: true }),
    days: new FormControl(f.days, { nonNullable: true, validators: [Validators.min(1), Validators.max(1096)] }),
    from: new FormControl(f.from, { nonNullable: true }),
    to: new FormControl(f.to, { nonNullable: true }),
    regionCode: new FormControl(f.regionCode, { nonNullable: true, validators: [Validators.pattern(REGION)] }),
    deviceType: new FormControl(f.deviceType, { nonNullable: true }),
    faultType: new FormControl(f.faultType, { nonNullable: true }),
    chart: new FormControl(f.chart, { nonNullable: true }),
  });

const scheduleForm = (f: ScheduleForm) =>
  new FormGroup({
    frequency: new FormControl(f.frequency, { nonNullable: true }),
    time: new FormControl(f.time, { nonNullable: true, validators: [Validators.pattern(TIME)] }),
    weekday: new FormControl(f.weekday, { nonNullable: true }),
    day: new FormControl(f.day, { nonNullable: true, validators: [Validators.min(1), Validators.max(28)] }),
    recipients: new FormControl(f.recipients, { nonNullable: true }),
  });

type Shown = { table: ReportTable; live: boolean } | { error: string };

/** 新建/编辑报表: pick dimensions, measures and filters, see the table and chart as you go, save, share, schedule, export. */
@Component({
  selector: 'kg-report-builder-page',
  imports: [
    MatButtonModule,
    MatButtonToggleModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatSelectModule,
    MatSlideToggleModule,
    ReactiveFormsModule,
    RouterLink,
    TranslocoPipe,
    AnalyticsChart,
    FieldErrorText,
    LoadingPanel,
    StatePanel,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'kg-page' },
  templateUrl: './report-builder-page.html',
  styleUrl: './report-builder-page.scss',
})
export class ReportBuilderPage {
  private readonly api = inject(ReportsApi);
  private readonly router = inject(Router);
  private readonly dialog = inject(MatDialog);
  private readonly transloco = inject(TranslocoService);
  private readonly context = inject(ActiveContext);
  protected readonly language = inject(LocaleService).language;
  protected readonly catalogue = catalogueLabels();
  /** The report's id from the address; absent on /analytics/reports/new. */
  readonly id = input<string>();
  protected readonly dimensions = REPORT_DIMENSIONS;
  protected readonly measures = REPORT_MEASURES;
  protected readonly charts = REPORT_CHARTS;
  protected readonly rangeKinds = RANGE_KINDS;
  protected readonly frequencies = FREQUENCIES;
  protected readonly weekdays = [1, 2, 3, 4, 5, 6, 7];
  protected readonly monthDays = Array.from({ length: 28 }, (_, i) => i + 1);
  protected readonly deviceTypes = DEVICE_TYPE_CODES;
  protected readonly faultTypes = FAULT_TYPE_CODES;
  protected readonly maxMeasures = MEASURES_MAX;
  protected readonly form = reportForm(newReportForm());
  protected readonly scheduling = scheduleForm(scheduleFormOf(null, []));
  protected readonly canCreate = computed(() => this.context.can('report:create'));
  protected readonly canExport = computed(() => this.context.can('report:export'));

  protected readonly report = rxResource<ReportView | null, string | undefined>({
    params: () => this.id(),
    stream: ({ params }) => this.api.get(params!),
    defaultValue: null,
  });
  protected readonly loaded = computed(() => (this.report.hasValue() ? this.report.value() : null));
  protected readonly editable = computed(() => !this.id() || (this.loaded()?.editable ?? false));

  private readonly value = toSignal(this.form.valueChanges.pipe(debounceTime(400), map(() => this.form.getRawValue())), { initialValue: this.form.getRawValue() });
  protected readonly rowsValue = toSignal(this.form.controls.rows.valueChanges, { initialValue: this.form.controls.rows.value });
  protected readonly rangeValue = toSignal(this.form.controls.rangeKind.valueChanges, { initialValue: this.form.controls.rangeKind.value });
  protected readonly frequencyValue = toSignal(this.scheduling.controls.frequency.valueChanges, { initialValue: this.scheduling.controls.frequency.value });
  protected readonly columnOptions = computed(() => columnChoices(this.rowsValue()));
  /** Bumped by 运行 and after a save: the saved report is run again. */
  private readonly runs = signal(0);
  /** Edited since loading or saving: the preview then shows the unsaved definition. */
  private readonly edited = signal(false);

  protected readonly preview = rxResource<Shown, { id: string | undefined; edited: boolean; form: ReportForm; lang: string; run: number } | undefined>({
    params: () => {
      if (this.id() && !this.loaded()) return undefined;
      return { id: this.id(), edited: this.edited(), form: this.value(), lang: this.language(), run: this.runs() };
    },
    stream: ({ params }) => {
      const p = params!;
      const table$: Observable<ReportTable> =
        p.id && !p.edited ? this.api.result(p.id, p.lang) : this.api.preview(definitionInput(p.form, this.transloco.translate('reports.builder.untitled')), p.lang);
      return new Observable<Shown>((sub) => {
        if (p.form.measures.length === 0) {
          sub.next({ error: this.transloco.translate('reports.builder.pickMeasure') });
          sub.complete();
          return;
        }
        return table$.pipe(map((table): Shown => ({ table, live: !p.id || p.edited }))).subscribe({
          next: (v) => sub.next(v),
          error: (e: unknown) => {
            const problem = describeRequestError(e);
            sub.next({ error: problem?.kind === 'rejected' ? (problem.fields[0]?.message ?? problem.message ?? '') : this.transloco.translate('common.loadFailed') });
            sub.complete();
          },
          complete: () => sub.complete(),
        });
      });
    },
  });
  /** A past run picked from 运行记录: its snapshot replaces the live table until closed. */
  protected readonly shownRun = signal<ReportRun | null>(null);
  protected readonly table = computed(() => {
    const run = this.shownRun();
    if (run) return run.table;
    const v = this.preview.hasValue() ? this.preview.value() : null;
    return v && 'table' in v ? v.table : null;
  });
  protected readonly previewError = computed(() => {
    if (this.shownRun()) return '';
    const v = this.preview.hasValue() ? this.preview.value() : null;
    return v && 'error' in v ? v.error : '';
  });
  private readonly chartValue = toSignal(this.form.controls.chart.valueChanges, { initialValue: this.form.controls.chart.value });
  protected readonly option = computed(() => {
    const t = this.table();
    return t ? chartOption(t, this.chartValue()) : null;
  });
  protected readonly measureCols = computed(() => (this.table() ? measureColumns(this.table()!) : []));

  protected readonly history = rxResource({
    params: () => (this.loaded() ? { id: this.loaded()!.id, run: this.runs() } : undefined),
    stream: ({ params }) => this.api.runs(params!.id),
  });

  protected readonly busy = signal(false);
  protected readonly formError = signal('');
  protected readonly scheduleError = signal('');
  protected readonly confirmingDelete = signal(false);
  protected readonly savedNotice = signal('');

  constructor() {
    effect(() => {
      const r = this.loaded();
      if (r) untracked(() => this.apply(r));
    });
    effect(() => {
      if (!this.editable() || !this.canCreate()) {
        this.form.disable({ emitEvent: false });
        this.scheduling.disable({ emitEvent: false });
      } else {
        this.form.enable({ emitEvent: false });
        this.scheduling.enable({ emitEvent: false });
      }
    });
    this.form.valueChanges.subscribe(() => {
      if (this.form.dirty) this.edited.set(true);
    });
    // A refusal of range fields the new kind hides would otherwise keep the form invalid unseen.
    this.form.controls.rangeKind.valueChanges.subscribe(() => {
      for (const c of [this.form.controls.days, this.form.controls.from, this.form.controls.to]) c.updateValueAndValidity({ emitEvent: false });
    });
    // A second dimension that no longer fits the rows is dropped rather than refused.
    this.form.controls.rows.valueChanges.subscribe((rows) => {
      if (this.form.controls.columns.value && !columnChoices(rows).includes(this.form.controls.columns.value as never)) this.form.controls.columns.setValue('');
    });
  }

  private apply(r: ReportView): void {
    this.form.reset(formOfDefinition(r.definition));
    this.scheduling.reset(scheduleFormOf(r.schedule, r.recipients));
    this.edited.set(false);
  }

  protected measureText(value: unknown, col: ReportTable['columns'][number]): string {
    return cellText(value as never, col, this.language());
  }

  protected time(at: string): string {
    return formatDateTime(at, this.language());
  }

  protected run(): void {
    this.shownRun.set(null);
    this.runs.update((n) => n + 1);
  }

  protected save(): void {
    this.form.markAllAsTouched();
    if (this.form.invalid || this.busy()) return;
    this.busy.set(true);
    this.formError.set('');
    const body = definitionInput(this.form.getRawValue());
    const id = this.id();
    (id ? this.api.update(id, body) : this.api.create(body)).subscribe({
      next: (saved) => {
        this.busy.set(false);
        this.savedNotice.set(this.transloco.translate('reports.builder.saved'));
        if (id) {
          this.report.set(saved);
          this.run();
        } else void this.router.navigate(['/analytics/reports', saved.id], { replaceUrl: true });
      },
      error: (e: unknown) => this.refused(e, this.form, this.formError),
    });
  }

  protected toggleShare(shared: boolean): void {
    const id = this.id();
    if (!id) return;
    this.busy.set(true);
    this.api.share(id, shared).subscribe({
      next: (r) => {
        this.busy.set(false);
        this.report.set(r);
      },
      error: (e: unknown) => this.refused(e, null, this.formError),
    });
  }

  protected saveSchedule(): void {
    const id = this.id();
    this.scheduling.markAllAsTouched();
    if (!id || this.scheduling.invalid || this.busy()) return;
    this.busy.set(true);
    this.scheduleError.set('');
    this.api.schedule(id, scheduleInput(this.scheduling.getRawValue())).subscribe({
      next: (r) => {
        this.busy.set(false);
        this.report.set(r);
        this.savedNotice.set(this.transloco.translate('reports.schedule.saved'));
      },
      error: (e: unknown) => this.refused(e, this.scheduling, this.scheduleError),
    });
  }

  protected remove(): void {
    const id = this.id();
    if (!id) return;
    this.busy.set(true);
    this.api.remove(id).subscribe({
      next: () => void this.router.navigate(['/analytics/reports']),
      error: (e: unknown) => this.refused(e, null, this.formError),
    });
  }

  protected exportReport(): void {
    const id = this.id();
    if (id) openExportDialog(this.dialog, { kind: 'custom-report', params: { reportId: id } });
  }

  /** A refusal on its field when the backend named one, else above the form. */
  private refused(e: unknown, form: FormGroup | null, message: WritableSignal<string>): void {
    this.busy.set(false);
    const problem = describeRequestError(e);
    const fields: readonly FieldError[] = problem?.kind === 'rejected' ? problem.fields : [];
    const failure = formFailure(e, form, fieldAliases(fields));
    if (!failure) return;
    if (failure.unplaced.length > 0) message.set(failure.unplaced.map((f) => f.message).join(' '));
    else if (fields.length === 0) message.set(failure.message ?? this.transloco.translate('common.loadFailed'));
  }
}
