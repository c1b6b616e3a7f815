import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seedCohorts } from '../../infra/local/seed/seed-cohorts.ts';
import { cohortIdSchema } from '../../shared/domain/cohort/cohort-id.ts';
import { findCohort, getCohort, knownCohortIdSchema, useFixedCohorts } from '../../shared/domain/cohort/registry.ts';
import { InvitationsDue } from '../../shared/events/invitations-due.ts';
import { parseEvent } from '../../shared/platform/events/consume.ts';
import { parseBody, parseQuery } from '../../shared/platform/http/parameters.ts';
import type { FieldError } from '../../shared/platform/schemas/validation-errors.ts';
import { releaseBodySchema, releasesQuerySchema } from '../../shared/release/schemas.ts';
import { apiEvent } from '../support/api-event.ts';

const FORM_MESSAGE = 'must be a cohort id of two consecutive years, like 2026-2027';
const SEED = '2022-2023';

/** The errors each kind of entry point answers for a cohort: a query, a JSON body, an event's detail. */
function refusals(cohort: unknown): { query: FieldError[]; body: FieldError[]; event: FieldError[] } {
  const query = parseQuery(
    { queryStringParameters: { cohort } } as unknown as APIGatewayProxyEventV2,
    releasesQuerySchema,
  );
  const body = parseBody(
    apiEvent({ headers: { 'content-type': 'application/json' }, body: JSON.stringify({ cohort, zone: 'SDZ' }) }),
    releaseBodySchema,
  );
  const event = parseEvent(InvitationsDue, {
    source: InvitationsDue.source,
    'detail-type': InvitationsDue.detailType,
    detail: { milestoneId: 'm', cohort, dueAt: '2026-08-19T13:00:00.000Z' },
  });
  const errorsOf = (response: { body: string }) => (JSON.parse(response.body) as { errors: FieldError[] }).errors;
  return {
    query: query.ok ? [] : errorsOf(query.response),
    body: body.ok ? [] : errorsOf(body.response),
    event: event.ok ? [] : event.errors,
  };
}

const isWellFormed = (value: string) =>
  /^\d{4}-\d{4}$/.test(value) && Number(value.slice(5)) === Number(value.slice(0, 4)) + 1;

/** Anything but a cohort id: the classic mistakes, ids spoiled by one edit, years not consecutive, any string. */
const malformedId = fc
  .oneof(
    fc.constantFrom('2022-2024', '22-23', '2022/2023', '', ' 2022-2023', '2022-2023 ', '2023-2022', '2022-2022'),
    fc.constantFrom('2022–2023', '2022_2023', '20222023', '2022-23', '02022-2023', '2022-2023\n', 'cohort'),
    fc
      .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 9999 }))
      .map(([from, to]) => `${String(from).padStart(4, '0')}-${String(to).padStart(4, '0')}`),
    fc
      .tuple(fc.string({ maxLength: 3 }), fc.constantFrom(SEED), fc.string({ maxLength: 3 }))
      .map((parts) => parts.join('')),
    fc.string({ maxLength: 12 }),
  )
  .filter((value) => !isWellFormed(value));

/** Well formed, and not a cohort the registry has. */
const unknownId = fc
  .integer({ min: 1000, max: 9998 })
  .filter((year) => year !== 2022)
  .map((year) => `${year}-${year + 1}`);

describe('cohort ids', () => {
  it('a malformed id is refused for its form, once, with the field named, by every kind of entry point', () => {
    fc.assert(
      fc.property(malformedId, (id) => {
        expect(refusals(id)).toEqual({
          query: [{ field: 'query.cohort', message: FORM_MESSAGE }],
          body: [{ field: 'cohort', message: FORM_MESSAGE }],
          event: [{ field: 'detail.cohort', message: FORM_MESSAGE }],
        });
        expect(cohortIdSchema.safeParse(id).success).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('a well-formed id of no cohort is refused as "no cohort <id>", with the field named', () => {
    fc.assert(
      fc.property(unknownId, (id) => {
        expect(cohortIdSchema.safeParse(id).success).toBe(true);
        expect(refusals(id)).toEqual({
          query: [{ field: 'query.cohort', message: `no cohort ${id}` }],
          body: [{ field: 'cohort', message: `no cohort ${id}` }],
          event: [{ field: 'detail.cohort', message: `no cohort ${id}` }],
        });
      }),
    );
  });

  it('a draft is refused as a draft, to be scheduled first, until it is scheduled', () => {
    const seed = seedCohorts(new Date('2022-08-01T00:00:00Z'));
    useFixedCohorts([...seed, { id: '2027-2028', state: 'draft' }]);
    try {
      expect(refusals('2027-2028').query).toEqual([
        { field: 'query.cohort', message: 'cohort 2027-2028 is a draft: schedule it first' },
      ]);
      expect(refusals('2022-2023').query).toEqual([]);
    } finally {
      useFixedCohorts(seed);
    }
    expect(refusals('2027-2028').query).toEqual([{ field: 'query.cohort', message: 'no cohort 2027-2028' }]);
  });

  it('a cohort that is not a string is refused with the field named', () => {
    for (const value of [2022, null, ['2022-2023'], { id: '2022-2023' }]) {
      const { query, body, event } = refusals(value);
      expect([query, body, event].map((errors) => errors.map((error) => error.field))).toEqual([
        ['query.cohort'],
        ['cohort'],
        ['detail.cohort'],
      ]);
    }
  });

  it('the seed cohort is accepted everywhere', () => {
    expect(refusals(SEED)).toEqual({ query: [], body: [], event: [] });
    expect(knownCohortIdSchema.parse(SEED)).toBe(SEED);
  });
});

describe('the registry', () => {
  it('answers for any id: the definition of a cohort it has, undefined for any other', () => {
    expect(findCohort(SEED)?.id).toBe(SEED);
    for (const id of ['2026-2027', '', 'toString', '__proto__', '2022-2023 ']) expect(findCohort(id)).toBeUndefined();
  });

  it('getCohort, for ids already checked, throws naming the id it does not have', () => {
    expect(getCohort(SEED)).toBe(findCohort(SEED));
    expect(() => getCohort('2026-2027')).toThrow('No cohort 2026-2027');
  });
});
