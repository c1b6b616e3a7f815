import type { ZoneCode } from '../../../shared/domain/zones.ts';
import { defined } from '../../defined.ts';
import type { District, Partner } from './population.ts';
import { type SeasonCalendar, shiftDate } from './season-calendar.ts';

/**
 * The request bodies synthetic applicants send to POST /applications: a valid application
 * per zone, and the mistakes people make (each one a 400 that stores and sends nothing).
 */

const RATINGS = ['emerging', 'developing', 'implementing', 'sustaining'] as const;

function selfAssessment(seed: number) {
  return Array.from({ length: 8 }, (_, offset) => ({
    element: offset + 1,
    rating: RATINGS[(seed + offset) % RATINGS.length],
    narrative:
      `Element ${offset + 1}: our teams use learning progressions in grades K-5 and are extending them to ` +
      `middle school.`,
  }));
}

const evidence = (status: 'in_place' | 'under_construction', description: string) => ({ status, description });

export function applicationBody(
  applicant: District | Partner,
  zone: ZoneCode,
  calendar: Pick<SeasonCalendar, 'cohortId' | 'invitationDate'>,
): Record<string, unknown> {
  // Signed and approved ten days after the invitations, as in every season so far.
  const signedOn = shiftDate(calendar.invitationDate, 10);
  if (applicant.kind === 'partner') {
    return {
      cohort: calendar.cohortId,
      zone: 'CNZ',
      applicant: { kind: 'organization', name: applicant.name, organizationType: applicant.organizationType },
      contact: applicant.contact,
      representative: applicant.contact,
      alternate: applicant.alternate,
      selfAssessment: selfAssessment(applicant.index),
      commitmentsAcknowledged: true,
    };
  }
  const common = {
    cohort: calendar.cohortId,
    contact: applicant.contact,
    selfAssessment: selfAssessment(applicant.index),
    commitmentsAcknowledged: true,
  };
  if (zone === 'SDZ') {
    return {
      ...common,
      zone: 'SDZ',
      applicant: {
        kind: 'district',
        name: applicant.name,
        countyDistrictCode: applicant.code,
        districtType: applicant.index % 7 === 0 ? 'K-8' : 'K-12',
      },
      superintendent: applicant.superintendent,
      evidenceOfPractice: {
        cblPractices: evidence('in_place', 'Competency-based grading in all elementary buildings since 2019.'),
        dataForSystemChange: evidence('in_place', 'A district data team reviews growth data each quarter.'),
        assessmentForLearning: evidence(
          'under_construction',
          'Interim assessments aligned to priority standards are being piloted.',
        ),
        professionalLearning: evidence(
          applicant.index % 2 === 0 ? 'in_place' : 'under_construction',
          'Monthly professional learning with local business partners.',
        ),
      },
    };
  }
  return {
    ...common,
    zone: 'ILDZ',
    applicant: { kind: 'district', name: applicant.name, countyDistrictCode: applicant.code },
    superintendentApproval: { approved: true, superintendent: applicant.superintendent, approvedOn: signedOn },
    letterOfSupport: {
      reference: `https://files.d${applicant.index}.example.org/letters/srsn-support.pdf`,
      signedOn,
    },
  };
}

/** The kinds of mistake a refused or first-attempt body has, one picked per applicant. */
const MISTAKES: ReadonlyArray<(body: Record<string, unknown>) => void> = [
  (body) => {
    body.commitmentsAcknowledged = false;
  },
  (body) => {
    body.contact = { ...(body.contact as object), email: 'not-an-email' };
  },
  (body) => {
    body.selfAssessment = (body.selfAssessment as unknown[]).slice(0, 7);
  },
  (body) => {
    body.applicant = { ...(body.applicant as object), name: 'Line one\r\nBcc: someone@example.org' };
  },
  (body) => {
    body.unexpectedField = 'refused: unknown fields are not allowed';
  },
];

/** A body with one mistake (chosen by `variant`): the API must answer 400 and keep nothing. */
export function invalidApplicationBody(
  applicant: District | Partner,
  zone: ZoneCode,
  variant: number,
  calendar: Pick<SeasonCalendar, 'cohortId' | 'invitationDate'>,
): Record<string, unknown> {
  const body = applicationBody(applicant, zone, calendar);
  defined(MISTAKES[variant % MISTAKES.length], `mistake ${variant} of ${MISTAKES.length}`)(body);
  return body;
}
