import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  deviceNumberClaim,
  deviceNumberClaimStream,
  DeviceRuleViolation,
  deviceStream,
  type DeviceCommand,
  type DeviceEvent,
  type DeviceImage,
  type DeviceState,
  type RegisteredDevice,
} from '@kuaige/domain';
import { AggregateStreams, type CommandResult } from '../../event-sourcing/aggregate-streams';
import { BlobReferences } from '../../blobs/blob-references';
import type { CommandContext } from '../../event-sourcing/command-context';
import { regionsOf, scopedTo, stepOf } from '../../tenancy/application/event-scope';
import { devices } from '../rules/device-rules';
import { kindOfEnterprise } from './enterprise-kinds';

// ---- The device's commands on the CommandBus: one message and one thin handler each -------------
// Handlers read what the decider must know from other streams (the kinds of the enterprises named),
// check blob references, and file the events under the device's tenants and jurisdiction.

export type DeviceOutcome = CommandResult<DeviceEvent, DeviceState>;
type DataOf<T extends DeviceCommand['type']> = Extract<DeviceCommand, { type: T }>['data'];

/** An unguessable token for the device's QR label: 128 random bits, URL-safe. */
export const newQrToken = (): string => randomBytes(16).toString('base64url');

const tenantsOf = (d: Pick<RegisteredDevice, 'ownerId' | 'manufacturerId'>): string[] =>
  [d.ownerId, d.manufacturerId].filter((id, i, all): id is string => id !== null && all.indexOf(id) === i);

