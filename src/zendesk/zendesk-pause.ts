import type { Redis } from 'ioredis';

/**
 * "Zendesk said wait": a pause shared by every worker process through Redis. BullMQ's rate
 * limit stops workers from *fetching* jobs; this also stops jobs already running (between
 * their read and their write) from sending another request into a 429.
 */
export interface ZendeskPause {
  /** Extends the pause to at least `ms` from now (never shortens a longer one). */
  pause(ms: number): Promise<void>;
  /** Milliseconds left, 0 when calls may go out. */
  remainingMs(): Promise<number>;
}

// Keeps the later of the two deadlines, atomically.
const PAUSE_SCRIPT = `
local left = redis.call('PTTL', KEYS[1])
if left < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
end
return 1
`;

export function createZendeskPause(options: { redis: Pick<Redis, 'eval' | 'pttl'>; prefix: string }): ZendeskPause {
  const key = `${options.prefix}:zendesk:pause`;
  return {
    async pause(ms) {
      const duration = Math.ceil(ms);
      if (!(duration > 0)) return;
      await options.redis.eval(PAUSE_SCRIPT, 1, key, duration);
    },
    async remainingMs() {
      const left = await options.redis.pttl(key);
      return left > 0 ? left : 0;
    },
  };
}
