import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { IllegalTransition, RuleViolation, type Party } from '@kuaige/domain';
import { digestUuid } from '@kuaige/eventsourcing';
import type { CommandContext } from '../../event-sourcing/command-context';
import { stepOf } from '../../tenancy/application/event-scope';
import type { SheetFormat } from '../../tabular';
import { RegisterPart } from './inventory.commands';
import { partSheet } from './part-sheet';

// ---- Bulk registration of parts from the parts sheet (INV-1) ----------------------------------------
// Row by row: a row that fails is reported with its row number, column and rule, the others go ahead.
// Each row's part id and command id derive from the request's, so importing the same file again under
// the same key registers nothing twice (and the codes the catalogue gave stay the same).

export interface RejectedPartRow {
  readonly row: number;
  readonly field: string;
  readonly rule: string;
  readonly message: string;
}

export interface PartImportReport {
  readonly imported: number;
  readonly created: readonly { readonly row: number; readonly partId: string; readonly code: string }[];
  readonly rejected: readonly RejectedPartRow[];
}

export class ImportParts extends Command<PartImportReport> {
  constructor(
    readonly data: { by: Party; bytes: Uint8Array; format: SheetFormat; at: string },
    readonly context: CommandContext,
  ) {
    super();
  }
}

const SHEET_FIELDS = new Set(['code', 'categoryCode', 'name', 'model', 'spec', 'maker', 'unit', 'safetyStock', 'suppliers', 'compatibleModels']);
/** The sheet column a decider's field stands for (`suppliers.0.priceFen` → suppliers). */
const columnOf = (field: string): string => {
  const head = field.split('.')[0]!;
  return SHEET_FIELDS.has(head) ? head : 'row';
};

@CommandHandler(ImportParts)
export class ImportPartsHandler implements ICommandHandler<ImportParts> {
  constructor(private readonly commands: CommandBus) {}

  async execute({ data, context }: ImportParts): Promise<PartImportReport> {
    const sheet = partSheet.readSheet(data.bytes, { format: data.format, maxRows: 5000 });
    const rejected: RejectedPartRow[] = sheet.errors.map(({ row, field, rule, message }) => ({ row, field, rule, message }));
    const created: { row: number; partId: string; code: string }[] = [];
    const commandId = context.commandId ?? digestUuid('part-import', data.at);
    for (const { row, values: v } of sheet.rows) {
      const partId = digestUuid(commandId, 'part', String(row));
      try {
        const outcome = await this.commands.execute(
          new RegisterPart(
            partId,
            {
              categoryCode: v.categoryCode,
              code: v.code ?? null,
              name: v.name,
              model: v.model ?? '',
              spec: v.spec ?? '',
              maker: v.maker ?? '',
              unit: v.unit,
              safetyStock: v.safetyStock ?? 0,
              suppliers: v.suppliers ?? [],
              compatibleModels: v.compatibleModels ?? [],
              by: data.by,
              at: data.at,
            },
            stepOf({ ...context, commandId }, `row-${row}`),
          ),
        );
        created.push({ row, partId, code: outcome.state.status === 'registered' ? outcome.state.code : '' });
      } catch (error) {
        rejected.push(rejectionOf(row, error));
      }
    }
    rejected.sort((a, b) => a.row - b.row);
    return { imported: created.length, created, rejected };
  }
}

/** Refusals of a row's command become its line in the report; anything else is a fault and propagates. */
const rejectionOf = (row: number, error: unknown): RejectedPartRow => {
  if (error instanceof RuleViolation) {
    const field = String((error as { field?: unknown }).field ?? 'row');
    return { row, field: columnOf(field), rule: error.rule, message: `row ${row}: ${error.message}` };
  }
  if (error instanceof IllegalTransition) return { row, field: 'row', rule: 'already-imported', message: `row ${row}: ${error.message}` };
  throw error;
};
