import type { ZoneCode } from '../domain/zones.ts';

/** The addresses of the applicant pages (routes in infra/routing.ts), built in one place. */
export const applyPaths = {
  start: (cohortId: string) => `/apply/${encodeURIComponent(cohortId)}`,
  /** The zone's form; the form posts back to the same address (POST comes in a later change). */
  form: (cohortId: string, zone: ZoneCode) => `/apply/${encodeURIComponent(cohortId)}/${zone}`,
};
