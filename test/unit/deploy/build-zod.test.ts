import { describe, expect, it } from 'vitest';
import { zodMembersUsed } from '../../../scripts/build.js';

// `npm run build` bundles only the members of zod's `z` that the compiled modules read
// (scripts/build.ts, bundleZod); the compiled-service test runs the build's modules with it.
describe("the build's zod members (zodMembersUsed)", () => {
  const module = (text: string, path = 'src/a.ts') => ({ path, text });

  it('reads z.<member> wherever it is written, a line break included, and skips type-only imports', () => {
    const a = module(
      [
        "import { z } from 'zod';",
        'const s = z.object({ a: z.string().min(1), b: z',
        '  .union([z.literal(1), z.null()]) });',
        'type S = z.infer<typeof s>;',
        "const letters = /[a-z]+/; const text = 'z';",
      ].join('\n'),
    );
    const b = module("import type { z } from 'zod';\nexport type T = z.ZodType;", 'src/b.ts');
    const c = module('export const x = 1;', 'src/c.ts');
    expect(zodMembersUsed([a, b, c])).toEqual(['infer', 'literal', 'null', 'object', 'string', 'union']);
  });

  it.each([
    ['a named import of another member', "import { ZodError } from 'zod';\nexport const e = ZodError;", /import \{ z \} from 'zod'` only/],
    ['a sub-path import', "import { z } from 'zod/mini';\nexport const s = z.string();", /import \{ z \} from 'zod'` only/],
    ['z passed on', "import { z } from 'zod';\nexport const zod = z;", /`z` is used otherwise than as z\.<member>/],
    ['z destructured', "import { z } from 'zod';\nconst { string } = z;", /`z` is used otherwise than as z\.<member>/],
    ['z indexed', "import { z } from 'zod';\nexport const s = z['string']();", /`z` is used otherwise than as z\.<member>/],
  ])('fails the build, naming the module, for %s', (_name, text, message) => {
    expect(() => zodMembersUsed([module(text, 'src/odd.ts')])).toThrow(message);
    expect(() => zodMembersUsed([module(text, 'src/odd.ts')])).toThrow(/^src\/odd\.ts: /);
  });
});
