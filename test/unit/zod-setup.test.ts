import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLE_ROOT } from '../../infra/bundling/lambda-bundle.ts';
import { reviewBodySchema } from '../../shared/review/schemas.ts';

/** The project's TypeScript files that import zod themselves rather than through shared/platform/schemas/zod.ts. */
function directZodImporters(): string[] {
  // Besides the setup itself: the jitless setting of the Lambda bundles, and the classic zod
  // the cold-start benchmark's straightforward bundle is built with.
  const allowed = new Set([
    'shared/platform/schemas/zod.ts',
    'infra/bundling/zod-jitless.ts',
    'test/bench/cold-start/full-zod.ts',
  ]);
  return ['bin', 'cli', 'events', 'functions', 'infra', 'shared', 'test']
    .flatMap((folder) =>
      readdirSync(path.join(BUNDLE_ROOT, folder), { recursive: true, encoding: 'utf8' }).map((file) =>
        path.join(folder, file),
      ),
    )
    .filter((file) => file.endsWith('.ts') && !allowed.has(file.split(path.sep).join('/')))
    .filter((file) =>
      /\b(?:from|import)\s*\(?\s*['"]zod(?:\/[^'"]*)?['"]/.test(readFileSync(path.join(BUNDLE_ROOT, file), 'utf8')),
    );
}

describe('the zod setup', () => {
  it("gives a schema module zod's English messages by itself: zod/mini loads no locale", () => {
    const review = {
      expectedVersion: 1,
      decision: 'selected',
      notes: '',
      scores: { elements: { 1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1, 7: 1, 8: 5 } },
    };
    const result = reviewBodySchema.safeParse(review);
    expect(result.error?.issues.map((issue) => issue.message)).toEqual(['Too big: expected number to be <=4']);
  });

  it('is the only way the project imports zod', () => {
    expect(directZodImporters()).toEqual([]);
  });
});
