import type { INestApplication } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { UploadBlob } from '../../blobs/blobs.commands';
import { ReviewApplication } from '../../certification/application/reviews';
import { ApplyForMyCertification, SubmitMyRealName } from '../../certification/application/my-qualifications';
import { ClientCommand } from '../../event-sourcing/client-command';
import type { Caller } from '../../identity/application/session-control';
import { Clock } from '../../identity/clock';
import { ReadModelFreshness } from '../../identity/read-models/read-model-freshness';
import { SetExpertProfile } from '../application/expert-help.commands';

// ---- The demo's expert: real-name verified and certified by the Shenzhen operator, with a tariff ----
// Written through the same commands the console sends, so the expert is what the product would record.

/** The expert's terms in the demo: ¥200 per help, accepting requests. */
export const DEMO_EXPERT_TERMS = { tariffFen: 20_000, available: true, bio: '数控系统与伺服驱动故障诊断 15 年，擅长 FANUC、西门子 840D' } as const;
export const DEMO_EXPERT_FIELDS = ['数控系统', '伺服驱动', '液压系统'];

// A valid GB 11643 number (check character computed) kept for the demo expert alone.
const DEMO_ID_NUMBER = '440305198011110018';

const jpeg = (fill: number) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(600, fill), Buffer.from([0xff, 0xd9])]);
const pdf = (title: string) => Buffer.from(`%PDF-1.4\n% ${title}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`, 'utf8');

/** Certifies `expert` as the demo's expert, reviewed by `reviewer` of the city node; publishes the terms. */
export async function seedDemoExpert(app: INestApplication, expert: Caller, reviewer: { userId: string; operatorNodeId: string; ip: string }): Promise<void> {
  const bus = app.get(CommandBus);
  const clock = app.get(Clock);
  const upload = async (bytes: Buffer, mediaType: string) => {
    const stored = await bus.execute(new UploadBlob(expert, bytes, mediaType, ClientCommand.fresh()));
    return { blobId: stored.blobId, mediaType: stored.mediaType, size: stored.size };
  };
  const photos = [
    { side: 'front' as const, ...(await upload(jpeg(0x21), 'image/jpeg')) },
    { side: 'back' as const, ...(await upload(jpeg(0x22), 'image/jpeg')) },
  ];
  await bus.execute(new SubmitMyRealName(expert, { realName: '何志远', idNumber: DEMO_ID_NUMBER, photos, countyCode: '440305' }, ClientCommand.fresh()));
  await bus.execute(new ReviewApplication(reviewer, { kind: 'real-name', applicantId: expert.userId }, 'approve', '演示数据：信息一致', ClientCommand.fresh()));
  const materials = [{ type: 'qualification' as const, ...(await upload(pdf('高级技师证书'), 'application/pdf')) }];
  await bus.execute(new ApplyForMyCertification(expert, { kind: 'expert', materials, skills: DEMO_EXPERT_FIELDS, years: 15, countyCode: '440305' }, ClientCommand.fresh()));
  await bus.execute(new ReviewApplication(reviewer, { kind: 'expert', applicantId: expert.userId }, 'approve', '演示数据：资质齐全', ClientCommand.fresh()));
  await app.get(ReadModelFreshness).caughtUp(['experts']);
  await bus.execute(new SetExpertProfile(expert.userId, DEMO_EXPERT_TERMS, ClientCommand.fresh().context('demo-expert-terms', { userId: expert.userId, ip: expert.ip }, clock.now())));
}
