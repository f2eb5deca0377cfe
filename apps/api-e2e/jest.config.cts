module.exports = {
  displayName: 'api-e2e',
  preset: '../../jest.preset.js',
  globalSetup: '<rootDir>/src/support/global-setup.ts',
  testEnvironment: 'node',
  testTimeout: 30_000,
  // Every suite starts its own server processes; two at a time suit a 2-core machine.
  maxWorkers: 2,
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js'],
  coverageDirectory: '../../coverage/api-e2e',
};
