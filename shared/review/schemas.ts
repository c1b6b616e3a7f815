import { CBL_ELEMENT_COUNT, SDZ_EVIDENCE_PRACTICES } from '../domain/cbl-elements.ts';
import { knownCohortIdSchema } from '../domain/cohort/registry.ts';
import { APPLICATION_STATUSES, DECISIONS, RUBRIC_MAX, RUBRIC_MIN } from '../domain/review.ts';
import { ZONE_CODES } from '../domain/zones.ts';
import { multiLine } from '../platform/schemas/text.ts';
import * as z from '../platform/schemas/zod.ts';

export const queueQuerySchema = z.strictObject({
  cohort: knownCohortIdSchema,
  zone: z.enum(ZONE_CODES),
  status: z.optional(z.enum(APPLICATION_STATUSES)),
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 25),
  nextToken: z.optional(z.string().check(z.maxLength(2000))),
});

const rubricScore = z.number().check(z.int(), z.minimum(RUBRIC_MIN), z.maximum(RUBRIC_MAX));

const elementScores = z.strictObject(
  Object.fromEntries(
    Array.from({ length: CBL_ELEMENT_COUNT }, (_, index) => [String(index + 1), rubricScore]),
  ) as Record<string, typeof rubricScore>,
);

const evidenceScores = z.strictObject(
  Object.fromEntries(Object.keys(SDZ_EVIDENCE_PRACTICES).map((practice) => [practice, rubricScore])) as Record<
    string,
    typeof rubricScore
  >,
);

/** PUT /facilitator/applications/{id}/review */
export const reviewBodySchema = z.strictObject({
  /** The version the facilitator read: a concurrent change makes this review a 409. */
  expectedVersion: z.number().check(z.int(), z.minimum(1)),
  decision: z.enum(DECISIONS),
  notes: multiLine(4000, 0),
  scores: z.strictObject({ elements: elementScores, evidence: z.optional(evidenceScores) }),
});

export type ReviewBody = z.output<typeof reviewBodySchema>;
