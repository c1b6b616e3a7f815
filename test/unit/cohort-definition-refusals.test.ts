/**
 * Bad cohort definitions, generated: each starts from the valid 2022-2023 input and breaks it
 * in one way (swapped dates, a bad time zone, an http link, a session month out of range, an
 * end before its start, an unknown key, a missing field, a wrong type, ...). Every one is
 * refused, and an issue names the field that was broken.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cohort2022to2023 } from '../../infra/local/seed/cohort-2022-2023.ts';
import { type CohortInput, cohortDefinitionSchema } from '../../shared/domain/cohort/definition.ts';
import { type Json, mutation } from '../fixtures/bad-cohort-definitions.ts';

/** The fields an issue names: its path, or for unknown keys each key under its path. */
function namedFields(input: unknown): string[] {
  const result = cohortDefinitionSchema.safeParse(input);
  if (result.success) return [];
  return result.error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => [...issue.path, key].join('.'))
      : [issue.path.map(String).join('.')],
  );
}

describe('generated bad cohort definitions', () => {
  it('start from a definition that passes', () => {
    expect(namedFields(cohort2022to2023)).toEqual([]);
    expect(cohortDefinitionSchema.safeParse(cohort2022to2023).success).toBe(true);
  });

  it('are each refused, with an issue naming the field that was broken (300 of them)', () => {
    const kinds = new Map<string, number>();
    fc.assert(
      fc.property(mutation, (change) => {
        const input = structuredClone(cohort2022to2023) as unknown as Json;
        change.apply(input);
        const result = cohortDefinitionSchema.safeParse(input as CohortInput);
        expect(result.success, `${change.kind} should be refused`).toBe(false);
        const named = namedFields(input);
        const wanted = change.fields.map((field) => field.join('.'));
        // A missing or mistyped object is named at itself; a field of it never at a sibling.
        expect(
          named.some((field) => wanted.includes(field)),
          `${change.kind}: wanted one of ${wanted.join(', ')}, got ${named.join(', ')}`,
        ).toBe(true);
        kinds.set(change.kind, (kinds.get(change.kind) ?? 0) + 1);
      }),
      { numRuns: 300, seed: 20261207 },
    );
    // Every kind of break was tried, so no kind is passed over by the generator.
    expect([...kinds.keys()].sort()).toEqual(
      [
        'swap two dates',
        'bad time zone',
        'link not https',
        'bad dial-in',
        'sessions start before the invitation month ends',
        'sessions run past 12 months',
        'month not YYYY-MM',
        'end before start',
        'window opens before the invitation',
        'not a calendar date',
        'unknown key',
        'missing field',
        'wrong type',
        'number out of range',
        'planning meeting before the SDZ notification',
        'rollover to its own zone',
      ].sort(),
    );
  });
});
