// Dependency advisory gate (`./run test`): `npm audit --omit=dev` must report no advisory that is
// not in security/audit-allowlist.json, and every allow-list entry must have been reviewed within
// 180 days. Exit 0 pass, 1 fail (listed), 3 when the registry has no audit endpoint: then nothing
// was checked, and the gate says so instead of passing.
//   node scripts/audit-gate.mjs [--report npm-audit.json] [--allowlist FILE] [--today YYYY-MM-DD]
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const arg = (name) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const REVIEW_DAYS = 180;
const today = new Date(`${arg('--today') ?? new Date().toISOString().slice(0, 10)}T00:00:00Z`);

const reportText = arg('--report')
  ? readFileSync(arg('--report'), 'utf8')
  : spawnSync('npm', ['audit', '--omit=dev', '--json'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).stdout;

let report;
try {
  report = JSON.parse(reportText);
} catch {
  process.stderr.write(`audit-gate: npm audit gave no JSON report:\n${reportText.slice(0, 500)}\n`);
  process.exit(1);
}

// npm answers with the registry's error when the registry cannot audit (a mirror or snapshot).
if (report.statusCode !== undefined || report.error !== undefined || report.message !== undefined) {
  const why = report.message ?? report.error?.summary ?? `status ${report.statusCode}`;
  process.stderr.write(
    `audit-gate: UNAVAILABLE — the registry has no audit endpoint (${why}).\n` +
      '  The production dependencies were NOT checked against security advisories. Run the gate on a\n' +
      '  machine whose registry answers POST /-/npm/v1/security/advisories/bulk (the public npm registry does).\n',
  );
  process.exit(3);
}

const allowlistFile = arg('--allowlist') ?? join(root, 'security/audit-allowlist.json');
const allowlist = JSON.parse(readFileSync(allowlistFile, 'utf8')).advisories ?? [];
const problems = [];
for (const entry of allowlist) {
  for (const field of ['id', 'package', 'reason', 'reviewed']) if (!entry[field]) problems.push(`allow-list entry ${JSON.stringify(entry)} lacks ${field}`);
  const age = (today - new Date(`${entry.reviewed}T00:00:00Z`)) / 86_400_000;
  if (!(age <= REVIEW_DAYS)) problems.push(`allow-list entry ${entry.id} (${entry.package}) was reviewed ${entry.reviewed}: older than ${REVIEW_DAYS} days, review it again`);
}

// npm audit v2: each vulnerable package lists, under `via`, the advisories that make it so.
const advisories = new Map();
for (const [name, v] of Object.entries(report.vulnerabilities ?? {})) {
  for (const via of v.via ?? []) {
    if (typeof via !== 'object') continue;
    const id = String(via.url?.split('/').pop() ?? via.source);
    advisories.set(`${id} ${via.name ?? name}`, { id, source: String(via.source), package: via.name ?? name, severity: via.severity, title: via.title, url: via.url });
  }
}
const allowed = (a) => allowlist.some((e) => (String(e.id) === a.id || String(e.id) === a.source) && e.package === a.package);
for (const a of advisories.values()) {
  if (!allowed(a)) problems.push(`${a.severity} ${a.id} in ${a.package}: ${a.title} (${a.url})`);
}

if (problems.length > 0) {
  process.stderr.write(`audit-gate: ${problems.length} problem(s):\n${problems.map((p) => `  ${p}`).join('\n')}\n`);
  process.exit(1);
}
process.stdout.write(`audit-gate: ${advisories.size} advisories in production dependencies, all on the reviewed allow-list (${allowlist.length} entries)\n`);
