// Lint for the whole workspace. Module boundaries (docs/architecture.md) are enforced here:
// backend -> {domain, projections, tenancy}; projections -> {domain, tenancy};
// domain and tenancy import nothing of ours; frontend reaches the backend over HTTP only.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const ours = (...names) => names.flatMap((n) => [`@kuaige/${n}`, `**/${n}/src/**`, `**/${n}/src`, `**/../${n}/**`]);
const boundary = (message, groups, extra = []) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: groups, message }, ...extra] }],
});
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
      ...ours('backend', 'projections', 'tenancy', 'frontend'),
      ...io,
    ]),
  },
  {
    files: ['tenancy/**/*.ts'],
    rules: boundary('tenancy is pure: it imports nothing of ours and only @casl/ability from outside', [
      ...ours('backend', 'projections', 'domain', 'frontend'),
      ...io,
    ]),
  },
  {
    files: ['projections/**/*.ts'],
    rules: boundary('projections may import @kuaige/domain and @kuaige/tenancy only', [...ours('backend', 'frontend')]),
  },
  {
    files: ['backend/**/*.ts'],
    rules: boundary('backend imports domain, projections and tenancy through @kuaige/*, never the console', [
      ...ours('frontend'),
      '**/domain/src/**',
      '**/projections/src/**',
      '**/tenancy/src/**',
    ]),
  },
  {
    files: ['frontend/**/*.ts'],
    rules: boundary('the console reaches the backend over HTTP only', [...ours('backend', 'domain', 'projections', 'tenancy'), '@kuaige/*']),
  },
  {
    files: ['**/*.spec.ts', 'e2e/**/*.ts', 'bench/**/*.ts', 'scripts/**', 'tools/**'],
    rules: { 'no-console': 'off' },
  },
  { files: ['frontend/**/*.ts', 'e2e/**/*.ts'], languageOptions: { globals: { ...globals.browser } } },
  { files: ['**/*.js', '**/*.mjs', '**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
);
