import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { operatorNodeStream } from '@kuaige/domain';
import { digestUuid } from '@kuaige/eventsourcing';
import { visibleRows, type ReadModelStore } from '@kuaige/projections';
import { UploadBlob } from '../blobs/blobs.commands';
import { AggregateStreams } from '../event-sourcing/aggregate-streams';
import { ClientCommand } from '../event-sourcing/client-command';
import type { CommandContext } from '../event-sourcing/command-context';
import { READ_MODEL_STORE } from '../event-sourcing/event-sourcing.tokens';
import { RegisterAccount } from '../identity/application/account.commands';
import { ClaimMobileNumber } from '../identity/application/mobile-number.commands';
import { PasswordHasher } from '../identity/crypto';
import { IDENTITY_CONFIG } from '../identity/identity.tokens';
import type { IdentityConfig } from '../identity/identity.config';
import { PersonalData } from '../identity/personal-data';
import { ReadModelFreshness } from '../identity/read-models/read-model-freshness';
import { ApproveEnterprise, RegisterEnterprise } from '../tenancy/application/enterprise.commands';
import { ApproveMembership, RequestToJoin } from '../tenancy/application/membership.commands';
import { CreateOperatorNode, operatorNodes } from '../tenancy/application/operator-node.commands';
import { AppointOperatorStaff } from '../tenancy/application/operator-staff.commands';
import { encryptedContacts } from '../tenancy/api/operator-contacts';
import { divisionTree } from '../tenancy/division-data';
import { DEMO_PASSWORD } from './demo-password';
import { peopleOf, planWorld, type AnchorEnterprise, type DemoAnchors, type DemoScale, type DemoWorld, type PlannedEnterprise } from './demo-world';
import { writeInBulk, type BulkReport } from './bulk-writer';
import { MaintenanceWriter } from './maintenance-writer';
import { planWorkOrder } from './work-order-plan';

// ---- The demo generator: the planned world written as commands on the CommandBus, in process -------
//
// Every command's id derives from the seed and what it does (`demo/<seed>/<key>`), so a run that was
// stopped and started again with the same arguments appends nothing twice and carries on where it
// stopped; its progress is recorded in the data directory (`demo-generation.json`), and a run with
// other arguments into that directory is refused (its world would not be the recorded one). Commands
// run in batches of `concurrency` independent aggregates at a time, so the event store's group commit
// fills its transactions.

export const GENERATION_FILE = 'demo-generation.json';
/** In bulk mode, a file of this name in the data directory ends the run at its next batch (resumable). */
export const STOP_FILE = 'demo-generation.stop';

export interface GenerationOptions {
  readonly workOrders: number;
  readonly seed: number;
  /** ISO date the world ends at; recorded, so that a resumed run plans the same times. */
  readonly until?: string;
  /** Aggregates written at once (default 32). */
  readonly concurrency?: number;
  /** Called at most once a second per phase, and when a phase ends. */
  readonly progress?: (p: GenerationProgress) => void;
  /** The enterprises `./run start` seeded, taken into the world as its first of each kind. */
  readonly anchors?: DemoAnchors;
  /**
   * Devices and work orders decided in memory and committed in large batches, with the read side
   * paused and the SLA reaction answered in the run (bulk-writer.ts); the read models catch up after.
   */
  readonly bulk?: boolean;
}

export interface GenerationProgress {
  readonly phase: string;
  readonly done: number;
  readonly total: number;
  readonly perSecond: number;
}

export interface GenerationRecord {
  readonly seed: number;
  readonly workOrders: number;
  readonly until: string;
  /** Work orders below this index are written. */
  readonly ordersDone: number;
  readonly completed: boolean;
}

export interface GenerationReport extends GenerationRecord {
  readonly world: DemoWorld;
  readonly seconds: number;
  readonly commands: number;
  /** What the bulk mode wrote and which reactions' checkpoints it moved. */
  readonly bulk?: BulkReport;
}

