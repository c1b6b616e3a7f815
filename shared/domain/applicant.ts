import { createHash } from 'node:crypto';
import type { Application } from '../schemas/application.ts';

/**
 * Who is applying, as a stable key: two applications with the same key, zone and
 * cohort are duplicates. Districts and schools are keyed by their Missouri codes,
 * teachers by code and email, organizations by their normalized name.
 */
export function applicantKey(application: Application): string {
  const applicant = application.applicant;
  switch (applicant.kind) {
    case 'district':
      return `district:${applicant.countyDistrictCode}`;
    case 'school':
      return `school:${applicant.countyDistrictCode}:${applicant.schoolCode}`;
    case 'teacher':
      return `teacher:${applicant.countyDistrictCode}:${application.contact.email}`;
    case 'organization':
      return `organization:${applicant.name.toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '').replace(/[^\p{L}\p{N}]+/gu, ' ').trim()}`;
  }
}

/** The application id derives from (cohort, zone, applicant) so a duplicate collides on write. */
export function applicationIdFor(application: Application): string {
  const digest = createHash('sha256').update(`${application.cohort}|${application.zone}|${applicantKey(application)}`).digest('hex');
  return `${application.zone.toLowerCase()}-${application.cohort}-${digest.slice(0, 12)}`;
}

/** How emails name the applicant: the district, school or organization, or the teacher and school. */
export function applicantDisplayName(application: Application): string {
  const applicant = application.applicant;
  return applicant.kind === 'teacher' ? `${application.contact.name}, ${applicant.schoolName}` : applicant.name;
}

/** The superintendent who receives copies, where the application names one. */
export function superintendentEmail(application: Application): string | undefined {
  switch (application.zone) {
    case 'SDZ':
      return application.superintendent.email;
    case 'ILDZ':
      return application.superintendentApproval.superintendent.email;
    case 'CNZ':
      return undefined;
  }
}
