import { describe, expect, it } from 'vitest';
import { createShutdown } from '../../../src/runtime/shutdown.js';
import { capturedLogger } from '../../support/captured-log.js';

describe('createShutdown', () => {
  it('runs every step once in order, even after a failure or a timeout, and returns the same promise to a second caller', async () => {
    const { log, text } = capturedLogger('debug');
    const exits: number[] = [];
    const ran: string[] = [];
    const shutdown = createShutdown({ log, exit: (code) => exits.push(code) });
    shutdown.add({ name: 'intake', run: () => void ran.push('intake') });
    shutdown.add({
      name: 'worker',
      run: async () => {
        ran.push('worker');
        throw new Error('worker close failed');
      },
    });
    shutdown.add({ name: 'hangs', run: () => new Promise<void>(() => ran.push('hangs')), timeoutMs: 50 });
    shutdown.add({ name: 'redis', run: async () => void ran.push('redis') });

    const first = shutdown.run('SIGTERM');
    const second = shutdown.run('SIGINT', 1);
    expect(second).toBe(first);
    await first;
    expect(ran).toEqual(['intake', 'worker', 'hangs', 'redis']);
    expect(exits).toEqual([0]);
    expect(text()).toContain('worker close failed');
    expect(text()).toContain('hangs did not finish within 50 ms');
  });
});
