import type { CohortDefinition } from '../domain/cohort/definition.ts';
import { errorResponse, type HttpResponse } from '../platform/http/response.ts';
import { formatDateTime } from '../platform/time/zoned.ts';
import type { Roster } from './model.ts';

/**
 * Changes a participant may make to its roster in a rolling hour. A district names its roster
 * once and changes it a few times a season (a correction after a typo, a coach who leaves), so
 * 10 in one hour is far more than any real district needs; each change emails the contact, so
 * the bound keeps a link from being used as a mailer.
 */
export const ROSTER_CHANGES_PER_HOUR = 10;

/** The rolling window the changes are counted in. */
export const ROSTER_CHANGE_WINDOW_MS = 60 * 60 * 1000;

/**
 * When the changes still counted at `now` were accepted, oldest first: the roster keeps them
 * (`recentChanges`), and each new version is written conditionally on the version read, so
 * the count and the change are one single-item conditional write and concurrent PUTs cannot
 * both take the last place.
 */
export function changesInWindow(roster: Roster | undefined, now: Date): string[] {
  const since = now.getTime() - ROSTER_CHANGE_WINDOW_MS;
  return (roster?.recentChanges ?? []).filter((at) => new Date(at).getTime() > since).sort();
}

/** When the next change is allowed, or undefined when one is allowed now. */
export function nextChangeAllowedAt(recent: readonly string[]): Date | undefined {
  if (recent.length < ROSTER_CHANGES_PER_HOUR) return undefined;
  // The change that leaves the window first frees the place the next change needs.
  const freeing = recent[recent.length - ROSTER_CHANGES_PER_HOUR];
  return new Date(new Date(freeing ?? 0).getTime() + ROSTER_CHANGE_WINDOW_MS);
}

/** 429 with Retry-After: the limit, and when (in the cohort's time and in UTC) to try again. */
export function tooManyRosterChanges(retryAt: Date, now: Date, cohort: CohortDefinition): HttpResponse {
  const seconds = Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 1000));
  const minutes = Math.ceil(seconds / 60);
  const response = errorResponse(
    429,
    'TooManyRosterChanges',
    `This roster was already changed ${ROSTER_CHANGES_PER_HOUR} times in the last hour, the most allowed; ` +
      `nothing was changed and no email was sent. It can be changed again from ` +
      `${formatDateTime(retryAt, cohort.timeZone)} (in ${minutes} minute${minutes === 1 ? '' : 's'}).`,
    {
      limit: ROSTER_CHANGES_PER_HOUR,
      windowMinutes: ROSTER_CHANGE_WINDOW_MS / 60_000,
      retryAt: retryAt.toISOString(),
      retryAfterSeconds: seconds,
    },
  );
  return { ...response, headers: { ...response.headers, 'retry-after': String(seconds) } };
}
