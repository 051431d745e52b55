/**
 * A planned misbehaviour of the stand-in, for tests. Without `status` or `mode` and with
 * `delayMs`, the request is handled normally and answered late ("slow but applied").
 */
export interface SandboxFault {
  method?: string;
  /** Matched against the path and query, e.g. /\/tickets\/\d+\.json/. */
  path?: RegExp;
  /** How many matching requests it affects. @defaultValue 1 (Infinity for all) */
  times?: number;
  /** Answer this status instead of handling the request. */
  status?: number;
  retryAfterSec?: number;
  /** Body for `status` (JSON-encoded unless a string). */
  body?: unknown;
  headers?: Record<string, string>;
  /** Wait before answering. */
  delayMs?: number;
  /**
   * - `html`: 200 with an HTML page (a proxy or maintenance page).
   * - `missing-fields`: handle the request, then drop every `id` and `updated_at` from the JSON.
   * - `reset`: destroy the connection without answering.
   */
  mode?: 'html' | 'missing-fields' | 'reset';
}

export function createFaults() {
  const planned: Array<SandboxFault & { left: number }> = [];
  return {
    add(faults: readonly SandboxFault[]): void {
      for (const fault of faults) planned.push({ ...fault, left: fault.times ?? 1 });
    },
    clear(): void {
      planned.length = 0;
    },
    /** The first planned fault for this request, counted as used. */
    take(method: string, pathAndQuery: string): SandboxFault | undefined {
      const index = planned.findIndex(
        (fault) =>
          (fault.method === undefined || fault.method.toUpperCase() === method) &&
          (fault.path === undefined || regexTest(fault.path, pathAndQuery)),
      );
      const fault = planned[index];
      if (!fault) return undefined;
      fault.left -= 1;
      if (fault.left <= 0) planned.splice(index, 1);
      return fault;
    },
  };
}

function regexTest(pattern: RegExp, text: string): boolean {
  pattern.lastIndex = 0;
  return pattern.test(text);
}

/** Removes every `id` and `updated_at` key (the `missing-fields` mode). */
export function dropIdentity(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropIdentity);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => key !== 'id' && key !== 'updated_at')
        .map(([key, inner]) => [key, dropIdentity(inner)]),
    );
  }
  return value;
}
