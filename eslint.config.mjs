// Lint for the whole workspace. Module boundaries (docs/architecture.md) are enforced here:
// backend -> {domain, projections, tenancy, eventsourcing}; projections -> {domain, tenancy, eventsourcing};
// eventsourcing -> domain (types); domain and tenancy import nothing of ours; frontend reaches the
// backend over HTTP only. testkit -> {domain, eventsourcing, projections}, for spec files only.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const ours = (...names) => names.flatMap((n) => [`@kuaige/${n}`, `**/${n}/src/**`, `**/${n}/src`, `**/../${n}/**`]);
const boundary = (message, groups, extra = []) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: groups, message }, ...extra] }],
});
/** Test support: spec files, contract suites, fixtures and `testing/` folders may use the kits. */
const testSupport = ['**/*.spec.ts', '**/*.contract.ts', '**/*.fixtures.ts', '**/testing/**'];
const kits = ours('testkit');
const io = ['node:*', 'fs', 'path', 'http', 'https', 'net', 'child_process', 'mongodb', '@eventstore/*', 'bullmq', 'ioredis', '@nestjs/*', 'fastify'];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.tools/**', 'data/**', '.angular/**', '.nx/**', 'coverage/**', 'test-results/**', 'e2e/report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['domain/**/*.ts'],
    rules: boundary('domain is pure: it imports nothing of ours and no I/O or framework', [
      ...ours('backend', 'projections', 'tenancy', 'frontend', 'eventsourcing'),
      ...io,
    ]),
  },
  {
    files: ['domain/**/*.ts'],
    ignores: testSupport,
    rules: boundary('domain is pure: it imports nothing of ours and no I/O or framework (test kits in specs only)', [
      ...ours('backend', 'projections', 'tenancy', 'frontend', 'eventsourcing', 'testkit'),
      ...io,
    ]),
  },
  {
    files: ['tenancy/**/*.ts'],
    rules: boundary('tenancy is pure: it imports nothing of ours and only @casl/ability from outside', [
      ...ours('backend', 'projections', 'domain', 'frontend', 'eventsourcing', 'testkit'),
      ...io,
    ]),
  },
  {
    files: ['projections/**/*.ts'],
    rules: boundary('projections may import @kuaige/domain, @kuaige/tenancy and @kuaige/eventsourcing only', [...ours('backend', 'frontend')]),
  },
  {
    files: ['projections/**/*.ts'],
    ignores: testSupport,
    rules: boundary('projections may import @kuaige/domain, @kuaige/tenancy and @kuaige/eventsourcing only (test kits in specs only)', [
      ...ours('backend', 'frontend'),
      ...kits,
    ]),
  },
  {
    files: ['backend/**/*.ts'],
    rules: boundary('backend imports domain, projections, tenancy and eventsourcing through @kuaige/*, never the console', [
      ...ours('frontend'),
      '**/domain/src/**',
      '**/projections/src/**',
      '**/tenancy/src/**',
      '**/eventsourcing/src/**',
      '**/testkit/src/**',
    ]),
  },
  {
    files: ['backend/**/*.ts'],
    ignores: testSupport,
    rules: boundary('backend product code imports domain, projections, tenancy and eventsourcing through @kuaige/*; test kits and testing/ helpers are for specs only', [
      ...ours('frontend'),
      '**/domain/src/**',
      '**/projections/src/**',
      '**/tenancy/src/**',
      '**/eventsourcing/src/**',
      ...kits,
      '**/testing/**',
      './testing',
      '../testing',
    ]),
  },
  {
    files: ['eventsourcing/**/*.ts'],
    rules: boundary('eventsourcing (the event-store port, event ids, upcasting) imports @kuaige/domain types at most', [
      ...ours('backend', 'projections', 'tenancy', 'frontend', 'testkit'),
      'mongodb',
      '@eventstore/*',
      'bullmq',
      'ioredis',
      '@nestjs/*',
      'fastify',
    ]),
  },
  {
    files: ['testkit/**/*.ts'],
    rules: boundary('the test kits build on @kuaige/domain, @kuaige/eventsourcing and @kuaige/projections only', [...ours('backend', 'tenancy', 'frontend')]),
  },
  {
    files: ['frontend/**/*.ts'],
    // The console has a tenancy feature folder of its own (app/tenancy): only the tenancy library is out of bounds.
    rules: boundary('the console reaches the backend over HTTP only', [...ours('backend', 'domain', 'projections', 'eventsourcing', 'testkit'), '@kuaige/*', '**/tenancy/src/**', '**/tenancy/src']),
  },
  {
    files: ['**/*.spec.ts', 'e2e/**/*.ts', 'bench/**/*.ts', 'scripts/**', 'tools/**'],
    rules: { 'no-console': 'off' },
  },
  { files: ['frontend/**/*.ts', 'e2e/**/*.ts'], languageOptions: { globals: { ...globals.browser } } },
  { files: ['**/*.js', '**/*.mjs', '**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
);
