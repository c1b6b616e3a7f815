import { defineConfig } from 'vitest/config';

/** The test projects, each runnable alone (`npm run test:<name>`); `npm test` runs them all. */
const project = (name: string, setupFiles: string[] = []) => ({
  extends: true as const,
  // Every project keeps the system's logs for the tests to assert instead of printing them.
  test: { name, include: [`test/${name}/**/*.test.ts`], setupFiles: ['test/support/log-capture.ts', ...setupFiles] },
});

export default defineConfig({
  test: {
    environment: 'node',
    // Each file in its own process: handler modules read their environment once at load,
    // and the local runtime holds module-level state (SES store, clock source).
    pool: 'forks',
    isolate: true,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // In dev mode the Powertools logger writes through the global console, where test/support/log-capture.ts keeps it.
    env: { POWERTOOLS_LOG_LEVEL: 'ERROR', POWERTOOLS_DEV: 'true' },
    projects: [
      project('unit', ['test/support/fixed-cohorts.ts']),
      // Handlers read their environment at load: the set-up file sets it before any test file imports one.
      project('handlers', ['test/support/handler-setup.ts', 'test/support/fixed-cohorts.ts']),
      project('integration'),
      project('infra'),
      project('cli'),
      // Pages in a real Chromium against the local runtime: few files, each launches one browser (~2-4 s).
      project('browser'),
    ],
  },
});
