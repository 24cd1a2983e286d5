/** Stack tests run one at a time against the one stack that e2e/run.sh started. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  maxWorkers: 1,
  testSequencer: '<rootDir>/src/sequencer.js',
  testTimeout: 60_000,
};
