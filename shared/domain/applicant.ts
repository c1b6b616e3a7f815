import { createHash } from 'node:crypto';

/** Someone an application names, by name and email address. */
interface NamedPerson {
  readonly name: string;
  readonly email: string;
}

/**
 * Who an application names, as its form holds it (applications/schemas.ts; its Application fits):
 * the applicant, the contact and, per zone, the superintendent (SDZ, ILDZ) or the representative
 * and alternate (CNZ). The functions here read no more of an application than this.
 */
export type ApplicationParties = {
  readonly cohort: string;
  readonly contact: NamedPerson;
  readonly applicant:
    | { readonly kind: 'district'; readonly name: string; readonly countyDistrictCode: string }
    | {
        readonly kind: 'school';
        readonly name: string;
        readonly countyDistrictCode: string;
        readonly schoolCode: string;
      }
    | { readonly kind: 'teacher'; readonly schoolName: string; readonly countyDistrictCode: string }
    | { readonly kind: 'organization'; readonly name: string };
} & (
  | { readonly zone: 'SDZ'; readonly superintendent: NamedPerson }
  | { readonly zone: 'ILDZ'; readonly superintendentApproval: { readonly superintendent: NamedPerson } }
  | { readonly zone: 'CNZ'; readonly representative: NamedPerson; readonly alternate: NamedPerson }
);

/**
 * Who is applying, as a stable key: two applications with the same key, zone and
 * cohort are duplicates. Districts and schools are keyed by their Missouri codes,
 * teachers by code and email, organizations by their normalized name.
 */
export function applicantKey(application: ApplicationParties): string {
  const applicant = application.applicant;
  switch (applicant.kind) {
    case 'district':
      return `district:${applicant.countyDistrictCode}`;
    case 'school':
      return `school:${applicant.countyDistrictCode}:${applicant.schoolCode}`;
    case 'teacher':
      return `teacher:${applicant.countyDistrictCode}:${application.contact.email}`;
    case 'organization':
      return organizationKey(applicant.name);
  }
}

/**
 * The most UTF-8 bytes an applicant key may have: an extension makes it its index sort key,
 * which DynamoDB caps at 1024 bytes (its partition key adds under 40 bytes to the key, far
 * from the 2048 cap there).
 */
export const MAX_APPLICANT_KEY_BYTES = 1024;

export function applicantKeyFits(key: string): boolean {
  return Buffer.byteLength(key, 'utf8') <= MAX_APPLICANT_KEY_BYTES;
}

/** An organization's name as its key holds it: lower case, no accents, words split by single spaces. */
export function normalizeOrganizationName(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * An organization's applicant key. NFKD may spell one character out as many (U+FDFA as 18): applicantKeyFits says
 * whether it fits.
 */
export function organizationKey(name: string): string {
  return `organization:${normalizeOrganizationName(name)}`;
}

/** The application id derives from (cohort, zone, applicant) so a duplicate collides on write. */
export function applicationIdFor(application: ApplicationParties): string {
  const digest = createHash('sha256')
    .update(`${application.cohort}|${application.zone}|${applicantKey(application)}`)
    .digest('hex');
  return `${application.zone.toLowerCase()}-${application.cohort}-${digest.slice(0, 12)}`;
}

/** How emails name the applicant: the district, school or organization, or the teacher and school. */
export function applicantDisplayName(application: ApplicationParties): string {
  const applicant = application.applicant;
  return applicant.kind === 'teacher' ? `${application.contact.name}, ${applicant.schoolName}` : applicant.name;
}

/** The superintendent an application names (SDZ, ILDZ); a CNZ organization has none. */
function superintendentOf(
  application: ApplicationParties,
): { readonly name: string; readonly email: string } | undefined {
  switch (application.zone) {
    case 'SDZ':
      return application.superintendent;
    case 'ILDZ':
      return application.superintendentApproval.superintendent;
    case 'CNZ':
      return undefined;
  }
}

/** The superintendent's name, where the application names one. */
export function superintendentName(application: ApplicationParties): string | undefined {
  return superintendentOf(application)?.name;
}

/** The superintendent who receives copies, where the application names one. */
export function superintendentEmail(application: ApplicationParties): string | undefined {
  return superintendentOf(application)?.email;
}
