import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, redactUrl } from './config';

const dataDir = () => mkdtempSync(join(tmpdir(), 'kuaige-config-'));
const load = (env: Record<string, string>) => loadConfig({ DATA_DIR: dataDir(), ...env });
const errorOf = (env: Record<string, string>): ConfigError => {
  try {
    load(env);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
};

describe('configuration', () => {
  it('defaults to the embedded product: role all, no external servers, port 3000 on loopback', () => {
    const config = load({});
    expect(config).toMatchObject({
      role: 'all',
      host: '127.0.0.1',
      port: 3000,
      eventStoreUrl: null,
      mongoUrl: null,
      redisUrl: null,
      nodeEnv: 'development',
      mongoDb: 'kuaige',
    });
  });

  it('reads every variable', () => {
    const config = load({
      ROLE: 'projector',
      PORT: '8081',
      HOST: '0.0.0.0',
      EVENTSTORE_URL: 'esdb://es:2113?tls=false',
      MONGO_URL: 'mongodb://mongo:27017/?replicaSet=rs0',
      MONGO_DB: 'kuaige_test',
      REDIS_URL: 'redis://redis:6379',
      LOG_LEVEL: 'debug',
      NODE_ENV: 'production',
      CORS_ORIGINS: 'https://console.example.com, http://localhost:4200',
      CONSOLE_DIR: 'off',
    });
    expect(config).toMatchObject({
      role: 'projector',
      port: 8081,
      host: '0.0.0.0',
      eventStoreUrl: 'esdb://es:2113?tls=false',
      mongoUrl: 'mongodb://mongo:27017/?replicaSet=rs0',
      mongoDb: 'kuaige_test',
      redisUrl: 'redis://redis:6379',
      logLevel: 'debug',
      nodeEnv: 'production',
      corsOrigins: ['https://console.example.com', 'http://localhost:4200'],
      consoleDir: null,
    });
  });

  it.each([
    [{ ROLE: 'nonsense' }, 'ROLE', 'must be one of all|api|projector|worker'],
    [{ PORT: '70000' }, 'PORT', 'must be an integer from 0 to 65535'],
    [{ PORT: 'eighty' }, 'PORT', 'must be an integer'],
    [{ MONGO_URL: 'not a url' }, 'MONGO_URL', 'must be a URL'],
    [{ MONGO_URL: 'http://mongo:27017' }, 'MONGO_URL', 'scheme mongodb: or mongodb+srv:'],
    [{ EVENTSTORE_URL: 'tcp://es:1113' }, 'EVENTSTORE_URL', 'scheme esdb:'],
    [{ REDIS_URL: 'redis//x' }, 'REDIS_URL', 'must be a URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL', 'must be one of'],
    [{ MONGO_DB: 'a b' }, 'MONGO_DB', 'letters, digits'],
    [{ CORS_ORIGINS: 'https://ok.example.com,javascript:alert(1)' }, 'CORS_ORIGINS', 'origins'],
    [{ TRUSTED_PROXIES: 'nginx' }, 'TRUSTED_PROXIES', 'IP addresses or CIDRs'],
    [{ TRUSTED_PROXIES: '10.0.0.0/33' }, 'TRUSTED_PROXIES', 'IP addresses or CIDRs'],
    [{ TRUSTED_PROXIES: '10.0.0.1,fd00::/129' }, 'TRUSTED_PROXIES', 'IP addresses or CIDRs'],
    [{ TRUSTED_PROXIES: '10.0.0.0/8/1' }, 'TRUSTED_PROXIES', 'IP addresses or CIDRs'],
  ])('refuses %j naming %s', (env, variable, rule) => {
    const error = errorOf(env);
    expect(error.variable).toBe(variable);
    expect(error.message.startsWith(variable)).toBe(true);
    expect(error.message).toContain(rule);
    expect(error.message).not.toContain('\n');
  });

  describe('roles that split the product across processes', () => {
    const shared = { MONGO_URL: 'mongodb://mongo:27017/?replicaSet=rs0', REDIS_URL: 'redis://redis:6379' };

    it.each(['api', 'projector', 'worker'])('ROLE=%s refuses the embedded read models, naming ROLE and MONGO_URL', (role) => {
      const error = errorOf({ ROLE: role, REDIS_URL: shared.REDIS_URL });
      expect(error.variable).toBe('MONGO_URL');
      expect(error.message).toMatch(new RegExp(`^MONGO_URL must be set when ROLE=${role}: `));
      expect(error.message).not.toContain('\n');
    });

    it.each(['api', 'projector', 'worker'])('ROLE=%s refuses the in-process job runner, naming ROLE and REDIS_URL', (role) => {
      const error = errorOf({ ROLE: role, MONGO_URL: shared.MONGO_URL });
      expect(error.variable).toBe('REDIS_URL');
      expect(error.message).toMatch(new RegExp(`^REDIS_URL must be set when ROLE=${role}: `));
    });

    it('names the read models first when neither is set', () => {
      expect(errorOf({ ROLE: 'api' }).variable).toBe('MONGO_URL');
    });

    it.each(['api', 'projector', 'worker'])('ROLE=%s starts with MongoDB and Redis, with or without an external event store', (role) => {
      expect(load({ ROLE: role, ...shared })).toMatchObject({ role, eventStoreUrl: null });
      expect(load({ ROLE: role, ...shared, EVENTSTORE_URL: 'esdb://es:2113?tls=false' })).toMatchObject({ role });
    });

    it('ROLE=all may run everything embedded, or any part on a server', () => {
      expect(load({ ROLE: 'all' })).toMatchObject({ role: 'all', mongoUrl: null, redisUrl: null });
      expect(load({ ROLE: 'all', MONGO_URL: shared.MONGO_URL })).toMatchObject({ mongoUrl: shared.MONGO_URL, redisUrl: null });
      expect(load({ ROLE: 'all', REDIS_URL: shared.REDIS_URL })).toMatchObject({ mongoUrl: null, redisUrl: shared.REDIS_URL });
    });
  });

  it('refuses a data directory that cannot be created or written', () => {
    const file = join(dataDir(), 'a-file');
    writeFileSync(file, 'x');
    const error = (() => {
      try {
        loadConfig({ DATA_DIR: join(file, 'sub') });
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error('expected a ConfigError');
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.variable).toBe('DATA_DIR');
    expect(error.message).toContain('must be a writable directory');
  });

  it('trusts no proxy unless told, and reads the proxies it may believe', () => {
    expect(load({ NODE_ENV: 'production' }).trustedProxies).toEqual([]);
    expect(load({ TRUSTED_PROXIES: ' 172.30.0.80, 10.0.0.0/8,fd00::/8 ,::1' }).trustedProxies).toEqual(['172.30.0.80', '10.0.0.0/8', 'fd00::/8', '::1']);
  });

  it('accepts a data directory that another process with the same pid is probing (containers sharing a volume)', () => {
    const dir = dataDir();
    // Every container's process may be pid 1: a peer's probe under the same pid-derived name is in flight.
    mkdirSync(join(dir, `.write-probe-${process.pid}`));
    expect(loadConfig({ DATA_DIR: dir }).dataDir).toBe(dir);
  });

  it('never shows a password of a URL in its error', () => {
    const error = errorOf({ MONGO_URL: 'http://admin:s3cret@mongo:27017' });
    expect(error.message).not.toContain('s3cret');
    expect(redactUrl('redis://user:pw@host:6379')).toBe('redis://user:***@host:6379');
  });
});
