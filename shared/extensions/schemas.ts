import { applicantKeyFits, MAX_APPLICANT_KEY_BYTES, organizationKey } from '../domain/applicant.ts';
import { knownCohortIdSchema } from '../domain/cohort/registry.ts';
import { ZONE_CODES } from '../domain/zones.ts';
import { singleLine } from '../platform/schemas/text.ts';
import * as z from '../platform/schemas/zod.ts';

const COUNTY_DISTRICT = String.raw`\d{3}-\d{3}`;
const KEY_FORMS = [
  new RegExp(`^district:${COUNTY_DISTRICT}$`),
  new RegExp(String.raw`^school:${COUNTY_DISTRICT}:\d{4}$`),
  new RegExp(String.raw`^teacher:${COUNTY_DISTRICT}:[^\s@]+@[^\s@]+\.[^\s@]+$`),
  /^organization:[\p{L}\p{N}]+( [\p{L}\p{N}]+)*$/u,
];

/**
 * The applicant an extension is for, in the form the review queue uses (shared/domain/applicant.ts):
 * district:<county-district>, school:<county-district>:<school code>,
 * teacher:<county-district>:<contact email>, organization:<name>. Emails are compared in
 * lower case and organization names are normalized as at submission, so a facilitator may
 * type "organization:Show-Me Manufacturing Partners".
 */
export const applicantKeySchema = z
  .pipe(
    singleLine(300),
    z.transform((value) => {
      const colon = value.indexOf(':');
      if (colon < 0) return value;
      const kind = value.slice(0, colon).toLowerCase();
      const rest = value.slice(colon + 1).trim();
      if (kind === 'organization') return organizationKey(rest);
      if (kind === 'teacher') return `teacher:${rest.toLowerCase()}`;
      return `${kind}:${rest}`;
    }),
  )
  .check(
    z.refine(
      (value) => KEY_FORMS.some((form) => form.test(value)),
      'must be an applicant key like district:096-104, school:010-090:1050, teacher:010-090:name@school.org or ' +
        'organization:<name>',
    ),
    // Measured after normalizing: NFKD can spell one character out as 18, and the key goes into DynamoDB's.
    z.refine(
      applicantKeyFits,
      `must be at most ${MAX_APPLICANT_KEY_BYTES} bytes once normalized (ligatures and other compatibility ` +
        'characters spelled out)',
    ),
  );

/** POST /facilitator/extensions */
export const extensionRequestSchema = z.strictObject({
  cohort: knownCohortIdSchema,
  zone: z.enum(ZONE_CODES),
  applicantKey: applicantKeySchema,
  /** The first instant the extension no longer applies, with its offset: "2022-09-13T05:00:00Z". */
  until: z.iso.datetime({
    offset: true,
    message: 'must be an ISO 8601 instant with a time zone, e.g. 2022-09-13T05:00:00Z',
  }),
  note: z.optional(singleLine(500)),
});

/** GET /facilitator/extensions?cohort&zone */
export const extensionListQuerySchema = z.strictObject({
  cohort: knownCohortIdSchema,
  zone: z.enum(ZONE_CODES),
});
