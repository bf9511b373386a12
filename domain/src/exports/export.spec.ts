import { deciderSpec } from '@kuaige/testkit';
import { IllegalTransition } from '../event-sourcing/decider';
import { exportDecider, type ExportEvent, type ExportFailed, type ExportProgressed, type ExportRequested } from './export';

const at = '2026-12-01T08:00:00.000Z';
const exportId = 'e1';
const requested: ExportRequested = {
  type: 'ExportRequested',
  data: { exportId, kind: 'work-orders', format: 'xlsx', params: { region: '4403' }, locale: 'zh-CN', title: '工单', requester: { userId: 'u1', context: { kind: 'operator', id: 'n1' } }, expectedRows: 1000, at },
};
const unknownTotal: ExportRequested = { type: 'ExportRequested', data: { ...requested.data, expectedRows: null } };
const progressed = (rows: number, percent: number | null): ExportProgressed => ({ type: 'ExportProgressed', data: { exportId, rows, of: percent === null ? null : 1000, percent, at } });
const file = { exportId, rows: 1000, size: 4096, sha256: 'a'.repeat(64), fileName: '工单.xlsx', mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', at, expiresAt: '2026-12-02T08:00:00.000Z' };
const completed: ExportEvent = { type: 'ExportCompleted', data: file };
const failed: ExportFailed = { type: 'ExportFailed', data: { exportId, reason: 'source unavailable', at } };
const expired: ExportEvent = { type: 'ExportExpired', data: { exportId, at } };

describe('export', () => {
  const given = deciderSpec(exportDecider);

  it('is requested once: the same request again adds nothing', () => {
    given([]).when({ type: 'RequestExport', data: requested.data }).then([requested]);
    given([requested]).when({ type: 'RequestExport', data: requested.data }).then([]);
  });

  it('records progress in coarse checkpoints: every 5 % of a known total', () => {
    given([requested]).when({ type: 'RecordExportProgress', data: progressed(50, 5).data }).then([progressed(50, 5)]);
    given([requested, progressed(50, 5)]).when({ type: 'RecordExportProgress', data: progressed(80, 8).data }).then([]);
    given([requested, progressed(50, 5)]).when({ type: 'RecordExportProgress', data: progressed(100, 10).data }).then([progressed(100, 10)]);
  });

  it('records progress every 10,000 rows when the total is unknown', () => {
    given([unknownTotal]).when({ type: 'RecordExportProgress', data: progressed(9_999, null).data }).then([]);
    given([unknownTotal]).when({ type: 'RecordExportProgress', data: progressed(10_000, null).data }).then([progressed(10_000, null)]);
  });

  it('never goes backwards: a restarted job reports nothing until it passes the last checkpoint', () => {
    given([requested, progressed(500, 50)]).when({ type: 'RecordExportProgress', data: progressed(60, 6).data }).then([]);
  });

  it('leaves 100 % to the completion', () => {
    given([requested, progressed(950, 95)]).when({ type: 'RecordExportProgress', data: progressed(1000, 100).data }).then([]);
  });

  it('completes once: the same file again (a retried job) records nothing, another file is refused', () => {
    given([requested, progressed(500, 50)]).when({ type: 'CompleteExport', data: file }).then([completed]);
    given([requested, completed]).when({ type: 'CompleteExport', data: file }).then([]);
    given([requested, completed]).when({ type: 'CompleteExport', data: { ...file, sha256: 'b'.repeat(64) } }).thenThrows(IllegalTransition);
  });

  it('ignores progress and failure reported after the end', () => {
    given([requested, completed]).when({ type: 'RecordExportProgress', data: progressed(1000, 50).data }).then([]);
    given([requested, completed]).when({ type: 'FailExport', data: failed.data }).then([]);
    given([requested, failed]).when({ type: 'FailExport', data: failed.data }).then([]);
  });

  it('fails a running export with its reason', () => {
    given([requested]).when({ type: 'FailExport', data: failed.data }).then([failed]);
  });

  it('expires a completed export once, and only a completed one', () => {
    given([requested, completed]).when({ type: 'ExpireExport', data: { exportId, at } }).then([expired]);
    given([requested, completed, expired]).when({ type: 'ExpireExport', data: { exportId, at } }).then([]);
    given([requested]).when({ type: 'ExpireExport', data: { exportId, at } }).thenThrows(IllegalTransition);
    given([requested, failed]).when({ type: 'ExpireExport', data: { exportId, at } }).thenThrows(IllegalTransition);
  });

  it('refuses anything but a request on an export that does not exist', () => {
    given([]).when({ type: 'RecordExportProgress', data: progressed(1, 1).data }).thenThrows(IllegalTransition);
    given([]).when({ type: 'CompleteExport', data: file }).thenThrows(IllegalTransition);
    given([]).when({ type: 'FailExport', data: failed.data }).thenThrows(IllegalTransition);
  });
});
