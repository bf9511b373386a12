// The parties of the work-order flow, set up through the API of a development backend: operator nodes
// of Shenzhen and of a sibling city, the three kinds of enterprise approved by the Shenzhen operator,
// an engineer employed by the provider, the device, and the provider's and engineer's profiles.
import { type APIRequestContext, type Browser, type Page, expect } from '@playwright/test';
import { e2eAdminToken } from './support';
import { type Person, actFor, bearer, chooseContext, enrolTotp, licence, nodeOf, openConsole, person, usccFor } from './tenancy-support';

export const SHENZHEN = '深圳市运营中心';
export const DONGGUAN = '东莞市运营中心';

export interface Enterprise {
  readonly id: string;
  readonly name: string;
  readonly admin: Person;
}

export interface Cast {
  readonly city: Person;
  readonly sibling: Person;
  readonly user: Enterprise;
  readonly manufacturer: Enterprise;
  readonly provider: Enterprise;
  readonly engineer: Person & { readonly userId: string };
  readonly deviceId: string;
  readonly deviceName: string;
}

const ok = async (response: Awaited<ReturnType<APIRequestContext['post']>>, status?: number) => {
  if (status) expect(response.status(), await response.text()).toBe(status);
  else expect(response.ok(), await response.text()).toBe(true);
  return response.json();
};

/** Appoints `someone` to the staff of an operator node as its admin. */
async function appoint(request: APIRequestContext, national: Person, nodeId: string, someone: Person): Promise<void> {
  await ok(
    await request.post(`/api/v1/operator-nodes/${nodeId}/staff`, {
      headers: bearer(national.token),
      data: { phone: someone.phone, roles: ['operator-admin'] },
    }),
    201,
  );
}

/** Registers an enterprise of `type` in Nanshan, founded by a new person, approved by the Shenzhen operator. */
async function enterprise(
  request: APIRequestContext,
  city: Person,
  type: string,
  name: string,
  phone: string,
  founderName: string,
  serial: string,
): Promise<Enterprise> {
  const admin = await person(request, phone, founderName, 1);
  await enrolTotp(request, admin);
  const registered = await ok(
    await request.post('/api/v1/enterprises', {
      headers: bearer(admin.token),
      data: {
        type,
        name,
        uscc: usccFor(serial),
        address: { countyCode: '440305', line: '科技园南区 8 栋' },
        licence: await licence(request, admin),
      },
    }),
    201,
  );
  const id = (registered as { id: string }).id;
  await ok(await request.post(`/api/v1/enterprises/${id}/approve`, { headers: bearer(city.token), data: {} }));
  await actFor(request, admin, name);
  return { id, name, admin };
}

/** Everyone of the flow, with fresh numbers per run (the development backend keeps its data). */
export async function castOf(request: APIRequestContext, stamp: string): Promise<Cast> {
  const phone = (n: number) => `139${n}${stamp}`;
  const national = await person(request, phone(0), '全国运营');
  const city = await person(request, phone(1), '深圳调度员', 1);
  const sibling = await person(request, phone(2), '东莞调度员', 1);
  for (const privileged of [national, city, sibling]) await enrolTotp(request, privileged);
  await ok(
    await request.post('/api/v1/operations/tenancy/national-root', {
      headers: bearer(e2eAdminToken()),
      data: { name: '快鸽全国运营中心', principalName: national.name, adminPhone: national.phone },
    }),
  );
  await actFor(request, national, '快鸽全国运营中心');
  await nodeOf(request, national, 'CN', '44', '广东省运营中心', national.phone);
  await appoint(request, national, await nodeOf(request, national, '44', '4403', SHENZHEN, city.phone), city);
  await appoint(request, national, await nodeOf(request, national, '44', '4419', DONGGUAN, sibling.phone), sibling);
  await actFor(request, city, SHENZHEN);
  await actFor(request, sibling, DONGGUAN);

  const user = await enterprise(request, city, 'equipment-user', `鸽联精密制造${stamp}`, phone(3), '设备科王主任', `${stamp}31`);
  const manufacturer = await enterprise(request, city, 'manufacturer', `华南数控机床${stamp}`, phone(4), '厂家服务经理', `${stamp}41`);
  const provider = await enterprise(request, city, 'service-provider', `鸽修机电服务${stamp}`, phone(5), '服务商调度', `${stamp}51`);

  // The engineer joins the provider and is admitted with the built-in engineer role.
  const engineer = await person(request, phone(6), '李工', 1);
  await ok(await request.post(`/api/v1/enterprises/${provider.id}/join-requests`, { headers: bearer(engineer.token), data: {} }));
  const requested = (await (
    await request.get(`/api/v1/enterprises/${provider.id}/members?status=requested`, { headers: bearer(provider.admin.token) })
  ).json()) as { items: { userId: string }[] };
  const engineerId = requested.items[0]!.userId;
  await ok(
    await request.post(`/api/v1/enterprises/${provider.id}/members/${engineerId}/approve`, {
      headers: bearer(provider.admin.token),
      data: { roles: ['engineer'] },
    }),
  );
  await actFor(request, engineer, provider.name);

  // What dispatch ranks on: the provider serves Shenzhen's CNC machines, the engineer is skilled in them.
  const base = { lat: 22.5405, lng: 113.9345 };
  await ok(
    await request.put(`/api/v1/providers/${provider.id}/profile`, {
      headers: bearer(provider.admin.token),
      data: {
        deviceTypes: ['cnc-machine'],
        faultTypes: ['electrical', 'mechanical', 'abnormal-noise'],
        serviceRegions: ['4403'],
        base,
        capacity: 20,
      },
    }),
  );
  await ok(
    await request.put(`/api/v1/engineers/${provider.id}/${engineerId}/profile`, {
      headers: bearer(provider.admin.token),
      data: {
        deviceTypes: ['cnc-machine'],
        faultTypes: ['abnormal-noise', 'mechanical'],
        fields: ['FANUC 0i 数控系统'],
        level: 'senior',
        yearsOfExperience: 8,
        base,
        available: true,
      },
    }),
  );

  // The equipment user registers the machining centre it bought from the manufacturer.
  const deviceName = `立式加工中心 VMC850-${stamp}`;
  const device = await ok(
    await request.post('/api/v1/devices', {
      headers: bearer(user.admin.token),
      data: {
        number: `VMC-${stamp}`,
        name: deviceName,
        model: 'VMC850',
        type: 'cnc-machine',
        countyCode: '440305',
        address: '南山区科技园南区 8 栋一楼车间',
        coordinates: { lat: 22.5431, lng: 113.9502 },
        manufacturerId: manufacturer.id,
        soldOn: '2026-06-01',
        warrantyMonths: 24,
      },
    }),
    201,
  );
  return {
    city,
    sibling,
    user,
    manufacturer,
    provider,
    engineer: { ...engineer, userId: engineerId },
    deviceId: (device as { id: string }).id,
    deviceName,
  };
}

/** A browser page of its own (cookies, storage) signed in as `someone`, acting for `context`. */
export async function consoleFor(
  browser: Browser,
  baseURL: string,
  someone: Person,
  context: string,
  viewport: { readonly width: number; readonly height: number },
): Promise<Page> {
  const page = await (await browser.newContext({ baseURL, viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })).newPage();
  await openConsole(page, someone, '/account/profile');
  await chooseContext(page, context);
  return page;
}
