import type { z } from 'zod';

/**
 * The bounds a variable's zod schema enforces, read from the schema itself so that the README
 * never states a limit the code does not check (or misses one it does).
 */
export interface ConfigLimits {
  /** Shortest accepted text, in characters (`z.string().min(n)`). */
  minLength?: number;
  /** True when `minLength` applies to each entry of a comma-separated list. */
  each?: boolean;
  /** Lower bound of a number, and whether it is accepted itself. */
  min?: { value: number; inclusive: boolean };
  /** Upper bound of a number, and whether it is accepted itself. */
  max?: { value: number; inclusive: boolean };
}

interface CheckDef {
  check: string;
  minimum?: number;
  value?: number;
  inclusive?: boolean;
}

interface SchemaDef {
  type: string;
  checks?: Array<{ _zod: { def: CheckDef } }>;
  in?: z.ZodType;
  out?: z.ZodType;
  innerType?: z.ZodType;
  element?: z.ZodType;
}

/**
 * Walks a schema through its wrappers (preprocess/pipe, optional, default, array element) to
 * the string and number schemas that carry the checks. Relies on zod 4's `_zod.def` shape;
 * test/unit/readme-config-table.test.ts pins the limits it must find, so a zod upgrade that
 * changes the shape fails there rather than silently dropping them.
 */
export function schemaLimits(schema: z.ZodType): ConfigLimits {
  const limits: ConfigLimits = {};
  const visit = (node: z.ZodType, inArray: boolean): void => {
    const def = node._zod.def as unknown as SchemaDef;
    for (const { _zod } of def.checks ?? []) {
      const check = _zod.def;
      if (def.type === 'string' && check.check === 'min_length' && check.minimum !== undefined) {
        limits.minLength = Math.max(limits.minLength ?? 0, check.minimum);
        if (inArray) limits.each = true;
      } else if (def.type === 'number' && check.value !== undefined && Number.isFinite(check.value)) {
        const bound = { value: check.value, inclusive: check.inclusive !== false };
        if (check.check === 'greater_than') limits.min = bound;
        else if (check.check === 'less_than' && check.value < Number.MAX_SAFE_INTEGER) limits.max = bound;
      }
    }
    for (const child of [def.in, def.out, def.innerType]) if (child) visit(child, inArray);
    if (def.element) visit(def.element, true);
  };
  visit(schema, false);
  return limits;
}

/** `≥ 12 characters`, `each ≥ 16 characters`, `0–65535`, `≥ 1`, `> 0 and < 1`; '' when unbounded. */
export function describeLimits(limits: ConfigLimits): string {
  const parts: string[] = [];
  if (limits.minLength !== undefined) parts.push(`${limits.each ? 'each ' : ''}≥ ${limits.minLength} characters`);
  const { min, max } = limits;
  if (min && max && min.inclusive && max.inclusive) parts.push(`${min.value}–${max.value}`);
  else {
    if (min) parts.push(`${min.inclusive ? '≥' : '>'} ${min.value}`);
    if (max) parts.push(`${max.inclusive ? '≤' : '<'} ${max.value}`);
  }
  return parts.join(' and ');
}
