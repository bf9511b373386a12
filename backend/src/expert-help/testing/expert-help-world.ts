// A world for expert-help specs, built through the real API: a provider's engineer working an order in
// progress, a certified expert with published terms, the city operator who reviewed both, and people
// with no part in it.
import { randomUUID } from 'node:crypto';
import { jpegFile, pdfFile } from '../../blobs/testing/files';
import { upload } from '../../blobs/testing/upload';
import { bearer, type IdentityApp } from '../../identity/testing/identity-app';
import { employeeOf, enterpriseWithAdmin, nationalRoot, nodeWithAdmin, signUp, type Person } from '../../tenancy/testing/tenancy-app';
import { recordSecret } from '../../testing/test-logs';

export interface ExpertHelpWorld {
  readonly cityOperator: Person;
  readonly owner: { enterpriseId: string; admin: Person };
  readonly provider: { enterpriseId: string; admin: Person };
  readonly engineer: Person;
  /** Another engineer of the same provider, not assigned to the order. */
  readonly colleague: Person;
  readonly expert: Person;
  readonly deviceId: string;
}

type Response = { status: number; body: Record<string, unknown> };

const post = async (t: IdentityApp, who: Person, path: string, body: object = {}): Promise<Response> => {
  const res = (await t.http().post(path).set(bearer(who)).set('Idempotency-Key', randomUUID()).send(body)) as unknown as Response;
  if (res.status >= 300) throw new Error(`POST ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res;
};

// Valid GB 11643 numbers (check characters computed), one per expert the specs certify.
const ID_NUMBERS = ['44030519850101001X', '44030519780315003X', '440305199206120042', '440305197008080052'];
let idIndex = 0;

/** Makes `person` a certified expert in `fields`, reviewed by the city operator, with published terms. */
export const certifyExpert = async (t: IdentityApp, cityOperator: Person, person: Person, fields: string[], tariffFen: number | null, years = 12): Promise<void> => {
  const idNumber = ID_NUMBERS[idIndex++ % ID_NUMBERS.length]!;
  recordSecret('id-number', idNumber);
  const photos = [
    { side: 'front', ...(await upload(t, person, jpegFile(400 + idIndex), 'image/jpeg')) },
    { side: 'back', ...(await upload(t, person, jpegFile(500 + idIndex), 'image/jpeg')) },
  ];
  await post(t, person, '/api/v1/me/real-name', { realName: '何专家', idNumber, photos, countyCode: '440305' });
  await post(t, cityOperator, `/api/v1/verification-reviews/real-name-${person.userId}/approve`, { opinion: '一致' });
  const materials = [{ type: 'qualification', ...(await upload(t, person, pdfFile(`expert certificate ${person.userId}`), 'application/pdf')) }];
  await post(t, person, '/api/v1/me/certifications', { kind: 'expert', materials, skills: fields, years, countyCode: '440305' });
  await post(t, cityOperator, `/api/v1/verification-reviews/expert-${person.userId}/approve`, { opinion: '资质齐全' });
  if (tariffFen !== null) {
    const res = await t.http().put('/api/v1/me/expert-profile').set(bearer(person)).send({ tariffFen, available: true, bio: '数控系统维修 12 年' });
    if (res.status !== 200) throw new Error(`publishing the expert's terms answered ${res.status}: ${JSON.stringify(res.body)}`);
  }
};

/** An order on the owner's device, dispatched to the provider and started by `engineer`. */
export const orderInProgress = async (t: IdentityApp, w: Omit<ExpertHelpWorld, 'expert' | 'colleague'>, engineer: Person = w.engineer): Promise<string> => {
  const created = await post(t, w.owner.admin, '/api/v1/work-orders', {
    deviceId: w.deviceId,
    fault: { type: 'electrical', description: '主轴报警 ALM-401，复位后又出现' },
    priority: 'high',
    contact: { name: '张工', phone: '13800138000' },
  });
  const id = String(created.body['id']);
  const step = (who: Person, name: string, body: object = {}) => post(t, who, `/api/v1/work-orders/${id}/${name}`, body);
  await step(w.cityOperator, 'dispatch', { providerId: w.provider.enterpriseId, suggestion: { rank: 1, suggestedProviderId: w.provider.enterpriseId } });
  await step(w.provider.admin, 'accept');
  await step(w.provider.admin, 'assign', { engineerId: engineer.userId });
  await step(engineer, 'engineer-accept');
  await step(engineer, 'start');
  return id;
};

export const expertHelpWorld = async (t: IdentityApp): Promise<ExpertHelpWorld> => {
  const root = await nationalRoot(t);
  const guangdong = await nodeWithAdmin(t, root.admin, '44');
  const shenzhen = await nodeWithAdmin(t, guangdong.admin, '4403');
  const cityOperator = shenzhen.admin;
  const owner = await enterpriseWithAdmin(t, '440305', 'equipment-user');
  const provider = await enterpriseWithAdmin(t, '440305', 'service-provider');
  for (const e of [owner, provider]) await post(t, cityOperator, `/api/v1/enterprises/${e.enterpriseId}/approve`);
  const engineer = await employeeOf(t, provider, ['engineer']);
  const colleague = await employeeOf(t, provider, ['engineer']);
  const device = await post(t, owner.admin, '/api/v1/devices', {
    number: `SN-EXP-${process.pid}-${randomUUID().slice(0, 8)}`,
    name: '3号数控车床',
    model: 'CK6150',
    type: 'cnc-machine',
    countyCode: '440305',
    address: '南山区西丽工业区 3 栋',
  });
  const expert = await signUp(t);
  await certifyExpert(t, cityOperator, expert, ['数控系统', '伺服驱动'], 20_000);
  return { cityOperator, owner, provider, engineer, colleague, expert, deviceId: String(device.body['id']) };
};
