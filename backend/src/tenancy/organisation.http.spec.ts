// The enterprise's own administration through the real HTTP API (ORG-5…ORG-9): departments, employees,
// roles and per-user overrides. Another enterprise's ids answer 404 and append nothing; a change to an
// employee's roles or overrides decides that employee's very next request.
import { randomUUID } from 'node:crypto';
import { departmentsStream, enterpriseRoleStream, membershipStream } from '@kuaige/domain';
import { bearer, startIdentityApp, type IdentityApp } from '../identity/testing/identity-app';
import { apiSpec, expectNewEvents, expectNoNewEvents, expectResponse } from '../testing/api-specification';
import { actFor, enterpriseWithAdmin, nationalRoot, nodeWithAdmin, signUp, type Person } from './testing/tenancy-app';

describe('enterprise administration over HTTP', () => {
  let t: IdentityApp;
  let acme: { enterpriseId: string; admin: Person };
  let rival: { enterpriseId: string; admin: Person };
  let employee: Person;
  let rivalDepartment: string;
  let shenzhen: { nodeId: string; admin: Person };
  let guangzhou: { nodeId: string; admin: Person };

  const base = () => `/api/v1/enterprises/${acme.enterpriseId}`;
  const key = () => ({ 'Idempotency-Key': randomUUID() });

  /** A fresh person asks to join and the admin approves them with `roles`; they act for the enterprise. */
  const hire = async (enterprise: { enterpriseId: string; admin: Person }, roles = ['member']): Promise<Person> => {
    const person = await signUp(t);
    await t.http().post(`/api/v1/enterprises/${enterprise.enterpriseId}/join-requests`).set(bearer(person)).expect(201);
    await t
      .http()
      .post(`/api/v1/enterprises/${enterprise.enterpriseId}/members/${person.userId}/approve`)
      .set(bearer(enterprise.admin))
      .send({ roles })
      .expect(200);
    return actFor(t, person, 'enterprise', enterprise.enterpriseId);
  };

  const createDepartment = async (name: string, parentId: string | null = null, as = acme) => {
    const res = await t
      .http()
      .post(`/api/v1/enterprises/${as.enterpriseId}/departments`)
      .set(bearer(as.admin))
      .set(key())
      .send({ name, parentId });
    if (res.status !== 201) throw new Error(`creating ${name} answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body.id as string;
  };

  beforeAll(async () => {
    t = await startIdentityApp();
    const root = await nationalRoot(t);
    const guangdong = await nodeWithAdmin(t, root.admin, '44');
    shenzhen = await nodeWithAdmin(t, guangdong.admin, '4403');
    guangzhou = await nodeWithAdmin(t, guangdong.admin, '4401');
    acme = await enterpriseWithAdmin(t, '440305', 'service-provider');
    rival = await enterpriseWithAdmin(t, '440305', 'service-provider');
    for (const e of [acme, rival])
      await t.http().post(`/api/v1/enterprises/${e.enterpriseId}/approve`).set(bearer(shenzhen.admin)).send({}).expect(200);
    employee = await hire(acme);
    rivalDepartment = await createDepartment('对手部门', null, rival);
  }, 120_000);
  afterAll(() => t.close());

  describe('departments', () => {
    it('creates a department, answering as the tree lists it; the same request again appends nothing', async () => {
      const idempotency = randomUUID();
      const send = () =>
        t
          .http()
          .post(`${base()}/departments`)
          .set(bearer(acme.admin))
          .set('Idempotency-Key', idempotency)
          .send({ name: ' 售后服务部 ', responsibilities: '报修受理' });
      const first = await apiSpec(t)
        .when(send)
        .then(
          expectResponse(201, {
            id: expect.any(String),
            name: '售后服务部',
            parentId: null,
            responsibilities: '报修受理',
            memberCount: 0,
            path: [expect.any(String)],
            depth: 1,
            createdAt: expect.any(String),
            updatedAt: expect.any(String),
          }),
        );
      const id = (first.response.body as { id: string }).id;
      expect(first.newEvents.filter((e) => e.streamId === departmentsStream(acme.enterpriseId)).map((e) => e.type)).toEqual([
        'DepartmentCreated',
      ]);
      await apiSpec(t)
        .when(send)
        .then(expectResponse(201, expect.objectContaining({ id })), expectNoNewEvents());
      const tree = await t.http().get(`${base()}/departments`).set(bearer(acme.admin)).expect(200);
      expect(tree.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ id, name: '售后服务部', memberCount: 0 })]));
    });

    it('answers 400 naming field and rule for a malformed body, and 422 for a sibling of the same name', async () => {
      const empty = await t.http().post(`${base()}/departments`).set(bearer(acme.admin)).send({ name: '' }).expect(400);
      expect(empty.body.errors).toEqual([expect.objectContaining({ field: 'name', rule: 'isLength' })]);
      const badParent = await t
        .http()
        .post(`${base()}/departments`)
        .set(bearer(acme.admin))
        .send({ name: 'x', parentId: '../etc' })
        .expect(400);
      expect(badParent.body.errors).toEqual([expect.objectContaining({ field: 'parentId', rule: 'matches' })]);
      await createDepartment('仓储部');
      const twice = await t.http().post(`${base()}/departments`).set(bearer(acme.admin)).send({ name: '仓储部' }).expect(409);
      expect(twice.body.errors).toEqual([expect.objectContaining({ field: 'name', rule: 'name-taken' })]);
    });

    it('moves a department, refusing cycles; another enterprise’s department is not a parent', async () => {
      const top = await createDepartment('华南区');
      const child = await createDepartment('深圳组', top);
      const grandchild = await createDepartment('南山班', child);
      const cycle = await apiSpec(t)
        .as(acme.admin)
        .when((http) => http.patch(`${base()}/departments/${top}`).send({ parentId: grandchild }))
        .then(expectResponse(422), expectNoNewEvents());
      expect((cycle.response.body as { errors: unknown }).errors).toEqual([
        expect.objectContaining({ field: 'parentId', rule: 'department-cycle' }),
      ]);
      const foreign = await apiSpec(t)
        .as(acme.admin)
        .when((http) => http.post(`${base()}/departments`).send({ name: '借壳', parentId: rivalDepartment }))
        .then(expectResponse(422), expectNoNewEvents());
      expect((foreign.response.body as { errors: unknown }).errors).toEqual([
        expect.objectContaining({ field: 'parentId', rule: 'department-unknown' }),
      ]);
      await apiSpec(t)
        .as(acme.admin)
        .when((http) => http.patch(`${base()}/departments/${grandchild}`).set(key()).send({ parentId: null, name: '南山直属班' }))
        .then(
          expectResponse(
            200,
            expect.objectContaining({ id: grandchild, name: '南山直属班', parentId: null, path: [grandchild], depth: 1 }),
          ),
          expectNewEvents(departmentsStream(acme.enterpriseId), [
            { type: 'DepartmentEdited', data: expect.objectContaining({ departmentId: grandchild, name: '南山直属班' }) },
            {
              type: 'DepartmentMoved',
              data: expect.objectContaining({ departmentId: grandchild, parentId: null, previousParentId: child }),
            },
          ]),
        );
    });

    it('deletes a department only when empty (409 department-not-empty), then it is gone', async () => {
      const parent = await createDepartment('待撤销部');
      const child = await createDepartment('待撤销组', parent);
      const busy = await apiSpec(t)
        .as(acme.admin)
        .when((http) => http.delete(`${base()}/departments/${parent}`))
        .then(expectResponse(409), expectNoNewEvents());
      expect((busy.response.body as { errors: unknown }).errors).toEqual([
        expect.objectContaining({ field: 'departmentId', rule: 'department-not-empty' }),
      ]);
      await t.http().delete(`${base()}/departments/${child}`).set(bearer(acme.admin)).expect(204);
      await t.http().delete(`${base()}/departments/${parent}`).set(bearer(acme.admin)).expect(204);
      const tree = await t.http().get(`${base()}/departments`).set(bearer(acme.admin)).expect(200);
      expect(tree.body.items.map((d: { id: string }) => d.id)).not.toEqual(expect.arrayContaining([parent]));
      await t.http().patch(`${base()}/departments/${parent}`).set(bearer(acme.admin)).send({ name: '复活' }).expect(404);
    });

    it('answers 404 for another enterprise’s departments and tree, and changes nothing', async () => {
      for (const send of [
        (http: IdentityAppHttp) => http.patch(`${base()}/departments/${rivalDepartment}`).send({ name: '改名' }),
        (http: IdentityAppHttp) => http.delete(`${base()}/departments/${rivalDepartment}`),
        (http: IdentityAppHttp) =>
          http.patch(`/api/v1/enterprises/${rival.enterpriseId}/departments/${rivalDepartment}`).send({ name: '改名' }),
        (http: IdentityAppHttp) => http.get(`/api/v1/enterprises/${rival.enterpriseId}/departments`),
        (http: IdentityAppHttp) => http.post(`/api/v1/enterprises/${rival.enterpriseId}/departments`).send({ name: '渗透' }),
      ])
        await apiSpec(t).as(acme.admin).when(send).then(expectResponse(404), expectNoNewEvents());
    });
  });

  describe('employees', () => {
    it('lists join requests, approves one, and puts the employee in a department', async () => {
      const applicant = await signUp(t);
      await t.http().post(`/api/v1/enterprises/${acme.enterpriseId}/join-requests`).set(bearer(applicant)).expect(201);
      const requested = await t.http().get(`${base()}/members`).query({ status: 'requested' }).set(bearer(acme.admin)).expect(200);
      expect(requested.body).toEqual({
        items: [
          expect.objectContaining({
            userId: applicant.userId,
            status: 'requested',
            roles: [],
            phone: expect.stringMatching(/^1\d{2}\*{4}\d{4}$/),
          }),
        ],
        total: 1,
        page: 1,
        pageSize: 20,
      });
      const unknownRole = await t
        .http()
        .post(`${base()}/members/${applicant.userId}/approve`)
        .set(bearer(acme.admin))
        .send({ roles: ['ghost'] })
        .expect(422);
      expect(unknownRole.body.errors).toEqual([expect.objectContaining({ field: 'roles.0', rule: 'unknown-role' })]);
      await t
        .http()
        .post(`${base()}/members/${applicant.userId}/approve`)
        .set(bearer(acme.admin))
        .send({ roles: ['engineer'] })
        .expect(200);
      const department = await createDepartment('维修部');
      await apiSpec(t)
        .as(acme.admin)
        .when((http) => http.patch(`${base()}/members/${applicant.userId}`).send({ departmentId: department }))
        .then(
          expectResponse(
            200,
            expect.objectContaining({ userId: applicant.userId, departmentId: department, roles: ['engineer'], status: 'active' }),
          ),
          expectNewEvents(departmentsStream(acme.enterpriseId), [
            {
              type: 'MemberDepartmentChanged',
              data: expect.objectContaining({ userId: applicant.userId, departmentId: department, previousDepartmentId: null }),
            },
          ]),
        );
      const inDepartment = await t.http().get(`${base()}/members`).query({ departmentId: department }).set(bearer(acme.admin)).expect(200);
      expect(inDepartment.body.items.map((m: { userId: string }) => m.userId)).toEqual([applicant.userId]);
      const byPhone = await t.http().get(`${base()}/members`).query({ q: applicant.phone }).set(bearer(acme.admin)).expect(200);
      expect(byPhone.body.items.map((m: { userId: string }) => m.userId)).toEqual([applicant.userId]);
      await t.http().patch('/api/v1/me').set(bearer(applicant)).send({ displayName: '欧阳维修' }).expect(200);
      const byName = await t.http().get(`${base()}/members`).query({ q: '阳维' }).set(bearer(acme.admin)).expect(200);
      expect(byName.body.items).toEqual([expect.objectContaining({ userId: applicant.userId, displayName: '欧阳维修' })]);
      // Search text is a literal, never a pattern.
      const pattern = await t.http().get(`${base()}/members`).query({ q: '.*' }).set(bearer(acme.admin)).expect(200);
      expect(pattern.body.items).toEqual([]);
      const tree = await t.http().get(`${base()}/departments`).set(bearer(acme.admin)).expect(200);
      expect(tree.body.items.find((d: { id: string }) => d.id === department).memberCount).toBe(1);
    });

    it('shows the employees to the operator of the enterprise’s jurisdiction only, read-only', async () => {
      const seen = await t.http().get(`${base()}/members`).set(bearer(shenzhen.admin)).expect(200);
      expect(seen.body.items.map((m: { userId: string }) => m.userId)).toEqual(
        expect.arrayContaining([acme.admin.userId, employee.userId]),
      );
      await apiSpec(t)
        .as(guangzhou.admin)
        .when((http) => http.get(`${base()}/members`))
        .then(expectResponse(404), expectNoNewEvents());
      await apiSpec(t)
        .as(shenzhen.admin)
        .when((http) => http.patch(`${base()}/members/${employee.userId}`).send({ roles: ['admin'] }))
        .then(expectResponse(403), expectNoNewEvents());
    });

    it('pages on the server', async () => {
      const page = await t.http().get(`${base()}/members`).query({ page: 1, pageSize: 1 }).set(bearer(acme.admin)).expect(200);
      expect(page.body).toEqual({ items: [expect.any(Object)], total: expect.any(Number), page: 1, pageSize: 1 });
      expect(page.body.total).toBeGreaterThanOrEqual(3);
      const bad = await t.http().get(`${base()}/members`).query({ pageSize: 1000, status: 'fired' }).set(bearer(acme.admin)).expect(400);
      expect(bad.body.errors.map((e: { field: string; rule: string }) => [e.field, e.rule]).sort()).toEqual([
        ['pageSize', 'max'],
        ['status', 'isIn'],
      ]);
    });

    it('keeps the last admin: the admin cannot drop its own admin role while it is the only one', async () => {
      const res = await apiSpec(t)
        .as(acme.admin)
        .when((http) => http.patch(`${base()}/members/${acme.admin.userId}`).send({ roles: ['member'] }))
        .then(expectResponse(409), expectNoNewEvents());
      expect((res.response.body as { errors: unknown }).errors).toEqual([expect.objectContaining({ field: 'roles', rule: 'last-admin' })]);
    });

    it('answers 404 for another enterprise’s employees and changes nothing', async () => {
      for (const send of [
        (http: IdentityAppHttp) => http.patch(`${base()}/members/${rival.admin.userId}`).send({ roles: ['member'] }),
        (http: IdentityAppHttp) => http.post(`${base()}/members/${rival.admin.userId}/departure`).send({ reason: '挖角' }),
        (http: IdentityAppHttp) => http.put(`${base()}/members/${rival.admin.userId}/overrides`).send({ overrides: [] }),
        (http: IdentityAppHttp) => http.get(`/api/v1/enterprises/${rival.enterpriseId}/members`),
      ])
        await apiSpec(t).as(acme.admin).when(send).then(expectResponse(404), expectNoNewEvents());
      // A department of another enterprise is not one to put an employee in.
      const res = await apiSpec(t)
        .as(acme.admin)
        .when((http) => http.patch(`${base()}/members/${employee.userId}`).send({ departmentId: rivalDepartment }))
        .then(expectResponse(422), expectNoNewEvents());
      expect((res.response.body as { errors: unknown }).errors).toEqual([
        expect.objectContaining({ field: 'departmentId', rule: 'department-unknown' }),
      ]);
      // Refused for its department, the body changes the roles neither.
      await apiSpec(t)
        .as(acme.admin)
        .when((http) => http.patch(`${base()}/members/${employee.userId}`).send({ roles: ['engineer'], departmentId: rivalDepartment }))
        .then(expectResponse(422), expectNoNewEvents());
    });

    it('records a departure: the employee leaves its department and loses the enterprise on its next request', async () => {
      const leaver = await hire(acme);
      const department = await createDepartment('临时项目部');
      await t.http().patch(`${base()}/members/${leaver.userId}`).set(bearer(acme.admin)).send({ departmentId: department }).expect(200);
      await t.http().get(`${base()}/departments`).set(bearer(leaver)).expect(200);
      const missingReason = await t
        .http()
        .post(`${base()}/members/${leaver.userId}/departure`)
        .set(bearer(acme.admin))
        .send({})
        .expect(400);
      expect(missingReason.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'reason', rule: 'isString' })]));
      expect(new Set(missingReason.body.errors.map((e: { field: string }) => e.field))).toEqual(new Set(['reason']));
      await apiSpec(t)
        .as(acme.admin)
        .when((http) => http.post(`${base()}/members/${leaver.userId}/departure`).set(key()).send({ reason: '合同到期' }))
        .then(
          expectResponse(
            200,
            expect.objectContaining({
              userId: leaver.userId,
              status: 'removed',
              departedAt: expect.any(String),
              departure: { kind: 'removed', by: acme.admin.userId, reason: '合同到期' },
            }),
          ),
          expectNewEvents(membershipStream(acme.enterpriseId, leaver.userId), [
            { type: 'MemberRemoved', data: expect.objectContaining({ reason: '合同到期' }) },
          ]),
          expectNewEvents(departmentsStream(acme.enterpriseId), [
            { type: 'MemberDepartmentChanged', data: expect.objectContaining({ userId: leaver.userId, departmentId: null }) },
          ]),
        );
      const refused = await t.http().get(`${base()}/departments`).set(bearer(leaver)).expect(403);
      expect(refused.body.errors[0]).toEqual(expect.objectContaining({ rule: 'acting-context-invalid' }));
      const departed = await t.http().get(`${base()}/members`).query({ status: 'departed' }).set(bearer(acme.admin)).expect(200);
      expect(departed.body.items.map((m: { userId: string }) => m.userId)).toContain(leaver.userId);
      await t.http().delete(`${base()}/departments/${department}`).set(bearer(acme.admin)).expect(204);
    });
  });

  describe('invitations', () => {
    it('invites a registered person by phone; the link admits that person only', async () => {
      const invitee = await signUp(t);
      const stranger = await signUp(t);
      const issued = await t
        .http()
        .post(`${base()}/invitations`)
        .set(bearer(acme.admin))
        .set(key())
        .send({ phone: invitee.phone })
        .expect(201);
      expect(issued.body).toEqual({
        token: expect.any(String),
        link: expect.stringContaining(issued.body.token),
        expiresAt: expect.any(String),
        userId: invitee.userId,
      });
      const invited = await t.http().get(`${base()}/members`).query({ status: 'invited' }).set(bearer(acme.admin)).expect(200);
      expect(invited.body.items.map((m: { userId: string }) => m.userId)).toContain(invitee.userId);
      const wrongPerson = await t
        .http()
        .post('/api/v1/invitations/accept')
        .set(bearer(stranger))
        .send({ enterpriseId: acme.enterpriseId, token: issued.body.token })
        .expect(422);
      expect(wrongPerson.body.errors).toEqual([expect.objectContaining({ field: 'token', rule: 'invitation-token' })]);
      const accepted = await t
        .http()
        .post('/api/v1/invitations/accept')
        .set(bearer(invitee))
        .send({ enterpriseId: acme.enterpriseId, token: issued.body.token })
        .expect(200);
      expect(accepted.body).toEqual({ enterpriseId: acme.enterpriseId, status: 'active', roles: ['member'] });
      await t
        .http()
        .get(`${base()}/departments`)
        .set(bearer(await actFor(t, invitee, 'enterprise', acme.enterpriseId)))
        .expect(200);
    });

    it('issues an open link anyone may follow once signed in; a forged or foreign token is refused', async () => {
      const issued = await t.http().post(`${base()}/invitations`).set(bearer(acme.admin)).send({}).expect(201);
      expect(issued.body.userId).toBeNull();
      const newcomer = await signUp(t);
      const forged = `${issued.body.token.split('.')[0]}.${'A'.repeat(43)}`;
      await apiSpec(t)
        .as(newcomer)
        .when((http) => http.post('/api/v1/invitations/accept').send({ enterpriseId: acme.enterpriseId, token: forged }))
        .then(expectResponse(422), expectNoNewEvents());
      await apiSpec(t)
        .as(newcomer)
        .when((http) => http.post('/api/v1/invitations/accept').send({ enterpriseId: rival.enterpriseId, token: issued.body.token }))
        .then(expectResponse(422), expectNoNewEvents());
      await apiSpec(t)
        .as(newcomer)
        .when((http) => http.post('/api/v1/invitations/accept').send({ enterpriseId: acme.enterpriseId, token: issued.body.token }))
        .then(
          expectResponse(200, { enterpriseId: acme.enterpriseId, status: 'active', roles: ['member'] }),
          expectNewEvents(membershipStream(acme.enterpriseId, newcomer.userId), [
            { type: 'MemberInvited', data: expect.objectContaining({ invitedBy: acme.admin.userId }) },
            { type: 'InvitationAccepted', data: expect.objectContaining({ roles: ['member'] }) },
          ]),
        );
      const unknown = await t.http().post(`${base()}/invitations`).set(bearer(acme.admin)).send({ phone: '13900000000' }).expect(422);
      expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'phone', rule: 'account-unknown' })]);
      // An employee without member:create may not invite.
      await apiSpec(t)
        .as(employee)
        .when((http) => http.post(`${base()}/invitations`).send({}))
        .then(expectResponse(403), expectNoNewEvents());
    });
  });

  describe('roles and overrides', () => {
    it('defines a role from the catalogue, lists it with its holders, and deletes it only when unheld', async () => {
      const shape = await t
        .http()
        .post(`${base()}/roles`)
        .set(bearer(acme.admin))
        .send({ name: '调度员', permissions: ['Dispatch!'] })
        .expect(400);
      expect(shape.body.errors).toEqual([expect.objectContaining({ field: 'permissions', rule: 'matches' })]);
      const unknown = await t
        .http()
        .post(`${base()}/roles`)
        .set(bearer(acme.admin))
        .send({ name: '调度员', permissions: ['work-order:fly'] })
        .expect(422);
      expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'permissions.0', rule: 'unknown-permission' })]);
      const created = await apiSpec(t)
        .as(acme.admin)
        .when((http) =>
          http
            .post(`${base()}/roles`)
            .set(key())
            .send({ name: '调度员', permissions: ['work-order:dispatch', 'department:read'] }),
        )
        .then(
          expectResponse(201, {
            id: expect.any(String),
            name: '调度员',
            label: null,
            description: '',
            builtIn: false,
            permissions: ['department:read', 'work-order:dispatch'],
            holders: 0,
          }),
        );
      const roleId = (created.response.body as { id: string }).id;
      const sameName = await t
        .http()
        .post(`${base()}/roles`)
        .set(bearer(acme.admin))
        .send({ name: ' 调度员 ', permissions: ['member:read'] })
        .expect(409);
      expect(sameName.body.errors).toEqual([expect.objectContaining({ field: 'name', rule: 'name-taken' })]);
      await t
        .http()
        .post(`${base()}/roles`)
        .set(bearer(acme.admin))
        .send({ name: '企业管理员', permissions: ['member:read'] })
        .expect(409);
      expect(created.newEvents.map((e) => e.streamId)).toContain(enterpriseRoleStream(acme.enterpriseId, roleId));
      await t
        .http()
        .patch(`${base()}/members/${employee.userId}`)
        .set(bearer(acme.admin))
        .send({ roles: ['member', roleId] })
        .expect(200);
      const list = await t.http().get(`${base()}/roles`).set(bearer(acme.admin)).expect(200);
      expect(list.body.items).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ id: 'admin', builtIn: true, holders: 1 }),
          expect.objectContaining({ id: roleId, builtIn: false, holders: 1 }),
        ]),
      );
      const inUse = await apiSpec(t)
        .as(acme.admin)
        .when((http) => http.delete(`${base()}/roles/${roleId}`))
        .then(expectResponse(409), expectNoNewEvents());
      expect((inUse.response.body as { errors: unknown }).errors).toEqual([
        expect.objectContaining({ field: 'roleId', rule: 'role-in-use' }),
      ]);
      await t
        .http()
        .patch(`${base()}/roles/${roleId}`)
        .set(bearer(acme.admin))
        .send({ name: '高级调度员', permissions: ['work-order:dispatch'] })
        .expect(200);
      await t
        .http()
        .patch(`${base()}/members/${employee.userId}`)
        .set(bearer(acme.admin))
        .send({ roles: ['member'] })
        .expect(200);
      await apiSpec(t)
        .as(acme.admin)
        .when((http) => http.delete(`${base()}/roles/${roleId}`))
        .then(
          expectResponse(204),
          expectNewEvents(enterpriseRoleStream(acme.enterpriseId, roleId), [
            { type: 'EnterpriseRoleDeleted', data: expect.objectContaining({ roleId }) },
          ]),
        );
      await apiSpec(t)
        .as(rival.admin)
        .when((http) => http.patch(`/api/v1/enterprises/${rival.enterpriseId}/roles/${roleId}`).send({ name: '偷' }))
        .then(expectResponse(404), expectNoNewEvents());
    });

    it('gives a custom role’s permissions to its holder on its next request, and takes them back as soon as they are removed', async () => {
      const created = await t
        .http()
        .post(`${base()}/roles`)
        .set(bearer(acme.admin))
        .set(key())
        .send({ name: '部门管理员', permissions: ['department:create'] })
        .expect(201);
      await t.http().post(`${base()}/departments`).set(bearer(employee)).send({ name: '员工自建部' }).expect(403);
      await t
        .http()
        .patch(`${base()}/members/${employee.userId}`)
        .set(bearer(acme.admin))
        .send({ roles: ['member', created.body.id] })
        .expect(200);
      await t.http().post(`${base()}/departments`).set(bearer(employee)).send({ name: '员工自建部' }).expect(201);
      await t
        .http()
        .patch(`${base()}/roles/${created.body.id}`)
        .set(bearer(acme.admin))
        .send({ permissions: ['department:update'] })
        .expect(200);
      await t.http().post(`${base()}/departments`).set(bearer(employee)).send({ name: '员工自建部二' }).expect(403);
      await t
        .http()
        .patch(`${base()}/members/${employee.userId}`)
        .set(bearer(acme.admin))
        .send({ roles: ['member'] })
        .expect(200);
    });

    it('applies a deny override on the employee’s very next request, and lifting it restores access', async () => {
      await t.http().get(`${base()}/departments`).set(bearer(employee)).expect(200);
      await apiSpec(t)
        .as(acme.admin)
        .when((http) =>
          http
            .put(`${base()}/members/${employee.userId}/overrides`)
            .send({ overrides: [{ permission: 'department:read', effect: 'deny' }] }),
        )
        .then(
          expectResponse(200, { overrides: [{ permission: 'department:read', effect: 'deny' }] }),
          expectNewEvents(membershipStream(acme.enterpriseId, employee.userId), [
            {
              type: 'PermissionOverridesSet',
              data: expect.objectContaining({ overrides: [{ permission: 'department:read', effect: 'deny' }] }),
            },
          ]),
        );
      const denied = await t.http().get(`${base()}/departments`).set(bearer(employee)).expect(403);
      expect(denied.body.errors[0]).toEqual(expect.objectContaining({ field: 'permission', rule: 'permission' }));
      const shown = await t.http().get(`${base()}/members/${employee.userId}/overrides`).set(bearer(acme.admin)).expect(200);
      expect(shown.body).toEqual({ overrides: [{ permission: 'department:read', effect: 'deny' }] });
      // An allow override adds what the roles lack, also from the next request on.
      await t
        .http()
        .put(`${base()}/members/${employee.userId}/overrides`)
        .set(bearer(acme.admin))
        .send({ overrides: [{ permission: 'department:create', effect: 'allow' }] })
        .expect(200);
      await t.http().get(`${base()}/departments`).set(bearer(employee)).expect(200);
      await t.http().post(`${base()}/departments`).set(bearer(employee)).send({ name: '例外授权部' }).expect(201);
      await t.http().put(`${base()}/members/${employee.userId}/overrides`).set(bearer(acme.admin)).send({ overrides: [] }).expect(200);
      await t.http().post(`${base()}/departments`).set(bearer(employee)).send({ name: '例外授权部二' }).expect(403);
    });

    it('validates overrides against the catalogue and refuses a permission twice', async () => {
      const shape = await t
        .http()
        .put(`${base()}/members/${employee.userId}/overrides`)
        .set(bearer(acme.admin))
        .send({ overrides: [{ permission: 'x', effect: 'maybe' }] })
        .expect(400);
      expect(shape.body.errors.map((e: { field: string; rule: string }) => [e.field, e.rule]).sort()).toEqual([
        ['overrides.0.effect', 'isIn'],
        ['overrides.0.permission', 'matches'],
      ]);
      const unknown = await t
        .http()
        .put(`${base()}/members/${employee.userId}/overrides`)
        .set(bearer(acme.admin))
        .send({ overrides: [{ permission: 'member:fly', effect: 'deny' }] })
        .expect(422);
      expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'overrides.0.permission', rule: 'unknown-permission' })]);
      const twice = await t
        .http()
        .put(`${base()}/members/${employee.userId}/overrides`)
        .set(bearer(acme.admin))
        .send({
          overrides: [
            { permission: 'member:read', effect: 'deny' },
            { permission: 'member:read', effect: 'allow' },
          ],
        })
        .expect(422);
      expect(twice.body.errors).toEqual([expect.objectContaining({ field: 'overrides.1.permission', rule: 'duplicate-override' })]);
      // Setting overrides needs member:assign, which an employee lacks.
      await apiSpec(t)
        .as(employee)
        .when((http) =>
          http
            .put(`${base()}/members/${employee.userId}/overrides`)
            .send({ overrides: [{ permission: 'member:assign', effect: 'allow' }] }),
        )
        .then(expectResponse(403), expectNoNewEvents());
    });
  });

  describe('import and export of the employee sheet', () => {
    const csv = (lines: string[]) => Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8').toString('base64');
    const binary = (res: unknown, done: (error: Error | null, body: Buffer) => void) => {
      const chunks: Buffer[] = [];
      const stream = res as NodeJS.ReadableStream;
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => done(null, Buffer.concat(chunks)));
    };

    it('imports row by row: employees get department and roles, registered people are invited, the rest is reported', async () => {
      const group = await createDepartment('一组', await createDepartment('导入部'));
      const outsider = await signUp(t);
      const contentBase64 = csv([
        '手机号,姓名,部门,角色',
        `${employee.phone},张三,导入部/一组,普通员工`,
        `${outsider.phone},李四,,`,
        '13911112222,王五,,',
        'abc,赵六,,',
        `${employee.phone.slice(0, 3)} ${employee.phone.slice(3)},重复,,`,
        `${outsider.phone.replace(/^1/, '+86 1')},钱七,不存在部,`,
      ]);
      const idempotency = randomUUID();
      const send = () =>
        t
          .http()
          .post(`${base()}/members/import`)
          .set(bearer(acme.admin))
          .set('Idempotency-Key', idempotency)
          .send({ fileName: '员工.csv', contentBase64 });
      const first = await apiSpec(t)
        .when(send)
        .then(
          expectResponse(200, {
            imported: 2,
            updated: [{ row: 2, userId: employee.userId }],
            invited: [{ row: 3, userId: outsider.userId, token: expect.any(String), expiresAt: expect.any(String) }],
            rejected: [
              expect.objectContaining({ row: 4, field: 'phone', rule: 'account-unknown' }),
              expect.objectContaining({ row: 5, field: 'phone', rule: 'phone-format' }),
              expect.objectContaining({ row: 6, field: 'phone', rule: 'duplicate-in-file' }),
              expect.objectContaining({ row: 7, field: 'phone', rule: 'duplicate-in-file' }),
            ],
          }),
          expectNewEvents(departmentsStream(acme.enterpriseId), [
            { type: 'MemberDepartmentChanged', data: expect.objectContaining({ userId: employee.userId, departmentId: group }) },
          ]),
          expectNewEvents(membershipStream(acme.enterpriseId, outsider.userId), [
            { type: 'MemberInvited', data: expect.objectContaining({ invitedBy: acme.admin.userId }) },
          ]),
        );
      // The same file under the same key: the same report, nothing appended twice.
      await apiSpec(t).when(send).then(expectResponse(200, first.response.body), expectNoNewEvents());
      const invitation = (first.response.body as { invited: { token: string }[] }).invited[0]!;
      await t
        .http()
        .post('/api/v1/invitations/accept')
        .set(bearer(outsider))
        .send({ enterpriseId: acme.enterpriseId, token: invitation.token })
        .expect(200);
      const unknownNames = await t
        .http()
        .post(`${base()}/members/import`)
        .set(bearer(acme.admin))
        .send({
          fileName: 'staff.csv',
          contentBase64: csv(['Phone,Name,Department,Role', `${outsider.phone},李四,不存在部,`, `${employee.phone},张三,,飞行员`]),
        })
        .expect(200);
      expect(unknownNames.body).toEqual({
        imported: 0,
        updated: [],
        invited: [],
        rejected: [
          expect.objectContaining({ row: 2, field: 'department', rule: 'department-unknown' }),
          expect.objectContaining({ row: 3, field: 'roles', rule: 'unknown-role' }),
        ],
      });
    });

    it('refuses a file it cannot read with 400 naming file and rule, and a wrong body with 400 naming the field', async () => {
      const garbage = await apiSpec(t)
        .as(acme.admin)
        .when((http) =>
          http
            .post(`${base()}/members/import`)
            .send({ fileName: 'staff.xlsx', contentBase64: Buffer.from('not a workbook').toString('base64') }),
        )
        .then(expectResponse(400), expectNoNewEvents());
      expect((garbage.response.body as { errors: { field: string }[] }).errors).toEqual([expect.objectContaining({ field: 'file' })]);
      // Files up to 2 MB pass the request-body limit (1 MiB elsewhere); larger ones are refused by name.
      const padded = csv(['手机号,姓名,备注', `${employee.phone},张三,${'备'.repeat(500_000)}`]);
      expect(padded.length).toBeGreaterThan(1_048_576 * 1.5);
      const big = await t
        .http()
        .post(`${base()}/members/import`)
        .set(bearer(acme.admin))
        .send({ fileName: 'big.csv', contentBase64: padded })
        .expect(200);
      expect(big.body.rejected).toEqual([]);
      const huge = await t
        .http()
        .post(`${base()}/members/import`)
        .set(bearer(acme.admin))
        .send({ fileName: 'huge.csv', contentBase64: 'A'.repeat(2_800_000) })
        .expect(400);
      expect(huge.body.errors).toEqual([expect.objectContaining({ field: 'contentBase64', rule: 'maxLength' })]);
      const name = await t
        .http()
        .post(`${base()}/members/import`)
        .set(bearer(acme.admin))
        .send({ fileName: 'staff.xls', contentBase64: 'AAAA' })
        .expect(400);
      expect(name.body.errors).toEqual([expect.objectContaining({ field: 'fileName', rule: 'matches' })]);
      const headerless = await t
        .http()
        .post(`${base()}/members/import`)
        .set(bearer(acme.admin))
        .send({ fileName: 'staff.csv', contentBase64: csv(['姓名', '张三']) })
        .expect(200);
      expect(headerless.body.rejected).toEqual([expect.objectContaining({ row: 1, rule: expect.any(String) })]);
      await apiSpec(t)
        .as(employee)
        .when((http) =>
          http
            .post(`${base()}/members/import`)
            .send({ fileName: 'staff.csv', contentBase64: csv(['手机号,姓名', `${employee.phone},张三`]) }),
        )
        .then(expectResponse(403), expectNoNewEvents());
    });

    it('exports the active employees as CSV or XLSX, as an attachment, with whole numbers for the admin', async () => {
      const res = await t
        .http()
        .get(`${base()}/members/export`)
        .query({ format: 'csv' })
        .set(bearer(acme.admin))
        .buffer(true)
        .parse(binary)
        .expect(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="employees-\d{4}-\d{2}-\d{2}\.csv"; filename\*=UTF-8''/);
      const text = (res.body as Buffer).toString('utf8');
      expect(text).toContain('手机号');
      expect(text).toContain(employee.phone);
      expect(text).toContain('导入部/一组');
      const xlsx = await t
        .http()
        .get(`${base()}/members/export`)
        .query({ format: 'xlsx', language: 'en' })
        .set(bearer(acme.admin))
        .buffer(true)
        .parse(binary)
        .expect(200);
      expect((xlsx.body as Buffer).subarray(0, 2).toString('latin1')).toBe('PK');
      await t.http().get(`${base()}/members/export`).query({ format: 'pdf' }).set(bearer(acme.admin)).expect(400);
      await t.http().get(`/api/v1/enterprises/${rival.enterpriseId}/members/export`).set(bearer(acme.admin)).expect(404);
      // An employee sees the list, but not whole numbers.
      const masked = await t
        .http()
        .get(`${base()}/members/export`)
        .query({ format: 'csv' })
        .set(bearer(employee))
        .buffer(true)
        .parse(binary)
        .expect(200);
      expect((masked.body as Buffer).toString('utf8')).not.toContain(employee.phone);
    });
  });
});

type IdentityAppHttp = ReturnType<IdentityApp['http']>;
