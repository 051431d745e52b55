import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // natural loads dotenv on import; keep it quiet and away from a developer's .env.
    env: { DOTENV_CONFIG_QUIET: 'true', TZ: 'UTC', LOG_LEVEL: 'silent' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
