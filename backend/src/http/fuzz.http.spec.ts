// Schema-driven fuzzing of every REST operation in the served OpenAPI document and every GraphQL
// query and mutation: no 5xx, every refusal names field and rule, and a refusal changes nothing.
// A fixed seed in CI; FUZZ_RUNS=5000 (and FUZZ_SEED=n to replay a report) for a long run.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ADMIN_TOKEN_FILE } from '../admin/admin-token';
import { SessionIssuer } from '../identity/application/session-issuer';
import { startIdentityApp, login, register, type IdentityApp } from '../identity/testing/identity-app';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { appState, fuzz, graphqlCheck, restCheck, send, type Caller, type Tally } from './testing/fuzz-harness';
import { graphqlCases, graphqlOperations } from './testing/graphql-cases';
import { apiOperations, httpCases, type OpenApiDocument } from './testing/openapi-cases';

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 150);
const SEED = Number(process.env['FUZZ_SEED'] ?? 20261201);
// Long mode takes about a second per case and caller over all operations on a shared 2-core machine;
// the CI run (~300 operations × 3 callers × 150 cases, each case fingerprinting every read model before
// and after) takes 15–25 minutes while other suites share the cores, and grows with every route.
const TIMEOUT_MS = 45 * 60_000 + RUNS * 1_000;

describe('fuzzing the API: REST from its OpenAPI document, GraphQL from its schema', () => {
  let t: IdentityApp;
  let doc: OpenApiDocument;
  const callers: Caller[] = [];
  const tallies: Record<string, Tally> = {};

  beforeAll(async () => {
    t = await startIdentityApp({ GRAPHQL_REQUESTS_PER_MINUTE: '1000000' });
    doc = (await t.http().get('/api/docs/openapi.json').expect(200)).body as OpenApiDocument;
    const { phone, userId } = await register(t);
    let session: { accessToken: string } = await login(t, phone);
    const issuer = t.app.get(SessionIssuer);
    const adminToken = readFileSync(join(t.dataDir, ADMIN_TOKEN_FILE), 'utf8').trim();
    callers.push(
      { name: 'anonymous', headers: async () => ({}) },
      {
        name: 'signed-in',
        headers: async () => ({ authorization: `Bearer ${session.accessToken}` }),
        // Some accepted requests end the session (logout, logout-all): a new one for the next case,
        // issued directly, since a password check per case (argon2, ~50 ms) would eat the time budget.
        afterAccepted: async () => {
          const me = await send(t.app, { kind: 'probe', method: 'GET', url: '/api/v1/me' }, { authorization: `Bearer ${session.accessToken}` });
          if (me.status === 401) session = await issuer.start(userId, randomUUID(), { ip: '127.0.0.1', userAgent: 'fuzz' }, { actor: { userId, ip: '127.0.0.1' }, tenantIds: [], jurisdiction: [] });
        },
      },
      // Past the admin guard, into the operations API's own input handling.
      { name: 'operations (admin token)', headers: async () => ({ authorization: `Bearer ${adminToken}` }) },
    );
  });
  afterAll(async () => {
    process.stdout.write(`\nFuzz answers by operation and status (${RUNS} cases per operation and caller, seed ${SEED}):\n`);
    for (const [target, tally] of Object.entries(tallies)) process.stdout.write(`  ${target}: ${JSON.stringify(tally)}\n`);
    await t.close();
  }, 120_000);

  it('finds the operations in the document the application serves', () => {
    const ops = apiOperations(doc).map((o) => `${o.method} ${o.path}`);
    expect(ops).toEqual(
      expect.arrayContaining(['POST /api/v1/auth/login', 'PATCH /api/v1/me', 'DELETE /api/v1/auth/sessions/{id}', 'POST /api/v1/admin/projections/{name}/rebuild', 'POST /api/v1/blobs', 'GET /api/v1/blobs/{id}']),
    );
    // The upload takes files as its raw body: the cases send bytes, not JSON.
    expect(apiOperations(doc).find((o) => o.path === '/api/v1/blobs' && o.method === 'POST')?.files).toEqual(['image/jpeg', 'image/png', 'application/pdf']);
  });

  it('answers every generated request to every operation without a 5xx, naming field and rule, changing nothing when refusing', async () => {
    for (const op of apiOperations(doc)) {
      for (const caller of callers) {
        const target = `${op.method} ${op.path} as ${caller.name}`;
        const tally: Tally = (tallies[target] = {});
        const started = Date.now();
        await fuzz(target, httpCases(doc, op), restCheck(t.app, caller, [], tally), { runs: RUNS, seed: SEED });
        tally['ms'] = Date.now() - started;
      }
    }
    // The harness itself would notice nothing if every request were refused at the door.
    const accepted = Object.values(tallies).reduce((n, tally) => n + Object.entries(tally).filter(([s]) => Number(s) < 400).reduce((m, [, k]) => m + k, 0), 0);
    expect(accepted).toBeGreaterThan(0);
    // Files reached the upload's own checks and some were stored.
    expect(tallies['POST /api/v1/blobs as signed-in']).toEqual(expect.objectContaining({ 201: expect.any(Number), 400: expect.any(Number), 413: expect.any(Number), 415: expect.any(Number) }));
    expect((await appState(t.app)).head).toBeGreaterThan(0);
  }, TIMEOUT_MS);

  it('answers every generated document for every GraphQL query and mutation without a 5xx or INTERNAL_SERVER_ERROR, changing nothing when refusing', async () => {
    const operations = graphqlOperations(t.app.get(GraphQLSchemaHost).schema);
    expect(operations.map((o) => `${o.operation} ${o.field.name}`)).toContain('query platform');
    for (const op of operations) {
      for (const caller of callers) {
        const target = `GraphQL ${op.operation} ${op.field.name} as ${caller.name}`;
        const tally: Tally = (tallies[target] = {});
        const started = Date.now();
        await fuzz(target, graphqlCases(op), graphqlCheck(t.app, caller, tally), { runs: RUNS, seed: SEED });
        tally['ms'] = Date.now() - started;
      }
    }
    expect(Object.keys(tallies).filter((k) => k.startsWith('GraphQL'))).toHaveLength(operations.length * callers.length);
  }, TIMEOUT_MS);
});