/** Another run was recorded in this data directory with other arguments. */
export class GenerationMismatch extends Error {
  constructor(recorded: GenerationRecord) {
    super(`this data directory holds demo data of --seed ${recorded.seed} --work-orders ${recorded.workOrders} --until ${recorded.until}; use those arguments to resume, or another DATA_DIR`);
    this.name = 'GenerationMismatch';
  }
}

export const readGenerationRecord = (dataDir: string): GenerationRecord | null => {
  const file = join(dataDir, GENERATION_FILE);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as GenerationRecord) : null;
};

const writeGenerationRecord = (dataDir: string, record: GenerationRecord) => {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, GENERATION_FILE);
  writeFileSync(`${file}.tmp`, JSON.stringify(record, null, 2));
  renameSync(`${file}.tmp`, file);
};

/** Runs `work` over the items, `concurrency` at a time; `done` is called after each. */
export async function inBatches<T>(items: Iterable<T>, concurrency: number, work: (item: T) => Promise<void>, done: () => void): Promise<void> {
  const iterator = items[Symbol.iterator]();
  let failure: unknown = null;
  const worker = async () => {
    for (let next = iterator.next(); !next.done && failure === null; next = iterator.next()) {
      try {
        await work(next.value);
        done();
      } catch (error) {
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  if (failure !== null) throw failure;
}

const IP = '127.0.0.1';
const DAY_MS = 86_400_000;

/** Writes (or completes) the demo world of these options into the application's stores. */
export async function generateWorkOrderDemo(app: INestApplication, dataDir: string, options: GenerationOptions): Promise<GenerationReport> {
  const started = performance.now();
  const until = options.until ?? new Date().toISOString().slice(0, 10);
  const recorded = readGenerationRecord(dataDir);
  if (recorded && (recorded.seed !== options.seed || recorded.workOrders !== options.workOrders || (options.until !== undefined && recorded.until !== options.until))) {
    throw new GenerationMismatch(recorded);
  }
  const scale: DemoScale = { workOrders: options.workOrders, seed: options.seed, until: recorded?.until ?? until };
  let record: GenerationRecord = recorded ?? { seed: scale.seed, workOrders: scale.workOrders, until: scale.until, ordersDone: 0, completed: false };
  const world = planWorld(scale, divisionTree(), options.anchors);
  if (record.completed) return { ...record, world, seconds: 0, commands: 0 };
  writeGenerationRecord(dataDir, record);

  const bus = app.get(CommandBus);
  const streams = app.get(AggregateStreams);
  const store = app.get<ReadModelStore>(READ_MODEL_STORE);
  const freshness = app.get(ReadModelFreshness);
  const personal = app.get(PersonalData);
  const identity = app.get<IdentityConfig>(IDENTITY_CONFIG);
  const concurrency = options.concurrency ?? 32;
  let commands = 0;
  const execute = async <R>(command: object): Promise<R> => {
    commands++;
    return bus.execute(command as never) as Promise<R>;
  };
  const context = (key: string, userId: string, at: number | string): CommandContext => ({
    commandId: digestUuid('demo', String(scale.seed), key),
    actor: { userId, ip: IP },
    tenantIds: [],
    jurisdiction: [],
    at: new Date(at),
  });
  const phase = async <T>(name: string, items: readonly T[], work: (item: T, index: number) => Promise<void>) => {
    const phaseStart = performance.now();
    let done = 0;
    let reported = 0;
    const report = () => options.progress?.({ phase: name, done, total: items.length, perSecond: done / Math.max(0.001, (performance.now() - phaseStart) / 1000) });
    await inBatches(
      items.map((item, index) => ({ item, index })),
      concurrency,
      ({ item, index }) => work(item, index),
      () => {
        done++;
        if (performance.now() - reported > 1000) {
          reported = performance.now();
          report();
        }
      },
    );
    report();
  };

  // The world begins 400 days before its end: people and enterprises exist before any work order.
  const origin = Date.parse(`${scale.until}T00:00:00Z`) - 400 * DAY_MS;
  const anchorIds = new Set(options.anchors ? [options.anchors.manufacturer.id, options.anchors.equipmentUser.id, options.anchors.provider.id] : []);
  const anchorPeople = new Set(options.anchors ? Object.values(options.anchors).flatMap((a: AnchorEnterprise) => [a.admin.userId, ...a.engineers.map((e) => e.userId)]) : []);

  // ---- people: accounts with the demo password (hashed once: argon2id per person would dominate)
  const passwordHash = await app.get(PasswordHasher).hash(DEMO_PASSWORD);
  const people = peopleOf(world).filter((p) => !anchorPeople.has(p.userId));
  await phase('people', people, async (p, i) => {
    const at = origin + i * 1000;
    const mobileIndex = personal.mobileIndex(p.phone);
    await execute(new ClaimMobileNumber(mobileIndex, { userId: p.userId, at: new Date(at).toISOString() }, context(`claim/${p.phone}`, p.userId, at)));
    await execute(
      new RegisterAccount(
        p.userId,
        {
          userId: p.userId,
          mobileIndex,
          mobileEncrypted: personal.encrypt(p.userId, 'mobile', p.phone),
          passwordHash,
          displayName: p.name,
          termsVersion: identity.termsVersion,
          privacyVersion: identity.privacyVersion,
          at: new Date(at).toISOString(),
        },
        context(`account/${p.phone}`, p.userId, at),
      ),
    );
  });

  // ---- operator nodes, parents first; a division that has a node already keeps it
  await freshness.caughtUp(['operator_nodes']);
  const nodeIds = new Map<string, string>();
  for (const level of [1, 2, 4]) {
    const ofLevel = world.nodes.filter((n) => (n.code === 'CN' ? 1 : n.code.length) === level);
    await phase(`operator nodes, ${level === 1 ? 'national' : level === 2 ? 'provinces' : 'cities'}`, ofLevel, async (node) => {
      const existing = await store.collection('operator_nodes').findOne({ $and: [{ divisionCode: node.code }, visibleRows] });
      const nodeId = existing ? String(existing._id) : node.id;
      const at = origin + DAY_MS;
      const { state } = await streams.load(operatorNodeStream(nodeId), operatorNodes);
      if (state.status === 'none') {
        await execute(
          new CreateOperatorNode(
            nodeId,
            {
              divisionCode: node.code,
              parentNodeId: node.parentCode === null ? null : nodeIds.get(node.parentCode)!,
              name: node.name,
              principal: { name: node.admin.name, userId: node.admin.userId },
              contacts: encryptedContacts(personal, nodeId, node.admin.phone, null),
              at: new Date(at).toISOString(),
            },
            context(`node/${node.code}`, 'demo-seed', at),
          ),
        );
      }
      nodeIds.set(node.code, nodeId);
      for (const [who, roles] of [
        [node.admin, ['operator-admin']],
        [node.dispatcher, ['operator-staff']],
      ] as const) {
        await execute(new AppointOperatorStaff({ nodeId, userId: who.userId, roles: [...roles], appointedBy: 'demo-seed', at: new Date(at).toISOString() }, context(`staff/${node.code}/${who.phone}`, 'demo-seed', at)));
      }
    });
    await freshness.caughtUp(['operator_nodes']);
  }

  // ---- enterprises: licence, registration, review by the city operator, engineers admitted
  const enterprises = [...world.manufacturers, ...world.equipmentUsers, ...world.providers].filter((e) => !anchorIds.has(e.id));
  await phase('enterprises', enterprises, async (e, i) => {
    const at = origin + 2 * DAY_MS + i * 60_000;
    const caller = { userId: e.admin.userId, sessionId: 'demo-seed', ip: IP, userAgent: 'demo-seed', steppedUpUntil: null, context: null };
    const pdf = Buffer.from(`%PDF-1.4\n% 营业执照 ${e.name} ${e.uscc}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`, 'utf8');
    const key = `licence/${e.id}`;
    const licence = await execute<{ blobId: string; mediaType: string; size: number }>(new UploadBlob(caller, pdf, 'application/pdf', ClientCommand.of(key, digestUuid('demo', key), `demo/${scale.seed}`)));
    await execute(
      new RegisterEnterprise(
        e.id,
        {
          type: e.kind,
          name: e.name,
          uscc: e.uscc,
          address: { countyCode: e.countyCode, line: e.line },
          licence: { blobId: licence.blobId, mediaType: licence.mediaType, size: licence.size },
          parentEnterpriseId: null,
          registrantUserId: e.admin.userId,
          at: new Date(at).toISOString(),
        },
        context(`enterprise/${e.id}`, e.admin.userId, at),
      ),
    );
    const reviewer = nodeIds.get(e.countyCode.slice(0, 4))!;
    await execute(new ApproveEnterprise(e.id, { reviewerNodeId: reviewer, opinion: '材料齐全，准予入驻', at: new Date(at + 3_600_000).toISOString() }, context(`approve/${e.id}`, 'demo-seed', at + 3_600_000)));
    for (const engineer of e.engineers) {
      const joined = at + 7_200_000;
      await execute(new RequestToJoin({ enterpriseId: e.id, userId: engineer.userId, at: new Date(joined).toISOString() }, context(`join/${e.id}/${engineer.phone}`, engineer.userId, joined)));
      await execute(
        new ApproveMembership(
          { enterpriseId: e.id, userId: engineer.userId, approvedBy: e.admin.userId, roles: ['engineer'], at: new Date(joined + 600_000).toISOString() },
          context(`admit/${e.id}/${engineer.phone}`, e.admin.userId, joined + 600_000),
        ),
      );
    }
  });

  // ---- profiles, devices and work orders: the maintenance contexts' own commands
  const maintenance = new MaintenanceWriter(world, execute, context, nodeIds);
  const total = scale.workOrders;
  const providerRows: PlannedEnterprise[] = [...world.providers];
  await phase('provider and engineer profiles', providerRows, (p) => maintenance.profiles(p, origin + 3 * DAY_MS));
  if (options.bulk) {
    rmSync(join(dataDir, STOP_FILE), { force: true });
    const bulk = await writeInBulk(app, {
      world,
      origin,
      nodeIds,
      context,
      fromOrder: record.ordersDone,
      devices: record.ordersDone === 0,
      committed: (ordersDone) => {
        record = { ...record, ordersDone };
        writeGenerationRecord(dataDir, record);
      },
      progress: (name, done, total, perSecond) => options.progress?.({ phase: name, done, total, perSecond }),
      stopRequested: () => existsSync(join(dataDir, STOP_FILE)),
    });
    record = { ...record, ordersDone: bulk.ordersDone, completed: bulk.ordersDone === total };
    writeGenerationRecord(dataDir, record);
    return { ...record, world, seconds: (performance.now() - started) / 1000, commands: commands + bulk.commands, bulk };
  }
  await phase('devices', world.devices, (d, i) => maintenance.device(d, origin + 4 * DAY_MS + i * 1000));

  // Orders are planned one at a time; the record's watermark is the lowest index not yet written.
  const inFlight = new Set<number>();
  let next = record.ordersDone;
  const orderStart = performance.now();
  let lastReport = 0;
  let lastRecord = performance.now();
  const indexes = function* () {
    while (next < total) yield next++;
  };
  await inBatches(
    indexes(),
    concurrency,
    async (index) => {
      inFlight.add(index);
      await maintenance.workOrder(planWorkOrder(world, index));
      inFlight.delete(index);
    },
    () => {
      const now = performance.now();
      const done = next - inFlight.size;
      if (now - lastReport > 1000) {
        lastReport = now;
        options.progress?.({ phase: 'work orders', done, total, perSecond: (done - record.ordersDone) / Math.max(0.001, (now - orderStart) / 1000) });
      }
      if (now - lastRecord > 5000) {
        lastRecord = now;
        const watermark = inFlight.size ? Math.min(...inFlight) : next;
        writeGenerationRecord(dataDir, { ...record, ordersDone: watermark });
      }
    },
  );
  options.progress?.({ phase: 'work orders', done: total, total, perSecond: (total - record.ordersDone) / Math.max(0.001, (performance.now() - orderStart) / 1000) });
  record = { ...record, ordersDone: total, completed: true };
  writeGenerationRecord(dataDir, record);
  return { ...record, world, seconds: (performance.now() - started) / 1000, commands };
}
