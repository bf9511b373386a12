// The compose file's product services must share one field keyring and one admin token: a value
// encrypted by the API has to be readable by the worker, and the operations token has to open every role.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { resolveAdminToken } from '../backend/src/admin/admin-token';
import { loadOrCreateKeyring } from '../backend/src/identity/crypto/keyring';

interface Service {
  image?: string;
  environment?: Record<string, string>;
  volumes?: string[];
}
const compose = parse(readFileSync(join(__dirname, '../docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, Service> };
const product = Object.entries(compose.services).filter(([, s]) => s.image?.startsWith('kuaige/service-cloud'));

/** Starts each service's key and token resolution with every named volume as one directory, as Docker would. */
const secretsPerService = () => {
  const volumes = new Map<string, string>();
  return product.map(([name, service]) => {
    const env = service.environment ?? {};
    const dataDir = env['DATA_DIR']!;
    const mount = (service.volumes ?? []).map((v) => v.split(':')).find(([, target]) => target === dataDir);
    if (!mount) throw new Error(`${name} has no volume at its DATA_DIR ${dataDir}: its keys would die with the container`);
    const source = mount[0]!;
    if (!volumes.has(source)) volumes.set(source, mkdtempSync(join(tmpdir(), `kuaige-compose-${source}-`)));
    const dir = volumes.get(source)!;
    const keyring = loadOrCreateKeyring(dir, env);
    return { name, keyIds: keyring.keyIds, token: resolveAdminToken(env['ADMIN_TOKEN'] ?? null, dir) };
  });
};

describe('docker-compose.yml', () => {
  it('runs the api, projector and worker roles from the product image', () => {
    expect(product.map(([name, s]) => [name, s.environment?.['ROLE']])).toEqual([
      ['api', 'api'],
      ['projector', 'projector'],
      ['worker', 'worker'],
    ]);
  });

  it('gives every product service the same field keyring and admin token', () => {
    const seen = secretsPerService();
    const [first] = seen;
    for (const s of seen) expect({ service: s.name, keyIds: s.keyIds, token: s.token }).toEqual({ service: s.name, keyIds: first!.keyIds, token: first!.token });
  });
});
