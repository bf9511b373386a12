// The authorization matrix, generated and run through the real HTTP API, REST and GraphQL: every built-in
// role (operator-admin, operator-staff and compliance at a city node, operator-admin at a county, an
// enterprise's admin, employee and engineer) and a person with no acting context × every action on an
// addressed row × rows inside and outside its scope (its own node or enterprise, its subtree, a sibling subtree, its parent, another enterprise). Each cell's expected
// answer comes from an oracle written independently of the guard: no permission → 403; permission but
// the row outside scope → 404 (as for a row that does not exist); otherwise the request passes
// authorization (2xx, or the decider's own 409/422). A refused cell must append no event.
import type { EventStore } from '@kuaige/eventsourcing';
import { builtInRole, jurisdictionOf, type Permission } from '@kuaige/tenancy';
import { EVENT_STORE } from '../event-sourcing/aggregate-streams';
import { bearer, startIdentityApp, type IdentityApp } from '../identity/testing/identity-app';
import { employeeOf, enterpriseWithAdmin, nationalRoot, nodeWithAdmin, signUp, staffOf, type Person } from './testing/tenancy-app';
import { appendedBesidesSecurityLog } from '../testing/appended';

type Outcome = 'allowed' | 'forbidden' | 'not-found';

interface Target {
  readonly label: string;
  readonly kind: 'node' | 'enterprise';
  readonly id: string;
  /** The node's division or the enterprise's county. */
  readonly division: string;
}

interface ActorCase {
  readonly label: string;
  readonly person: Person;
  readonly roles: readonly string[];
  readonly scope: { readonly kind: 'operator'; readonly region: string } | { readonly kind: 'enterprise'; readonly enterpriseId: string } | null;
}

interface ActionCase {
  readonly label: string;
  readonly permission: Permission;
  readonly on: Target['kind'];
  /** Runs before the cell is measured (a cell's own preparations are not its effects). */
  readonly prepare?: (t: IdentityApp) => Promise<Person>;
  readonly rest: (t: IdentityApp, person: Person, target: Target, prepared?: Person) => Promise<{ status: number }>;
  readonly graphql?: (t: IdentityApp, person: Person, target: Target) => Promise<{ status: number }>;
}

/** The oracle: what a cell must answer, from the roles' permissions and the scope relation alone. */
const expected = (actor: ActorCase, action: ActionCase, target: Target): Outcome => {
  const granted = actor.roles.some((key) => builtInRole(key)?.permissions.includes(action.permission));
  if (!granted || actor.scope === null) return 'forbidden';
  if (actor.scope.kind === 'operator') return jurisdictionOf(target.division).includes(actor.scope.region) ? 'allowed' : 'not-found';
  return target.kind === 'enterprise' && target.id === actor.scope.enterpriseId ? 'allowed' : 'not-found';
};

const classify = (status: number): Outcome | `unexpected ${number}` =>
  status === 403 ? 'forbidden' : status === 404 ? 'not-found' : (status >= 200 && status < 300) || status === 409 || status === 422 ? 'allowed' : `unexpected ${status}`;

/** A GraphQL answer's status: the guard's HttpException travels in extensions.originalError. */
const graphqlStatus = (body: { data?: unknown; errors?: { extensions?: { originalError?: { statusCode?: number } } }[] }): number =>
  body.errors?.length ? (body.errors[0]!.extensions?.originalError?.statusCode ?? 500) : 200;

const gql = async (t: IdentityApp, person: Person, query: string, variables: Record<string, unknown>) => {
  const res = await t.http().post('/graphql').set(bearer(person)).send({ query, variables });
  return { status: graphqlStatus(res.body) };
};

let renames = 0;
const ACTIONS: readonly ActionCase[] = [
  {
    label: 'read node',
    permission: 'operator-node:read',
    on: 'node',
    rest: (t, p, x) => t.http().get(`/api/v1/operator-nodes/${x.id}`).set(bearer(p)),
    graphql: (t, p, x) => gql(t, p, 'query($id: ID!) { operatorNode(id: $id) { id name } }', { id: x.id }),
  },
  {
    label: 'rename node',
    permission: 'operator-node:update',
    on: 'node',
    rest: (t, p, x) => t.http().patch(`/api/v1/operator-nodes/${x.id}`).set(bearer(p)).send({ name: `运营节点 ${x.division} ${++renames}` }),
  },
  {
    label: 'appoint staff',
    permission: 'operator-node:assign',
    on: 'node',
    prepare: (t) => signUp(t),
    rest: (t, p, x, someone) => t.http().post(`/api/v1/operator-nodes/${x.id}/staff`).set(bearer(p)).send({ phone: someone!.phone, roles: ['operator-staff'] }),
  },
  {
    label: 'read enterprise',
    permission: 'enterprise:read',
    on: 'enterprise',
    rest: (t, p, x) => t.http().get(`/api/v1/enterprises/${x.id}`).set(bearer(p)),
    graphql: (t, p, x) => gql(t, p, 'query($id: ID!) { enterprise(id: $id) { id status } }', { id: x.id }),
  },
  {
    label: 'review enterprise',
    permission: 'enterprise:review',
    on: 'enterprise',
    rest: (t, p, x) => t.http().post(`/api/v1/enterprises/${x.id}/reject`).set(bearer(p)).send({ opinion: '矩阵测试' }),
    graphql: (t, p, x) => gql(t, p, 'mutation($id: ID!) { rejectEnterprise(id: $id, review: { opinion: "矩阵测试" }) { id } }', { id: x.id }),
  },
];

