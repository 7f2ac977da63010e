// One Jest setup for every tier, run as native ESM (`node --experimental-vm-modules`):
// Nest 12 and oidc-provider 9 are ESM-only and Node 20's Jest cannot require() them.
const swcTransform = ['@swc/jest', {
  jsc: {
    target: 'es2023',
    parser: { syntax: 'typescript', decorators: true },
    // Without decoratorMetadata Nest silently injects undefined.
    transform: { legacyDecorator: true, decoratorMetadata: true },
    keepClassNames: true,
  },
  module: { type: 'es6' },
}];

const base = {
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': swcTransform },
  testEnvironment: 'node',
  setupFiles: ['<rootDir>/test/support/jest.setup.ts'],
};

export default {
  coverageProvider: 'v8',
  maxWorkers: 2,
  // A global option: Jest ignores testTimeout inside `projects`. Starting servers on PGlite under load
  // takes seconds; browser suites set longer timeouts for themselves.
  testTimeout: 60_000,
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/{src,client-app,authsignal-emulator/src,scripts,bench,examples}/**/*.spec.ts'] },
    { ...base, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
    { ...base, displayName: 'compatibility', testMatch: ['<rootDir>/authsignal-emulator/test/**/*.spec.ts'] },
    { ...base, displayName: 'browser', testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'] },
  ],
};
