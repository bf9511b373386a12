import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { IllegalTransition, RuleViolation, type Party } from '@kuaige/domain';
import { digestUuid } from '@kuaige/eventsourcing';
import type { CommandContext } from '../../event-sourcing/command-context';
import { stepOf } from '../../tenancy/application/event-scope';
import type { SheetFormat } from '../../tabular';
import { RegisterDevice, newQrToken } from './device.commands';
import { deviceSheet, type DeviceSheetRow } from './device-sheet';

// ---- Bulk registration of devices from the device sheet (DEV-1) ---------------------------------
// Row by row: a row that fails is reported with its row number, column and rule, the others go ahead.
// Each row's device id and command id derive from the request's, so importing the same file again
// under the same key registers nothing twice.

export interface RejectedDeviceRow {
  readonly row: number;
  readonly field: string;
  readonly rule: string;
  readonly message: string;
}

export interface DeviceImportReport {
  readonly imported: number;
  readonly created: readonly { readonly row: number; readonly deviceId: string; readonly number: string }[];
  readonly rejected: readonly RejectedDeviceRow[];
}

export class ImportDevices extends Command<DeviceImportReport> {
  constructor(
    readonly data: { by: Party; bytes: Uint8Array; format: SheetFormat; at: string },
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** The sheet column a decider's field stands for. */
const columnOf = (field: string): string => {
  const head = field.split('.')[0]!;
  if (head === 'coordinates') return field.endsWith('lng') ? 'lng' : 'lat';
  return head === 'by' ? 'row' : head;
};

@CommandHandler(ImportDevices)
export class ImportDevicesHandler implements ICommandHandler<ImportDevices> {
  constructor(private readonly commands: CommandBus) {}

  async execute({ data, context }: ImportDevices): Promise<DeviceImportReport> {
    const sheet = deviceSheet.readSheet(data.bytes, { format: data.format, maxRows: 2000 });
    const rejected: RejectedDeviceRow[] = sheet.errors.map(({ row, field, rule, message }) => ({ row, field, rule, message }));
    const created: { row: number; deviceId: string; number: string }[] = [];
    const commandId = context.commandId ?? digestUuid('device-import', data.at);
    for (const { row, values } of sheet.rows) {
      const deviceId = digestUuid(commandId, 'device', String(row));
      try {
        await this.commands.execute(new RegisterDevice(deviceId, this.registrationOf(values, data), stepOf({ ...context, commandId }, `row-${row}`)));
        created.push({ row, deviceId, number: values.number });
      } catch (error) {
        rejected.push(rejectionOf(row, error));
      }
    }
    rejected.sort((a, b) => a.row - b.row);
    return { imported: created.length, created, rejected };
  }

  private registrationOf(v: DeviceSheetRow, data: ImportDevices['data']): RegisterDevice['data'] {
    const coordinates = v.lat === undefined && v.lng === undefined ? null : { lat: v.lat ?? Number.NaN, lng: v.lng ?? Number.NaN };
    return {
      number: v.number,
      name: v.name,
      model: v.model,
      type: v.type,
      spec: v.spec ?? '',
      parameters: v.parameters ?? [],
      project: v.project ?? null,
      manufacturedOn: v.manufacturedOn ?? null,
      warrantyMonths: v.warrantyMonths ?? 12,
      countyCode: v.countyCode,
      address: v.address,
      coordinates,
      by: data.by,
      manufacturerId: null,
      soldOn: v.soldOn ?? null,
      images: [],
      qrToken: newQrToken(),
      at: data.at,
    };
  }
}

/** Refusals of a row's command become its line in the report; anything else is a fault and propagates. */
const rejectionOf = (row: number, error: unknown): RejectedDeviceRow => {
  if (error instanceof RuleViolation) {
    const field = String((error as { field?: unknown }).field ?? 'row');
    return { row, field: columnOf(field), rule: error.rule, message: `row ${row}: ${error.message}` };
  }
  if (error instanceof IllegalTransition) return { row, field: 'row', rule: 'already-imported', message: `row ${row}: ${error.message}` };
  throw error;
};
