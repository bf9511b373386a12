// The dependency advisory gate (scripts/audit-gate.mjs), fed npm audit reports of each kind.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'kuaige-audit-'));
const file = (name: string, content: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(content));
  return path;
};
const gate = (report: unknown, allowlist: unknown[] = []) =>
  spawnSync(
    process.execPath,
    [join(root, 'scripts/audit-gate.mjs'), '--report', file('report.json', report), '--allowlist', file('allow.json', { advisories: allowlist }), '--today', '2026-12-01'],
    { encoding: 'utf8' },
  );

const vulnerable = {
  vulnerabilities: {
    'fast-xml': {
      name: 'fast-xml',
      severity: 'high',
      via: [{ source: 1101, name: 'fast-xml', title: 'Prototype pollution', url: 'https://github.com/advisories/GHSA-aaaa-bbbb-cccc', severity: 'high' }],
    },
    wrapper: { name: 'wrapper', severity: 'high', via: ['fast-xml'] },
  },
};
const entry = { id: 'GHSA-aaaa-bbbb-cccc', package: 'fast-xml', reason: 'only parses our own files', reviewed: '2026-11-20' };

describe('audit gate', () => {
  it('says UNAVAILABLE, and does not pass, when the registry has no audit endpoint', () => {
    const result = gate({ message: '405 Method Not Allowed - POST https://registry.example/-/npm/v1/security/advisories/bulk', statusCode: 405 });
    expect(result.status).toBe(3);
    expect(result.stderr).toMatch(/UNAVAILABLE .*no audit endpoint \(405 Method Not Allowed/);
    expect(result.stderr).toContain('NOT checked');
  });

  it('fails on an advisory that is not on the allow-list, naming it', () => {
    const result = gate(vulnerable);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('high GHSA-aaaa-bbbb-cccc in fast-xml: Prototype pollution');
  });

  it('passes an advisory that was reviewed and allowed', () => {
    const result = gate(vulnerable, [entry]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('fails an allow-list entry whose review is older than 180 days', () => {
    const result = gate(vulnerable, [{ ...entry, reviewed: '2026-01-02' }]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('GHSA-aaaa-bbbb-cccc (fast-xml) was reviewed 2026-01-02: older than 180 days');
  });

  it('passes a clean report', () => {
    const result = gate({ auditReportVersion: 2, vulnerabilities: {}, metadata: {} });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^audit-gate: 0 advisories/);
  });
});
