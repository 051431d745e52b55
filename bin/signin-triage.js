#!/usr/bin/env node
// From a clone the CLI is TypeScript run through tsx, so `npx signin-triage` works right after
// `npm ci` with no build step (and never runs a stale build). The production image ships only the
// compiled build (dist/, `npm run build`) and no tsx: with no sources next to it, run that.
import { existsSync } from 'node:fs';

process.env.DOTENV_CONFIG_QUIET ??= 'true';
const sources = new URL('../src/cli/main.ts', import.meta.url);
let main;
if (existsSync(sources)) {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import(sources.href));
} else {
  ({ main } = await import(new URL('../dist/src/cli/main.js', import.meta.url).href));
}
process.exitCode = await main(process.argv.slice(2));
