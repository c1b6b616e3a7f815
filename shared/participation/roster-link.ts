import type { ApplicantLinks } from '../applicant-links/links.ts';
import type { ZoneCode } from '../domain/zones.ts';

/** The roster route of an application: GET (with ?secret=) shows it, PUT (secret in the body) changes it. */
export function rosterPath(applicationId: string): string {
  return `/applications/${applicationId}/roster`;
}

/** What a selection email needs to let the applicant name its roster: the links and the secret. */
export interface RosterLink {
  /** The application the roster belongs to (for a rollover, the new place, not the one applied with). */
  readonly applicationId: string;
  readonly zone: ZoneCode;
  /** GET: the roster and how to change it (the secret in the query). */
  readonly viewUrl: string;
  /** PUT: the JSON body carries the secret. */
  readonly changeUrl: string;
  readonly secret: string;
}

/** Builds the roster link of a participant application (its secret only goes to the applicant). */
export async function rosterLinkFor(
  links: ApplicantLinks,
  target: { applicationId: string; zone: ZoneCode },
): Promise<RosterLink> {
  const secret = await links.secretFor(target.applicationId);
  return {
    applicationId: target.applicationId,
    zone: target.zone,
    viewUrl: links.url(rosterPath(target.applicationId), { secret }),
    changeUrl: links.url(rosterPath(target.applicationId)),
    secret,
  };
}
