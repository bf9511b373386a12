// Every command of the identity domain has its handler on the CommandBus (a new command without one
// would be reachable only by going around the bus).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') ? [readFileSync(join(dir, e.name), 'utf8')] : [],
  );

describe('the identity command side', () => {
  const domainCommands = sources(join(__dirname, '../../../domain/src/identity')).flatMap((s) => [...s.matchAll(/\bCommand<\s*'(\w+)'/g)].map((m) => m[1]!));
  const handled = new Set(sources(__dirname).flatMap((s) => [...s.matchAll(/@CommandHandler\((\w+)\)/g)].map((m) => m[1]!)));

  it('has a @CommandHandler for every command of domain/src/identity', () => {
    expect(domainCommands.length).toBeGreaterThanOrEqual(23);
    expect(domainCommands.filter((c) => !handled.has(c))).toEqual([]);
  });
});
