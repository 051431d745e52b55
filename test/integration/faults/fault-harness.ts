/**
 * Kept for fault tests written against the old harness: everything moved to `test/support/`
 * (service-process, ledger, service-fixture, http-proxy). New tests use `useServiceFixture`.
 */
export { WEBHOOK_SECRET, startService, type Role, type ServiceEnv, type ServiceProcess } from '../../support/service-process.js';
export { waitFor } from '../../support/wait-for.js';
export { startStandIn } from '../../support/service-fixture.js';
export * from '../../support/ledger.js';
export { startProxy } from '../../support/http-proxy.js';
