import { Controller, Get, Param, Query, StreamableFile, UseFilters } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { QueryBus } from '@nestjs/cqrs';
import { Clock } from '../../identity/clock';
import { MEDIA_TYPES } from '../../tabular';
import { CurrentActor, inScope, Permit, scopedFilter, type Actor } from '../../tenancy/api/authorization';
import { GetDeviceHistory, historyPdf, historyXlsx, type DeviceHistory } from '../application/device-history';
import { DispatchErrorFilter } from './dispatch-error.filter';
import { DispatchScope } from './dispatch-scope';
import { HistoryQueryDto } from './dto/dispatch.dto';
import { RecordsAccess } from '../../audit/trail/recording/recorded-access';

/** RFC 6266: an ASCII name for old clients, the UTF-8 one for the rest. */
const attachment = (name: string, ascii: string) => `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;

/** /api/v1/devices/:id/history — a device's maintenance history (WO-12), as JSON, XLSX or PDF. */
@ApiTags('dispatch')
@Controller('api/v1/devices/:id/history')
@UseFilters(DispatchErrorFilter)
export class DeviceHistoryController {
  constructor(
    private readonly queries: QueryBus,
    private readonly scope: DispatchScope,
    private readonly clock: Clock,
  ) {}

  @Get()
  @Permit('device:read')
  @RecordsAccess({ kind: 'export', resource: 'device-history', defaultFormat: 'json' })
  @ApiOperation({
    summary:
      'The device’s work orders I may read, newest first, with their processing records (?format=json|xlsx|pdf&language=zh-CN|en); files need work-order:export on the device’s scope too',
  })
  @ApiProduces('application/json', MEDIA_TYPES.xlsx, 'application/pdf')
  @ApiOkResponse({
    description:
      '{ device: { id, number, name, model, type, countyCode, placeName }, items: [{ id, number, status, priority, faultType, faultSummary, submittedAt, completedAt, closedAt, provider, engineer, userScore, manufacturerScore, records: [{ recordId, engineerId, steps, parts, tools, cause, result, at, editedAt }] }], total, truncated }, or the file',
  })
  async history(@CurrentActor() actor: Actor, @Param('id') id: string, @Query() query: HistoryQueryDto): Promise<DeviceHistory | StreamableFile> {
    const device = await this.scope.device(actor, id);
    const format = query.format ?? 'json';
    // A file leaves the product: exporting is a permission of its own, on the device's owners and region.
    if (format !== 'json') inScope(actor, 'export', 'WorkOrder', { scope: device.scope });
    const history = await this.queries.execute(new GetDeviceHistory(device, scopedFilter(actor, 'read', 'WorkOrder')));
    if (format === 'json') return history;
    const language = query.language ?? 'zh-CN';
    const now = this.clock.now();
    const file = format === 'xlsx' ? historyXlsx(history, language) : historyPdf(history, language, now);
    const stem = `${history.device.number || history.device.id}-${now.toISOString().slice(0, 10)}`;
    return new StreamableFile(file, {
      type: format === 'xlsx' ? MEDIA_TYPES.xlsx : 'application/pdf',
      disposition: attachment(`${language === 'zh-CN' ? '维修履历' : 'maintenance-history'}-${stem}.${format}`, `maintenance-history-${stem}.${format}`.replace(/[^\x20-\x7e]|"/g, '_')),
      length: file.length,
    });
  }
}
