// Tests use the same probe as the runtime's local-Redis start-up.
export { freePort, isPortFree } from '../../src/runtime/free-port.js';
