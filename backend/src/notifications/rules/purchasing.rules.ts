import type { LowStockDetected } from '@kuaige/domain';
import { rule, type NotificationRule } from './notification-rule';

// ---- Rules for the enterprise's stock: a part × warehouse fell below its minimum -------------------
// Told to the enterprise's people who decide its purchases (purchase-request:approve: its warehouse
// managers and admins); the notice links to the low-stock dashboard, not to a work order.

export const PURCHASING_RULES: readonly NotificationRule[] = [
  rule<LowStockDetected>({
    eventType: 'LowStockDetected',
    template: 'purchasing.low-stock',
    channels: [],
    subject: (event) =>
      Promise.resolve({
        workOrderId: '',
        number: event.data.partCode,
        deviceName: event.data.partName,
        link: { kind: 'low-stock', id: `${event.data.warehouseId}:${event.data.partId}` },
      }),
    recipients: (event, lookups) => lookups.enterpriseUsers(event.data.enterpriseId, 'purchase-request:approve'),
    params: (event) => ({
      warehouse: event.data.warehouseName,
      available: String(event.data.available),
      minimum: String(event.data.minimum),
    }),
  }),
];
