// Nest 12 is ESM-only, so Jest runs in its ESM mode (--experimental-vm-modules).
// Three projects: pure-logic unit specs, then the same integration/e2e specs against
// SQLite and against PostgreSQL. Jest runs the projects in parallel on the two cores.
const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    },
    module: { type: 'es6' },
  },
];
const base = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swc },
  moduleFileExtensions: ['ts', 'js', 'json'],
  extensionsToTreatAsEsm: ['.ts'],
  // Sources import siblings as "./x.js" (Node ESM); Jest finds the ".ts".
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
};
module.exports = {
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    {
      ...base,
      displayName: 'sqlite',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      setupFiles: ['<rootDir>/test/setup/sqlite.ts'],
    },
    {
      ...base,
      displayName: 'postgres',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      setupFiles: ['<rootDir>/test/setup/postgres.ts'],
    },
  ],
  testTimeout: 60000,
  // Jest's ESM mode keeps every test file's module graph (Nest, TypeORM, MJML…) alive in its worker:
  // with 150 suites one worker passed V8's 4 GB heap and CI died. A worker is recycled once it
  // holds this much after a file.
  workerIdleMemoryLimit: '1.5GB',
  reporters: ['default', '<rootDir>/test/setup/summary-reporter.cjs'],
};
