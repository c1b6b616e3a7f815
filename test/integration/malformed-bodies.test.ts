import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FixtureZone, validApplication } from '../fixtures/applications.ts';
import { RuntimeHarness } from '../support/local-runtime.ts';

let harness: RuntimeHarness;

beforeAll(async () => {
  harness = await RuntimeHarness.start({ clockStart: new Date('2022-09-02T15:00:00Z') });
});
afterAll(() => harness.stop());

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = Array<string | number>;

/** Every path to a leaf value of a JSON document. */
function leafPaths(value: Json, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [prefix];
  const entries: Array<[string | number, Json]> = Array.isArray(value)
    ? value.map((item, index) => [index, item])
    : Object.entries(value);
  return entries.flatMap(([key, child]) => leafPaths(child, [...prefix, key]));
}

/** Every path to an object (where an unknown key can be slipped in). */
function objectPaths(value: Json, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [];
  const own = Array.isArray(value) ? [] : [prefix];
  const entries: Array<[string | number, Json]> = Array.isArray(value)
    ? value.map((item, index) => [index, item])
    : Object.entries(value);
  return [...own, ...entries.flatMap(([key, child]) => objectPaths(child, [...prefix, key]))];
}

function parentOf(document: Json, path: Path): { parent: any; key: string | number } {
  let parent: any = document;
  for (const key of path.slice(0, -1)) parent = parent[key];
  return { parent, key: path[path.length - 1]! };
}

const OPTIONAL_LEAVES = new Set(['phone']);
const MULTI_LINE_LEAVES = new Set(['narrative', 'description']);

/** A valid application spoiled in exactly one way that the API must refuse. */
const spoiledApplication = fc
  .tuple(
    fc.constantFrom<FixtureZone>('SDZ', 'ILDZ', 'CNZ'),
    fc.nat(),
    fc.integer({ min: 0, max: 5 }),
    fc.string({ minLength: 1, maxLength: 8 }),
  )
  .map(([zone, pick, corruption, noise]) => {
    const document = validApplication(zone) as Json;
    if (corruption === 5) {
      const objects = objectPaths(document);
      const target = objects[pick % objects.length]!;
      let node: any = document;
      for (const key of target) node = node[key];
      node[`unexpected_${noise.replace(/\W/g, '') || 'x'}`] = noise;
      return { zone, document, how: `unknown key at ${target.join('.') || 'top'}` };
    }
    const leaves = leafPaths(document).filter((path) => {
      const name = String(path[path.length - 1]);
      if (corruption === 0) return !OPTIONAL_LEAVES.has(name);
      if (corruption === 3)
        return (
          typeof parentOf(document, path).parent[path[path.length - 1]!] === 'string' &&
          !MULTI_LINE_LEAVES.has(name) &&
          name !== 'reference'
        );
      return true;
    });
    const path = leaves[pick % leaves.length]!;
    const { parent, key } = parentOf(document, path);
    const original = parent[key];
    switch (corruption) {
      case 0:
        delete parent[key];
        break;
      case 1:
        parent[key] = typeof original === 'number' ? `${noise}` : typeof original === 'boolean' ? 'yes' : 12345;
        break;
      case 2:
        parent[key] = typeof original === 'string' ? 'x'.repeat(5000) : { nested: noise };
        break;
      case 3:
        parent[key] = `${original}\r\nBcc: ${noise}@attacker.example`;
        break;
      case 4:
        parent[key] = null;
        break;
    }
    return { zone, document, how: `corruption ${corruption} at ${path.join('.')}` };
  });

/** Bodies that are not an application at all. */
const arbitraryBody = fc.oneof(
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.string({ maxLength: 200 }),
  fc.constantFrom('', '{', '{"zone":', 'null', '[]', '"SDZ"', '{"zone":"SDZ"}', '{"zone":"XYZ","cohort":"2022-2023"}'),
);

describe('malformed submissions', () => {
  it('answers 4xx to at least 100 generated malformed bodies and stores and sends nothing', async () => {
    const statuses: number[] = [];
    await fc.assert(
      fc.asyncProperty(spoiledApplication, async ({ document, how }) => {
        const response = await harness.post('/applications', document);
        statuses.push(response.status);
        expect(response.status, how).toBe(400);
        expect(response.body.errors.length, how).toBeGreaterThan(0);
      }),
      { numRuns: 150, seed: 20220909 },
    );
    await fc.assert(
      fc.asyncProperty(arbitraryBody, async (body) => {
        const response = await harness.post('/applications', body);
        statuses.push(response.status);
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
      }),
      { numRuns: 100, seed: 20220916 },
    );
    await harness.runtime.bus.whenIdle();

    expect(statuses.length).toBeGreaterThanOrEqual(250);
    expect(await harness.items()).toEqual([]);
    expect(await harness.inbox()).toEqual([]);
  });
});
