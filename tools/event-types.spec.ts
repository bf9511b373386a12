// Proves that every event type of the domain is declared once, so that it has one shape: a type name
// written by two aggregates with different data could not be upcast or projected by its name alone.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(__dirname, '..');
const domain = join(root, 'domain', 'src');

const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });

/** Event type name -> files declaring a `DomainEvent<'Name', ...>` for it. */
const declarations = (): Map<string, string[]> => {
  const found = new Map<string, string[]>();
  for (const file of sources(domain)) {
    for (const match of readFileSync(file, 'utf8').matchAll(/DomainEvent<\s*'([A-Za-z0-9]+)'/g)) {
      found.set(match[1]!, [...(found.get(match[1]!) ?? []), relative(root, file)]);
    }
  }
  return found;
};

describe('domain event types', () => {
  it('declares each event type once', () => {
    const found = declarations();
    expect(found.get('LoginFailed')).toEqual(['domain/src/identity/login-attempts.ts']);
    expect(found.get('AccountLockedOut')).toEqual(['domain/src/identity/login-attempts.ts']);
    expect([...found].filter(([, files]) => files.length > 1)).toEqual([]);
  });
});