describe('the authorization matrix over REST and GraphQL', () => {
  let t: IdentityApp;
  let events: EventStore;
  let actors: ActorCase[];
  let targets: Target[];

  beforeAll(async () => {
    t = await startIdentityApp();
    events = t.app.get(EVENT_STORE);
    const root = await nationalRoot(t);
    const guangdong = await nodeWithAdmin(t, root.admin, '44');
    const shenzhen = await nodeWithAdmin(t, guangdong.admin, '4403');
    const guangzhou = await nodeWithAdmin(t, guangdong.admin, '4401');
    const nanshan = await nodeWithAdmin(t, shenzhen.admin, '440305');
    const acme = await enterpriseWithAdmin(t, '440305', 'manufacturer');
    const beta = await enterpriseWithAdmin(t, '440106', 'service-provider');
    await t.http().post(`/api/v1/enterprises/${acme.enterpriseId}/approve`).set(bearer(shenzhen.admin)).send({}).expect(200);
    await t.http().post(`/api/v1/enterprises/${beta.enterpriseId}/approve`).set(bearer(guangzhou.admin)).send({}).expect(200);
    const city = (roles: string[]) => staffOf(t, shenzhen.admin, shenzhen.nodeId, roles);
    actors = [
      { label: 'city operator-admin', person: shenzhen.admin, roles: ['operator-admin'], scope: { kind: 'operator', region: '4403' } },
      { label: 'city operator-staff', person: await city(['operator-staff']), roles: ['operator-staff'], scope: { kind: 'operator', region: '4403' } },
      { label: 'city compliance', person: await city(['compliance']), roles: ['compliance'], scope: { kind: 'operator', region: '4403' } },
      { label: 'county operator-admin', person: nanshan.admin, roles: ['operator-admin'], scope: { kind: 'operator', region: '440305' } },
      { label: 'enterprise admin', person: acme.admin, roles: ['admin'], scope: { kind: 'enterprise', enterpriseId: acme.enterpriseId } },
      { label: 'enterprise employee', person: await employeeOf(t, acme, ['member']), roles: ['member'], scope: { kind: 'enterprise', enterpriseId: acme.enterpriseId } },
      { label: 'enterprise engineer', person: await employeeOf(t, acme, ['engineer']), roles: ['engineer'], scope: { kind: 'enterprise', enterpriseId: acme.enterpriseId } },
      { label: 'no acting context', person: await signUp(t), roles: [], scope: null },
    ];
    targets = [
      { label: 'parent node', kind: 'node', id: guangdong.nodeId, division: '44' },
      { label: 'own node', kind: 'node', id: shenzhen.nodeId, division: '4403' },
      { label: 'subtree node', kind: 'node', id: nanshan.nodeId, division: '440305' },
      { label: 'sibling subtree node', kind: 'node', id: guangzhou.nodeId, division: '4401' },
      { label: 'enterprise in the subtree (the admin’s own)', kind: 'enterprise', id: acme.enterpriseId, division: '440305' },
      { label: 'enterprise in a sibling subtree (another enterprise)', kind: 'enterprise', id: beta.enterpriseId, division: '440106' },
    ];
  }, 180_000);
  afterAll(() => t.close());

  it('answers every cell as the oracle says, and refused cells change nothing', async () => {
    const cells: string[] = [];
    const wrong: string[] = [];
    for (const actor of actors)
      for (const action of ACTIONS)
        for (const target of targets.filter((x) => x.kind === action.on))
          for (const [transport, run] of [['REST', action.rest], ['GraphQL', action.graphql]] as const) {
            if (!run) continue;
            const want = expected(actor, action, target);
            const prepared = transport === 'REST' && action.prepare ? await action.prepare(t) : undefined;
            const before = await events.headPosition();
            const got = classify((await (run as ActionCase['rest'])(t, actor.person, target, prepared)).status);
            const appended = await appendedBesidesSecurityLog(events, before);
            const cell = `${actor.label} | ${action.label} | ${target.label} | ${transport}: ${got}`;
            cells.push(cell);
            if (got !== want) wrong.push(`${cell} (expected ${want})`);
            if (want !== 'allowed' && appended.length > 0) wrong.push(`${cell}: appended ${appended.join(', ')}`);
          }
    process.stdout.write(`\nauthorization matrix (${cells.length} cells):\n${cells.join('\n')}\n`);
    expect(wrong).toEqual([]);
    expect(cells.length).toBe(8 * (4 * 3 + 2 * 2) + 8 * (4 + 2 * 2));
  }, 300_000);
});
