module.exports = {
  displayName: 'api-e2e',
  preset: '../../jest.preset.js',
  globalSetup: '<rootDir>/src/support/global-setup.ts',
  globalTeardown: '<rootDir>/src/support/global-teardown.ts',
  // Every HTTP answer of every suite is checked against the OpenAPI document.
  setupFilesAfterEnv: ['<rootDir>/src/support/conformance-setup.ts'],
  testEnvironment: 'node',
  // Hooks share this: starting servers on a loaded 2-core machine can take a while.
  testTimeout: 90_000,
  // Every suite starts its own server processes; two at a time suit a 2-core machine.
  maxWorkers: 2,
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js'],
  coverageDirectory: '../../coverage/api-e2e',
};
