import {
  applicantKeyFits,
  MAX_APPLICANT_KEY_BYTES,
  normalizeOrganizationName,
  organizationKey,
} from '../domain/applicant.ts';
import { CBL_ELEMENT_COUNT, EVIDENCE_STATUSES, IMPLEMENTATION_RATINGS } from '../domain/cbl-elements.ts';
import { knownCohortIdSchema } from '../domain/cohort/registry.ts';
import {
  calendarDate,
  documentReference,
  emailAddress,
  multiLine,
  phoneNumber,
  singleLine,
} from '../platform/schemas/text.ts';
import * as z from '../platform/schemas/zod.ts';

/** Missouri county-district code, e.g. "096-092". */
const countyDistrictCode = z
  .string()
  .check(z.regex(/^\d{3}-\d{3}$/, 'must be a Missouri county-district code like 096-092'));
/** Missouri school (building) code, four digits. */
const schoolCode = z.string().check(z.regex(/^\d{4}$/, 'must be a four-digit school code'));

/** False for a name without a letter or digit; an empty one already has its own message ("must not be empty"). */
function keepsLetterOrDigit(name: string): boolean {
  return name === '' || normalizeOrganizationName(name) !== '';
}

/**
 * An applicant's name. An organization is keyed by its normalized name, so a name must keep a
 * letter or digit: "!!!" and "???" would both be "organization:", the same applicant.
 */
export const applicantName = singleLine(200).check(z.refine(keepsLetterOrDigit, 'must contain a letter or digit'));

/** An organization's name, whose key must also fit DynamoDB's key limit once NFKD spells it out. */
const organizationName = applicantName.check(
  z.refine(
    (name) => applicantKeyFits(organizationKey(name)),
    `must be at most ${MAX_APPLICANT_KEY_BYTES} bytes with ligatures and other compatibility characters spelled out`,
  ),
);

const person = z.strictObject({
  name: singleLine(120),
  title: singleLine(120),
  email: emailAddress,
  phone: z.optional(phoneNumber),
});

const superintendent = z.strictObject({ name: singleLine(120), email: emailAddress });

const elementAssessment = z.strictObject({
  element: z.number().check(z.int(), z.minimum(1), z.maximum(CBL_ELEMENT_COUNT)),
  rating: z.enum(IMPLEMENTATION_RATINGS),
  narrative: multiLine(1500),
});

/** A rating and narrative for each of the eight CBL elements, each exactly once. */
const selfAssessment = z.array(elementAssessment).check(
  z.length(CBL_ELEMENT_COUNT, `must rate all ${CBL_ELEMENT_COUNT} CBL elements`),
  z.superRefine((items, context) => {
    const seen = new Set<number>();
    items.forEach((item, index) => {
      if (seen.has(item.element)) {
        context.addIssue({
          code: 'custom',
          path: [index, 'element'],
          message: `element ${item.element} is rated twice`,
        });
      }
      seen.add(item.element);
    });
  }),
);

const commitmentsAcknowledged = z.literal(true, {
  error: "must be true: submitting the application is agreement to the zone's commitments",
});

const common = {
  cohort: knownCohortIdSchema,
  contact: person,
  selfAssessment,
  commitmentsAcknowledged,
};

const evidence = z.strictObject({ status: z.enum(EVIDENCE_STATUSES), description: multiLine(3000) });

export const sdzApplicationSchema = z.strictObject({
  zone: z.literal('SDZ'),
  ...common,
  applicant: z.strictObject({
    kind: z.literal('district', { error: 'must be district: the System Design Zone is for school districts' }),
    name: applicantName,
    countyDistrictCode,
    districtType: z.enum(['K-12', 'K-8', 'charter']),
  }),
  superintendent,
  evidenceOfPractice: z.strictObject({
    cblPractices: evidence,
    dataForSystemChange: evidence,
    assessmentForLearning: evidence,
    professionalLearning: evidence,
  }),
});

const ildzApplicant = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('district'), name: applicantName, countyDistrictCode }),
    z.strictObject({
      kind: z.literal('school'),
      name: applicantName,
      districtName: singleLine(200),
      countyDistrictCode,
      schoolCode,
    }),
    z.strictObject({
      kind: z.literal('teacher'),
      schoolName: singleLine(200),
      districtName: singleLine(200),
      countyDistrictCode,
    }),
  ],
  { error: 'must have kind district, school or teacher' },
);

export const ildzApplicationSchema = z.strictObject({
  zone: z.literal('ILDZ'),
  ...common,
  applicant: ildzApplicant,
  superintendentApproval: z.strictObject({
    approved: z.literal(true, { error: 'must be true: superintendent approval is required for this zone' }),
    superintendent,
    approvedOn: calendarDate,
  }),
  letterOfSupport: z.strictObject({ reference: documentReference, signedOn: calendarDate }),
});

export const cnzApplicationSchema = z
  .strictObject({
    zone: z.literal('CNZ'),
    ...common,
    applicant: z.strictObject({
      kind: z.literal('organization', {
        error: 'must be organization: the Collaborative Network Zone is for organizations',
      }),
      name: organizationName,
      organizationType: z.enum([
        'statewide_education_organization',
        'regional_education_organization',
        'higher_education',
        'business_partner',
      ]),
    }),
    representative: person,
    alternate: person,
  })
  .check(
    z.superRefine((application, context) => {
      if (application.representative.email === application.alternate.email) {
        context.addIssue({
          code: 'custom',
          path: ['alternate', 'email'],
          message: 'must differ from the representative',
        });
      }
    }),
  );

export const applicationSchema = z.discriminatedUnion(
  'zone',
  [sdzApplicationSchema, ildzApplicationSchema, cnzApplicationSchema],
  {
    error: 'must be one of SDZ, ILDZ, CNZ',
  },
);

export type Application = z.infer<typeof applicationSchema>;
export type SdzApplication = z.infer<typeof sdzApplicationSchema>;
export type IldzApplication = z.infer<typeof ildzApplicationSchema>;
export type CnzApplication = z.infer<typeof cnzApplicationSchema>;
