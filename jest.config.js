// One Jest run for backend and libraries. ts-jest transpiles only (tsc --noEmit typechecks separately);
// Nest 12 is ESM, loaded through require(esm), which Jest supports under --experimental-vm-modules.
/** @type {import('jest').Config} */
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  roots: ['<rootDir>/backend', '<rootDir>/domain', '<rootDir>/eventsourcing', '<rootDir>/projections', '<rootDir>/tenancy', '<rootDir>/testkit', '<rootDir>/tools'],
  testMatch: ['**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/__fixtures__/'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json', diagnostics: false }] },
  moduleNameMapper: {
    '^@kuaige/domain$': '<rootDir>/domain/src/index.ts',
    '^@kuaige/eventsourcing$': '<rootDir>/eventsourcing/src/index.ts',
    '^@kuaige/projections$': '<rootDir>/projections/src/index.ts',
    '^@kuaige/tenancy$': '<rootDir>/tenancy/src/index.ts',
    '^@kuaige/testkit$': '<rootDir>/testkit/src/index.ts',
    '^@kuaige/testkit/projections$': '<rootDir>/testkit/src/projection-specification.ts',
  },
  setupFiles: ['reflect-metadata'],
  globalSetup: '<rootDir>/tools/jest-global-setup.js',
  testTimeout: 30000,
};
