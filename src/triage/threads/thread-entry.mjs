// A worker thread starts without the TypeScript loader of the process that made it (tsx in
// production, vite-node under vitest): register tsx here, then load the thread's module.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.module);
