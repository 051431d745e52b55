#!/usr/bin/env node
// The CLI is TypeScript run through tsx, so `npx signin-triage` works right after `npm ci`
// with no build step.
process.env.DOTENV_CONFIG_QUIET ??= 'true';
const { register } = await import('tsx/esm/api');
register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
