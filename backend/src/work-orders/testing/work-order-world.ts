// A device to raise work orders for, registered through the device's own decider as its owner would,
// for specs that drive work orders through the API.
import { randomUUID } from 'node:crypto';
import { deviceStream, type DeviceCommand } from '@kuaige/domain';
import { jurisdictionOf } from '@kuaige/tenancy';
import { AggregateStreams } from '../../event-sourcing/aggregate-streams';
import type { IdentityApp } from '../../identity/testing/identity-app';
import { devices } from '../../devices/rules/device-rules';

let deviceCounter = 0;

/** Registers a device that `owner` (an equipment user) runs, made by `manufacturerId`, in `countyCode`. */
export const registerDevice = async (
  t: IdentityApp,
  owner: { enterpriseId: string; userId: string },
  manufacturerId: string | null,
  countyCode: string,
  name = '1号空压机',
): Promise<string> => {
  const deviceId = randomUUID();
  const at = t.clock.now().toISOString();
  const command: DeviceCommand = {
    type: 'RegisterDevice',
    data: {
      deviceId,
      number: `SN-${process.pid}-${++deviceCounter}`,
      name,
      model: 'GA-37',
      type: 'air-compressor',
      spec: '37kW',
      parameters: [],
      project: null,
      manufacturedOn: null,
      warrantyMonths: 12,
      countyCode,
      address: '科技园 1 号',
      coordinates: { lat: 22.54, lng: 113.93 },
      by: { kind: 'enterprise', enterpriseId: owner.enterpriseId, userId: owner.userId },
      byKind: 'equipment-user',
      manufacturerId,
      manufacturerKind: manufacturerId === null ? null : 'manufacturer',
      soldOn: null,
      images: [],
      qrToken: randomUUID().replaceAll('-', ''),
      at,
    },
  };
  await t.app.get(AggregateStreams).handle(deviceStream(deviceId), command, devices, {
    actor: { userId: owner.userId, enterpriseId: owner.enterpriseId },
    tenantIds: [owner.enterpriseId, ...(manufacturerId ? [manufacturerId] : [])],
    jurisdiction: jurisdictionOf(countyCode),
  });
  return deviceId;
};
