import type { Redis } from 'ioredis';

import { diagnosisSchema, type Diagnosis } from '../triage/diagnosis.js';

/** Diagnoses read per MGET. */
const BATCH = 500;
/** Most diagnoses one listing reads: bounds the page's cost on a large account. @see listLatestDiagnoses */
export const LIST_DIAGNOSES_MAX = 20_000;

export interface ListedDiagnoses {
  diagnoses: Diagnosis[];
  /** Stored values that are not a valid diagnosis (an older version), skipped: key and reason. */
  skipped: Array<{ key: string; reason: string }>;
  /** True when more than `max` were stored: the listing holds an arbitrary `max` of them. */
  truncated: boolean;
}

/**
 * Every ticket's latest stored diagnosis (the keys `<prefix>:diagnosis:v1:<ticket id>` that
 * createDiagnosisStore writes; histories and request keys are left out), read with SCAN so
 * Redis is never blocked. Diagnoses expire after 180 days (DIAGNOSIS_TTL_SECONDS), which bounds
 * the set; `max` bounds it further. A value that fails the schema is skipped with its reason.
 */
export async function listLatestDiagnoses(
  redis: Pick<Redis, 'scan' | 'mget'>,
  prefix: string,
  options: { max?: number } = {},
): Promise<ListedDiagnoses> {
  const max = options.max ?? LIST_DIAGNOSES_MAX;
  const base = `${prefix}:diagnosis:v1:`;
  const keys: string[] = [];
  let truncated = false;
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${escapeGlob(base)}*`, 'COUNT', 1000);
    cursor = next;
    for (const key of found) {
      if (!/^\d{1,20}$/.test(key.slice(base.length))) continue;
      if (keys.length >= max) {
        truncated = true;
        break;
      }
      keys.push(key);
    }
  } while (cursor !== '0' && !truncated);

  const diagnoses: Diagnosis[] = [];
  const skipped: ListedDiagnoses['skipped'] = [];
  for (let start = 0; start < keys.length; start += BATCH) {
    const batch = keys.slice(start, start + BATCH);
    const values = await redis.mget(...batch);
    values.forEach((raw, index) => {
      const key = batch[index]!;
      if (raw === null) return; // expired between SCAN and MGET
      let data: unknown;
      try {
        data = JSON.parse(raw);
      } catch {
        skipped.push({ key, reason: 'not JSON' });
        return;
      }
      const parsed = diagnosisSchema.safeParse(data);
      if (parsed.success) diagnoses.push(parsed.data);
      else
        skipped.push({
          key,
          reason: `invalid at ${parsed.error.issues[0]?.path.join('.') || '(root)'}: ${parsed.error.issues[0]?.message}`,
        });
    });
  }
  return { diagnoses, skipped, truncated };
}

/** A prefix is ours (QUEUE_PREFIX) but may hold glob characters: match them literally. */
function escapeGlob(value: string): string {
  return value.replace(/[*?[\]\\]/g, (char) => `\\${char}`);
}
