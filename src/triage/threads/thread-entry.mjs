// A worker thread started from the TypeScript sources (tsx for `npm start`, vite-node under
// vitest) starts without its parent's loader: register tsx here, then load the thread's module.
// The compiled build (dist/, production) never comes here: it starts the thread's .js directly.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.module);
