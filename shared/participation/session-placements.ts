import type { CohortId } from '../domain/cohort/cohort-id.ts';
import type { SessionPlacement } from '../domain/cohort/milestones.ts';
import type { LocalDate } from '../platform/time/local-date.ts';
import type { SessionOverride } from './model.ts';
import type { SessionRepository } from './session-repository.ts';

/** Where a facilitator's latest change put a session, as the milestone planner needs it. */
export function placementOf(override: SessionOverride): SessionPlacement {
  const lastChange = override.changes.at(-1);
  return {
    cancelled: override.status === 'cancelled',
    date: override.date,
    start: override.start,
    changedAt: new Date(lastChange?.at ?? 0),
  };
}

/** Every changed session of a cohort, by its scheduled date (one Query). */
export async function sessionPlacementsOf(
  sessions: SessionRepository,
  cohort: CohortId,
): Promise<Map<LocalDate, SessionPlacement>> {
  const { overrides } = await sessions.listCohort(cohort);
  return new Map([...overrides].map(([sessionDate, override]) => [sessionDate as LocalDate, placementOf(override)]));
}
