import { PRIVILEGED_ROLE_KEYS, usccCheckCharacter } from '@kuaige/tenancy';
// Drives tenancy through the real HTTP API for specs: the national root, nodes down the tree, staff,
// enterprises, and signed-in people acting in a chosen context.
import { base32Decode, totp } from '../../identity/crypto';
import { bearer, freshPhone, login, PASSWORD, register, type IdentityApp, type SignedIn } from '../../identity/testing/identity-app';
import { recordSecret } from '../../testing/test-logs';
import { pdfFile } from '../../blobs/testing/files';

/** A signed-in person acting for one enterprise or operator node (or none yet). */
export interface Person extends SignedIn {
  readonly phone: string;
  readonly userId: string;
}

let usccCounter = 0;
/** A well-formed code no other spec uses: the organisation code counts up, the check character is computed. */
export const freshUscc = (countyCode = '440305'): string => {
  const first17 = `91${countyCode}${String(process.pid % 10_000).padStart(4, '0')}${String(++usccCounter).padStart(5, '0')}`;
  return first17 + usccCheckCharacter(first17);
};

export const signUp = async (t: IdentityApp): Promise<Person> => {
  const { phone, userId } = await register(t, freshPhone());
  return { phone, userId, ...(await login(t, phone)) };
};

/**
 * Sets up TOTP on the person's account (step-up, enrol, confirm), as holders of privileged roles must
 * before they act; the session stays signed in.
 */
export const withTotp = async <P extends Person>(t: IdentityApp, person: P): Promise<P & { totpSecret: string }> => {
  await t.http().post('/api/v1/auth/step-up').set(bearer(person)).send({ password: PASSWORD }).expect(200);
  const setup = await t.http().post('/api/v1/me/mfa/totp').set(bearer(person)).expect(201);
  const secret = setup.body.secret as string;
  recordSecret('totp-secret', secret);
  await t.http().post('/api/v1/me/mfa/totp/confirm').set(bearer(person)).send({ code: totp(base32Decode(secret), t.clock.now().getTime()) }).expect(200);
  return { ...person, totpSecret: secret };
};

/** A fresh person with TOTP set up, ready for a privileged role. */
export const privilegedSignUp = async (t: IdentityApp): Promise<Person> => withTotp(t, await signUp(t));

/** Switches the person's acting context; the new access token carries it. */
export const actFor = async (t: IdentityApp, person: Person, kind: 'enterprise' | 'operator', id: string): Promise<Person> => {
  const res = await t.http().post('/api/v1/me/context').set(bearer(person)).send({ kind, id });
  if (res.status !== 200) throw new Error(`switching to ${kind} ${id} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return { ...person, accessToken: res.body.accessToken };
};

/** The national root with a signed-in operator-admin acting for it. */
export const nationalRoot = async (t: IdentityApp): Promise<{ nodeId: string; admin: Person }> => {
  const person = await privilegedSignUp(t);
  const res = await t
    .http()
    .post('/api/v1/operations/tenancy/national-root')
    .set('authorization', `Bearer ${t.adminToken}`)
    .send({ name: '快格总运营商', principalName: '王总', adminPhone: person.phone })
    .expect(200);
  return { nodeId: res.body.nodeId, admin: await actFor(t, person, 'operator', res.body.nodeId) };
};

let contactCounter = 0;
/** Creates the node of `divisionCode` as `by` and appoints a fresh operator-admin, acting for it. */
export const nodeWithAdmin = async (t: IdentityApp, by: Person, divisionCode: string, roles = ['operator-admin']): Promise<{ nodeId: string; admin: Person }> => {
  const res = await t
    .http()
    .post('/api/v1/operator-nodes')
    .set(bearer(by))
    .send({ divisionCode, name: `运营节点 ${divisionCode}`, principal: { name: '李经理' }, contacts: { phone: `1370000${String(++contactCounter).padStart(4, '0')}` } });
  if (res.status !== 201) throw new Error(`creating node ${divisionCode} answered ${res.status}: ${JSON.stringify(res.body)}`);
  const nodeId = res.body.id as string;
  return { nodeId, admin: await staffOf(t, by, nodeId, roles) };
};

/** Appoints a fresh person to the node's staff and returns them acting for it. */
export const staffOf = async (t: IdentityApp, by: Person, nodeId: string, roles: string[]): Promise<Person> => {
  const person = roles.some((r) => PRIVILEGED_ROLE_KEYS.includes(r)) ? await privilegedSignUp(t) : await signUp(t);
  const res = await t.http().post(`/api/v1/operator-nodes/${nodeId}/staff`).set(bearer(by)).send({ phone: person.phone, roles });
  if (res.status !== 201) throw new Error(`appointing to ${nodeId} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return actFor(t, person, 'operator', nodeId);
};

let usccIndex = 0;
/** A fresh person registers an enterprise in `countyCode` and acts as its admin. */
export const enterpriseWithAdmin = async (
  t: IdentityApp,
  countyCode: string,
  type: 'manufacturer' | 'equipment-user' | 'service-provider' = 'equipment-user',
): Promise<{ enterpriseId: string; admin: Person }> => {
  const person = await privilegedSignUp(t);
  const uscc = freshUscc(countyCode);
  usccIndex++;
  // The licence is a file the registrant uploads first; registration checks it is theirs, as declared.
  const file = pdfFile(`licence ${usccIndex} of ${process.pid}`);
  const uploaded = await t.http().post('/api/v1/blobs').set(bearer(person)).set('content-type', 'application/pdf').send(file);
  if (uploaded.status !== 201) throw new Error(`uploading the licence answered ${uploaded.status}: ${JSON.stringify(uploaded.body)}`);
  const res = await t
    .http()
    .post('/api/v1/enterprises')
    .set(bearer(person))
    .send({
      type,
      name: `测试企业${usccIndex}`,
      uscc,
      address: { countyCode, line: '科技园 1 号' },
      licence: { blobId: uploaded.body.blobId, mediaType: 'application/pdf', size: file.length },
    });
  if (res.status !== 201) throw new Error(`registering an enterprise answered ${res.status}: ${JSON.stringify(res.body)}`);
  return { enterpriseId: res.body.id, admin: await actFor(t, person, 'enterprise', res.body.id) };
};

/** A fresh person asks to join the enterprise and its admin approves them with `roles`; they act for it. */
export const employeeOf = async (t: IdentityApp, enterprise: { enterpriseId: string; admin: Person }, roles: string[]): Promise<Person> => {
  const person = await signUp(t);
  await t.http().post(`/api/v1/enterprises/${enterprise.enterpriseId}/join-requests`).set(bearer(person)).expect(201);
  await t.http().post(`/api/v1/enterprises/${enterprise.enterpriseId}/members/${person.userId}/approve`).set(bearer(enterprise.admin)).send({ roles }).expect(200);
  return actFor(t, person, 'enterprise', enterprise.enterpriseId);
};
