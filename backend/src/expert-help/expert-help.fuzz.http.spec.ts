// The schema-driven fuzzer of backend/src/http/fuzz.http.spec.ts aimed at expert help's operations
// only, with callers who have a part in it (the engineer acting for the provider, the certified
// expert) beside a stranger and no one: no 5xx, every refusal names field and rule, and a refusal
// changes nothing. The whole-API fuzz covers these operations too; this run keeps them quick to check.
import { fuzz, restCheck, type Caller, type Tally } from '../http/testing/fuzz-harness';
import { apiOperations, httpCases, type OpenApiDocument } from '../http/testing/openapi-cases';
import { startIdentityApp, type IdentityApp } from '../identity/testing/identity-app';
import { signUp } from '../tenancy/testing/tenancy-app';
import { expertHelpWorld, orderInProgress } from './testing/expert-help-world';

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 60);
const SEED = Number(process.env['FUZZ_SEED'] ?? 20261201);
const OURS = /^\/api\/v1\/(expert-help|experts|me\/expert-|work-orders\/\{id\}\/expert-help)/;

describe('fuzzing the expert-help operations', () => {
  let t: IdentityApp;
  let doc: OpenApiDocument;
  const callers: Caller[] = [];
  const tallies: Record<string, Tally> = {};

  beforeAll(async () => {
    t = await startIdentityApp();
    doc = (await t.http().get('/api/docs/openapi.json').expect(200)).body as OpenApiDocument;
    const w = await expertHelpWorld(t);
    await orderInProgress(t, w);
    const stranger = await signUp(t);
    const as = (name: string, who: { accessToken: string }): Caller => ({ name, headers: async () => ({ authorization: `Bearer ${who.accessToken}` }) });
    callers.push({ name: 'anonymous', headers: async () => ({}) }, as('stranger', stranger), as('engineer', w.engineer), as('expert', w.expert));
  }, 240_000);
  afterAll(async () => {
    process.stdout.write(`\nFuzz answers by operation and status (${RUNS} cases per operation and caller, seed ${SEED}):\n`);
    for (const [target, tally] of Object.entries(tallies)) process.stdout.write(`  ${target}: ${JSON.stringify(tally)}\n`);
    await t.close();
  });

  it('answers every generated request without a 5xx, naming field and rule, changing nothing when refusing', async () => {
    const ops = apiOperations(doc).filter((o) => OURS.test(o.path) && !o.path.endsWith('/messages/stream'));
    expect(ops.map((o) => `${o.method} ${o.path}`)).toEqual(expect.arrayContaining(['POST /api/v1/work-orders/{id}/expert-help', 'POST /api/v1/expert-help/{id}/messages', 'GET /api/v1/experts', 'PUT /api/v1/me/expert-profile']));
    for (const op of ops)
      for (const caller of callers) {
        const target = `${op.method} ${op.path} as ${caller.name}`;
        const tally: Tally = (tallies[target] = {});
        await fuzz(target, httpCases(doc, op), restCheck(t.app, caller, [], tally), { runs: RUNS, seed: SEED });
      }
    const accepted = Object.values(tallies).reduce((n, tally) => n + Object.entries(tally).filter(([s]) => Number(s) < 400).reduce((m, [, k]) => m + k, 0), 0);
    expect(accepted).toBeGreaterThan(0);
  }, 20 * 60_000);
});
