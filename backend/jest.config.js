/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // Unit specs sit beside the code (src/**/*.spec.ts); tests against a real database in test/.
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
  // Options come from .swcrc (legacy decorators with metadata, as tsc emits them).
  transform: { '^.+\\.ts$': '@swc/jest' },
  // One PostgreSQL 16 for the whole run: embedded, or TEST_DATABASE_URL's server.
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  // The suites share that database, and some check that a request left the items table unchanged.
  maxWorkers: 1,
  testTimeout: 30_000,
};
