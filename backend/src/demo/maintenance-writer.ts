import type { INestApplication } from '@nestjs/common';
import type { CommandContext } from '../event-sourcing/command-context';
import type { DemoWorld, PlannedDevice, PlannedEnterprise } from './demo-world';
import type { PlannedWorkOrder } from './work-order-plan';

export class MaintenanceWriter {
  constructor(
    readonly app: INestApplication,
    readonly world: DemoWorld,
    readonly execute: <R>(command: object) => Promise<R>,
    readonly context: (key: string, userId: string, at: number | string) => CommandContext,
  ) {}
  async profiles(_p: PlannedEnterprise, _i: number, _at: number): Promise<void> {}
  async device(_d: PlannedDevice): Promise<void> {}
  async workOrder(_o: PlannedWorkOrder): Promise<void> {}
}