abstract class DeviceMessage<T extends DeviceCommand['type'], D = DataOf<T>> extends Command<DeviceOutcome> {
  abstract readonly type: T;
  constructor(
    readonly deviceId: string,
    readonly data: D,
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class RegisterDevice extends DeviceMessage<'RegisterDevice', Omit<DataOf<'RegisterDevice'>, 'deviceId' | 'byKind' | 'manufacturerKind'>> {
  readonly type = 'RegisterDevice';
}
export class UpdateDevice extends DeviceMessage<'UpdateDevice'> {
  readonly type = 'UpdateDevice';
}
export class SellDevice extends DeviceMessage<'SellDevice', Omit<DataOf<'SellDevice'>, 'ownerKind'>> {
  readonly type = 'SellDevice';
}
export class ChangeDeviceStatus extends DeviceMessage<'ChangeDeviceStatus'> {
  readonly type = 'ChangeDeviceStatus';
}
export class ChangeDeviceImages extends DeviceMessage<'ChangeDeviceImages'> {
  readonly type = 'ChangeDeviceImages';
}
export class ChangeDevicePublicRequests extends DeviceMessage<'ChangeDevicePublicRequests'> {
  readonly type = 'ChangeDevicePublicRequests';
}
export class RetireDevice extends DeviceMessage<'RetireDevice'> {
  readonly type = 'RetireDevice';
}
export class NoticeWarrantyExpiry extends DeviceMessage<'NoticeWarrantyExpiry'> {
  readonly type = 'NoticeWarrantyExpiry';
}

/** Refuses images the acting user did not upload, or that are not what the reference says. */
const checkImages = async (blobs: BlobReferences, images: readonly DeviceImage[], userId: string, known: readonly DeviceImage[] = []): Promise<void> => {
  for (const [i, image] of images.entries()) {
    // Photos already on the device stay, whoever of its holders uploaded them.
    if (known.some((k) => k.blobId === image.blobId)) continue;
    const problem = await blobs.problemWith(image, userId);
    if (problem) throw new DeviceRuleViolation(`image-${problem.rule}`, `images.${i}.${problem.part}`, problem.message);
  }
};

/**
 * Registers a device: the decider decides on the empty stream first (pure), then the images are
 * checked and the registrant's number claimed, then the device is written. Every step's command id
 * derives from the request's, so a retry completes an interrupted registration and duplicates nothing.
 */
@CommandHandler(RegisterDevice)
export class RegisterDeviceHandler implements ICommandHandler<RegisterDevice, DeviceOutcome> {
  constructor(
    private readonly streams: AggregateStreams,
    private readonly blobs: BlobReferences,
  ) {}

  async execute(m: RegisterDevice): Promise<DeviceOutcome> {
    const { by, manufacturerId } = m.data;
    const registrantId = by.kind === 'enterprise' ? by.enterpriseId : null;
    const command: DeviceCommand = {
      type: 'RegisterDevice',
      data: {
        ...m.data,
        deviceId: m.deviceId,
        byKind: registrantId === null ? null : await kindOfEnterprise(this.streams, registrantId),
        manufacturerKind: manufacturerId === null ? null : await kindOfEnterprise(this.streams, manufacturerId),
      },
    };
    const { state } = await this.streams.load(deviceStream(m.deviceId), devices);
    const context = { ...m.context, commandId: m.context.commandId ?? `register-device:${m.deviceId}` };
    if (state.status === 'unregistered') {
      const [registered] = devices.decide(command, state) as [Extract<DeviceEvent, { type: 'DeviceRegistered' }>];
      await checkImages(this.blobs, m.data.images, by.kind === 'enterprise' ? by.userId : '');
      const { number, registrantId: holder } = registered.data;
      await this.streams.handle(
        deviceNumberClaimStream(holder, number),
        { type: 'ClaimDeviceNumber', data: { registrantId: holder, number, deviceId: m.deviceId, at: m.data.at } },
        deviceNumberClaim,
        scopedTo(stepOf(context, 'number'), [holder], regionsOf(m.data.countyCode)),
      );
      return this.streams.handle(deviceStream(m.deviceId), command, devices, scopedTo(context, tenantsOf(registered.data), registered.data.jurisdiction));
    }
    // Registered already: a retry finds its events, another request is refused by the decider.
    return this.streams.handle(deviceStream(m.deviceId), command, devices, scopedTo(context, tenantsOf(state), state.jurisdiction));
  }
}

/** Loads the device, completes the command with what the stream and other streams say, and handles it. */
@Injectable()
abstract class OnDevice<M extends DeviceMessage<DeviceCommand['type'], object>> {
  constructor(protected readonly streams: AggregateStreams) {}

  protected abstract commandOf(m: M, device: RegisteredDevice | null): Promise<DeviceCommand>;

  async execute(m: M): Promise<DeviceOutcome> {
    const { state } = await this.streams.load(deviceStream(m.deviceId), devices);
    const device = state.status === 'unregistered' ? null : state;
    const command = await this.commandOf(m, device);
    // The events are filed under the scope the device has after them (a sale adds the owner, a move
    // changes the county). A command the decider refuses here is handled all the same: a retry is
    // answered from the events it appended, anything else refused with the same error.
    let after: DeviceState;
    try {
      after = devices.decide(command, state).reduce(devices.evolve, state);
    } catch {
      after = state;
    }
    const scoped = after.status === 'unregistered' ? m.context : scopedTo(m.context, tenantsOf(after), after.jurisdiction);
    return this.streams.handle(deviceStream(m.deviceId), command, devices, scoped);
  }
}

const plain = async (m: DeviceMessage<DeviceCommand['type'], object>): Promise<DeviceCommand> => ({ type: m.type, data: m.data }) as DeviceCommand;

@CommandHandler(UpdateDevice)
export class UpdateDeviceHandler extends OnDevice<UpdateDevice> {
  protected commandOf = plain;
}

@CommandHandler(SellDevice)
export class SellDeviceHandler extends OnDevice<SellDevice> {
  protected async commandOf(m: SellDevice): Promise<DeviceCommand> {
    return { type: 'SellDevice', data: { ...m.data, ownerKind: await kindOfEnterprise(this.streams, m.data.ownerId) } };
  }
}

@CommandHandler(ChangeDeviceStatus)
export class ChangeDeviceStatusHandler extends OnDevice<ChangeDeviceStatus> {
  protected commandOf = plain;
}

@CommandHandler(ChangeDeviceImages)
export class ChangeDeviceImagesHandler extends OnDevice<ChangeDeviceImages> {
  constructor(
    streams: AggregateStreams,
    private readonly blobs: BlobReferences,
  ) {
    super(streams);
  }
  protected async commandOf(m: ChangeDeviceImages, device: RegisteredDevice | null): Promise<DeviceCommand> {
    // Only the device's holders get this far with a check that matters: others are refused by the decider.
    if (device !== null && m.data.by.kind === 'enterprise' && [device.ownerId, device.manufacturerId].includes(m.data.by.enterpriseId))
      await checkImages(this.blobs, m.data.images, m.data.by.userId, device.images);
    return { type: 'ChangeDeviceImages', data: m.data };
  }
}

@CommandHandler(ChangeDevicePublicRequests)
export class ChangeDevicePublicRequestsHandler extends OnDevice<ChangeDevicePublicRequests> {
  protected commandOf = plain;
}

@CommandHandler(RetireDevice)
export class RetireDeviceHandler extends OnDevice<RetireDevice> {
  protected commandOf = plain;
}

@CommandHandler(NoticeWarrantyExpiry)
export class NoticeWarrantyExpiryHandler extends OnDevice<NoticeWarrantyExpiry> {
  protected commandOf = plain;
}

export const DEVICE_COMMAND_HANDLERS = [
  RegisterDeviceHandler,
  UpdateDeviceHandler,
  SellDeviceHandler,
  ChangeDeviceStatusHandler,
  ChangeDeviceImagesHandler,
  ChangeDevicePublicRequestsHandler,
  RetireDeviceHandler,
  NoticeWarrantyExpiryHandler,
];

