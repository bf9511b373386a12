import { deviceStream, type DeviceSnapshot, type RegisteredDevice } from '@kuaige/domain';
import type { AggregateStreams } from '../../event-sourcing/aggregate-streams';
import { devices } from '../rules/device-rules';

// ---- What other contexts read of a device, from its own stream -----------------------------------

/** The device's state folded from its stream; null when no device has this id. */
export const loadDevice = async (streams: AggregateStreams, deviceId: string): Promise<RegisteredDevice | null> => {
  const { state } = await streams.load(deviceStream(deviceId), devices);
  return state.status === 'unregistered' ? null : state;
};

export const snapshotOf = (d: RegisteredDevice): DeviceSnapshot => ({
  deviceId: d.deviceId,
  number: d.number,
  name: d.name,
  model: d.model,
  type: d.type,
  ownerId: d.ownerId,
  manufacturerId: d.manufacturerId,
  countyCode: d.countyCode,
  jurisdiction: d.jurisdiction,
  coordinates: d.coordinates,
  soldOn: d.soldOn,
  warrantyEndsOn: d.warrantyEndsOn,
  status: d.status,
});

/**
 * The device as a work order keeps it when the request is raised (work-orders' SubmitMaintenanceRequest
 * handler); null = no such device. Read from the stream, not the read model, so a request raised right
 * after the registration sees the device.
 */
export const loadDeviceSnapshot = async (streams: AggregateStreams, deviceId: string): Promise<DeviceSnapshot | null> => {
  const device = await loadDevice(streams, deviceId);
  return device === null ? null : snapshotOf(device);
};
