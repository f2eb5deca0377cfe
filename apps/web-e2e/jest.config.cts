module.exports = {
  displayName: 'web-e2e',
  preset: '../../jest.preset.js',
  globalSetup: '<rootDir>/src/support/global-setup.ts',
  testEnvironment: 'node',
  // A browser and a server per suite: one suite at a time suits a 2-core machine.
  maxWorkers: 1,
  verbose: true,
  testTimeout: 120_000,
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js'],
};
