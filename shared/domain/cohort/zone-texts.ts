import * as z from '../../platform/schemas/zod.ts';

/**
 * What applicants read of a zone, per cohort: a new cohort may reword it. The invitation and
 * the deadline reminder print `whoMayApply` and `commitments`; the applicant pages show all of it.
 */
/** Bounded text, like the definition's names and titles: the emails escape it and calendars fold it. */
const text = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));

const zoneText = z.strictObject({
  description: text(2000),
  whoMayApply: text(500),
  /**
   * What participants commit to, one line each. The emails add the roster's own line after
   * these ("Name up to 3 lead facilitators ..."), from rosterLimits, so it is not repeated here.
   */
  commitments: z.array(text(500)).check(z.maxLength(20)),
});

/**
 * The SDZ evidence of practice, one text per practice, in the order the invitation lists them. The practices
 * themselves are fixed: applications and reviews are checked against their keys (cbl-elements.ts); a cohort words them.
 */
const evidenceOfPractice = z.strictObject({
  cblPractices: text(500),
  dataForSystemChange: text(500),
  assessmentForLearning: text(500),
  professionalLearning: text(500),
});

export const zoneTextsSchema = z.strictObject({
  SDZ: z.extend(zoneText, { evidenceOfPractice }),
  ILDZ: zoneText,
  CNZ: zoneText,
});

export type ZoneTexts = z.infer<typeof zoneTextsSchema>;
