import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import type { ReadModelStore } from '@kuaige/projections';
import { BlobReadPolicies } from '../blobs/blob-read-policy';
import { BlobStorageModule } from '../blobs/blobs.module';
import { READ_MODEL_STORE } from '../event-sourcing/event-sourcing.tokens';
import { IdentityModule } from '../identity/identity.module';
import { ActorDirectory } from '../tenancy/api/authorization';
import { readableWithRow } from '../tenancy/api/scoped-blob-policy';
import { TenancyModule } from '../tenancy/tenancy.module';
import { DevicesController } from './api/devices.controller';
import { PublicDevicesController } from './api/public-devices.controller';
import { DEVICE_COMMAND_HANDLERS } from './application/device.commands';
import { ImportDevicesHandler } from './application/device-import';
import { WarrantyReminders } from './application/warranty-reminders';
import { DEVICE_QUERY_HANDLERS } from './read-models/devices.queries';

/**
 * Device registry, QR labels, warranty reminders (DEV-1, DEV-7): the command side on the CommandBus,
 * queries on the QueryBus, the daily reminder job. Its projections are in DEVICES_PROJECTIONS (read-side.ts).
 */
@Module({
  imports: [IdentityModule, TenancyModule, BlobStorageModule],
  controllers: [DevicesController, PublicDevicesController],
  providers: [...DEVICE_COMMAND_HANDLERS, ImportDevicesHandler, ...DEVICE_QUERY_HANDLERS, WarrantyReminders],
  exports: [WarrantyReminders],
})
export class DevicesModule implements OnModuleInit {
  constructor(
    private readonly policies: BlobReadPolicies,
    private readonly actors: ActorDirectory,
    private readonly reminders: WarrantyReminders,
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
  ) {}

  /** A device's photos are readable by whoever may read the device; the reminder job is installed. */
  async onModuleInit(): Promise<void> {
    this.policies.register(readableWithRow(this.actors, this.store, 'devices', 'Device', (blobId) => ({ images: blobId })));
    await this.reminders.install();
  }
}
