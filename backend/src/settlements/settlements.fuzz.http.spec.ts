// The schema-driven fuzzer of backend/src/http/fuzz.http.spec.ts aimed at the settlement, fee-schedule
// and ledger operations only, with callers who hold their permissions (an equipment user's admin, a
// city operator) beside a stranger and no one: no 5xx, every refusal names field and rule, and a refusal
// changes nothing. The whole-API fuzz covers these operations too; this run keeps them quick to check.
import { fuzz, restCheck, type Caller, type Tally } from '../http/testing/fuzz-harness';
import { apiOperations, httpCases, type OpenApiDocument } from '../http/testing/openapi-cases';
import { bearer, startIdentityApp, type IdentityApp } from '../identity/testing/identity-app';
import { enterpriseWithAdmin, nationalRoot, nodeWithAdmin, signUp } from '../tenancy/testing/tenancy-app';

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 40);
const SEED = Number(process.env['FUZZ_SEED'] ?? 20261201);
const OURS = /^\/api\/v1\/(settlements|fee-schedules|ledger)/;

describe('fuzzing the settlement operations', () => {
  let t: IdentityApp;
  let doc: OpenApiDocument;
  const callers: Caller[] = [];
  const tallies: Record<string, Tally> = {};

  beforeAll(async () => {
    t = await startIdentityApp();
    doc = (await t.http().get('/api/docs/openapi.json').expect(200)).body as OpenApiDocument;
    const root = await nationalRoot(t);
    const guangdong = await nodeWithAdmin(t, root.admin, '44');
    const city = (await nodeWithAdmin(t, guangdong.admin, '4403')).admin;
    const owner = await enterpriseWithAdmin(t, '440305', 'equipment-user');
    await t.http().post(`/api/v1/enterprises/${owner.enterpriseId}/approve`).set(bearer(city)).send({}).expect(200);
    const stranger = await signUp(t);
    const as = (name: string, who: { accessToken: string }): Caller => ({
      name,
      headers: async () => ({ authorization: `Bearer ${who.accessToken}` }),
    });
    callers.push(
      { name: 'anonymous', headers: async () => ({}) },
      as('stranger', stranger),
      as('equipment-user-admin', owner.admin),
      as('city-operator', city),
    );
  }, 240_000);
  afterAll(async () => {
    process.stdout.write(`\nFuzz answers by operation and status (${RUNS} cases per operation and caller, seed ${SEED}):\n`);
    for (const [target, tally] of Object.entries(tallies)) process.stdout.write(`  ${target}: ${JSON.stringify(tally)}\n`);
    await t.close();
  });

  it(
    'answers every generated request without a 5xx, naming field and rule, changing nothing when refusing',
    async () => {
      const ops = apiOperations(doc).filter((o) => OURS.test(o.path));
      expect(ops.map((o) => `${o.method} ${o.path}`)).toEqual(
        expect.arrayContaining([
          'POST /api/v1/fee-schedules',
          'POST /api/v1/settlements/{settlementId}/disputes',
          'POST /api/v1/settlements/{settlementId}/pay',
          'GET /api/v1/ledger/statements',
        ]),
      );
      for (const op of ops)
        for (const caller of callers) {
          const target = `${op.method} ${op.path} as ${caller.name}`;
          const tally: Tally = (tallies[target] = {});
          await fuzz(target, httpCases(doc, op), restCheck(t.app, caller, [], tally), { runs: RUNS, seed: SEED });
        }
      const accepted = Object.values(tallies).reduce(
        (n, tally) =>
          n +
          Object.entries(tally)
            .filter(([s]) => Number(s) < 400)
            .reduce((m, [, k]) => m + k, 0),
        0,
      );
      expect(accepted).toBeGreaterThan(0);
    },
    20 * 60_000,
  );
});
