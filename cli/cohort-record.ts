/**
 * A cohort as the facilitator API answers it (GET /facilitator/cohorts/{cohortId}), and what
 * the cohort commands share: its path, reading its version, the line saying where it stands.
 */
import type { CommandContext } from './commands.ts';
import { FACILITATOR } from './commands.ts';
import { cell, safeLine } from './format.ts';

export const cohortPath = (cohortId: string, suffix = '') =>
  `${FACILITATOR}/cohorts/${encodeURIComponent(cohortId)}${suffix}`;

export const cohortArgument = { name: 'cohortId', description: 'the cohort id, e.g. 2027-2028' } as const;
/** The API's name of the cohort id in the path /facilitator/cohorts/{cohortId}, for a command's apiFields. */
export const cohortArgumentFields = { 'path.cohortId': '<cohortId>' } as const;

/** draft: editable, sends nothing; scheduled: its milestones fire; closed: over. */
export type CohortState = 'draft' | 'scheduled' | 'closed';

export interface CohortRecord {
  readonly id: string;
  readonly state: CohortState;
  readonly version: number;
  readonly createdAt?: string;
  readonly updatedAt?: string;
  readonly definition: Record<string, unknown>;
  /** PATCH only: what the change re-planned, or could not tell people. */
  readonly notes?: readonly string[];
}

/** GET the cohort: its state, version and definition. */
export async function readCohort(context: CommandContext, cohortId: string): Promise<CohortRecord> {
  const record = (await context.api.request('GET', cohortPath(cohortId))) as CohortRecord;
  if (typeof record?.version !== 'number')
    throw new Error(`The API answered GET ${cohortPath(cohortId)} without a version`);
  return record;
}

/** "Cohort 2027-2028 (Cohort 9): draft, version 3, changed 2026-12-07 10:00 CST" */
export function stateLine(record: CohortRecord): string {
  const name = typeof record.definition?.name === 'string' ? ` (${safeLine(record.definition.name)})` : '';
  const changed = record.updatedAt ? `, changed ${cell(record.updatedAt)}` : '';
  return `Cohort ${safeLine(record.id)}${name}: ${cell(record.state)}, version ${record.version}${changed}`;
}

/** What each state allows, said after a change of state. */
export const STATE_MEANING: Readonly<Record<CohortState, string>> = {
  draft:
    'a draft: editable as a whole, sends nothing; only the cohorts commands and calendar know it until it is scheduled',
  scheduled: 'scheduled: its milestones fire; only what lies ahead may change',
  closed: 'closed: nothing of it changes or goes out any more',
};
