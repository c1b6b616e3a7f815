import * as z from '../../platform/schemas/zod.ts';
import { type CohortId, cohortIdSchema } from './cohort-id.ts';
import { type CohortDefinition, cohortDefinitionSchema } from './definition.ts';

/** draft: editable, sends nothing, unknown to every route but the cohorts' own; scheduled: its milestones fire; closed. */
export const COHORT_STATES = ['draft', 'scheduled', 'closed'] as const;
export type CohortState = (typeof COHORT_STATES)[number];

/** A scheduled or closed cohort as stored: what every feature may read. */
export interface OperationalCohort {
  readonly id: CohortId;
  readonly state: Exclude<CohortState, 'draft'>;
  readonly version: number;
  /** As stored (validated when written); validated again here on first use, once per version. */
  readonly definition: unknown;
}

/** A draft as far as other features need to know it: that it exists, so a refusal can say so. */
export interface DraftCohort {
  readonly id: CohortId;
  readonly state: 'draft';
}

/**
 * This process's copy of the cohorts in the table (cohorts live in the table: shared/cohorts).
 * A middleware (shared/cohorts/cohorts-loaded.ts) reloads it when older than its function allows,
 * so every read here stays synchronous. `loadedAt` is on the monotonic clock: a virtual or
 * corrected wall clock cannot make a copy look fresh.
 */
let cohorts = new Map<CohortId, OperationalCohort>();
let drafts = new Set<CohortId>();
let loadedAt = Number.NEGATIVE_INFINITY;
let fixed = false;
const validated = new Map<CohortId, { version: number; definition: CohortDefinition }>();

/** Replaces this process's copy with what the table holds now. */
export function loadCohorts(list: Iterable<OperationalCohort | DraftCohort>): void {
  if (fixed) return;
  const all = [...list];
  cohorts = new Map(
    all.filter((cohort): cohort is OperationalCohort => cohort.state !== 'draft').map((cohort) => [cohort.id, cohort]),
  );
  drafts = new Set(all.filter((cohort) => cohort.state === 'draft').map((cohort) => cohort.id));
  loadedAt = performance.now();
}

/**
 * Tests and tools that run no table: these cohorts, never reloaded. (Handler tests script
 * every DynamoDB call; a reload would be one more.)
 */
export function useFixedCohorts(list: Iterable<OperationalCohort | DraftCohort>): void {
  fixed = false;
  loadCohorts(list);
  fixed = true;
}

/** True when the copy was loaded at most maxAgeMs ago (always, for fixed cohorts). */
export function cohortsLoadedWithin(maxAgeMs: number): boolean {
  return fixed || performance.now() - loadedAt <= maxAgeMs;
}

/** A write made by this process, or a cohort it read afresh: later reads here see it at once, before any reload. */
export function rememberCohort(cohort: OperationalCohort | DraftCohort): void {
  if (cohort.state === 'draft') {
    cohorts.delete(cohort.id);
    drafts.add(cohort.id);
  } else {
    drafts.delete(cohort.id);
    cohorts.set(cohort.id, cohort);
  }
}

/** A draft this process deleted. */
export function forgetDraft(id: CohortId): void {
  drafts.delete(id);
}

/** The cohort of this id, or undefined when there is none (any string may be asked about). */
export function findCohort(id: string): CohortDefinition | undefined {
  const stored = cohorts.get(id);
  if (!stored) return undefined;
  const known = validated.get(id);
  if (known && known.version === stored.version) return known.definition;
  const definition = cohortDefinitionSchema.parse(stored.definition);
  validated.set(id, { version: stored.version, definition });
  return definition;
}

/**
 * The cohort of an id already checked to exist (by knownCohortIdSchema, or read back from a
 * stored record); an unknown id here is a bug, not bad input.
 */
export function getCohort(id: CohortId): CohortDefinition {
  const definition = findCohort(id);
  if (!definition)
    throw new Error(`No cohort ${id}: a cohort id from outside must be checked with knownCohortIdSchema`);
  return definition;
}

/** Every scheduled and closed cohort. */
export function allCohorts(): CohortDefinition[] {
  return [...cohorts.keys()].map((id) => getCohort(id));
}

/** The cohorts whose milestones fire. */
export function scheduledCohorts(): CohortDefinition[] {
  return [...cohorts.values()].filter((cohort) => cohort.state === 'scheduled').map((cohort) => getCohort(cohort.id));
}

/**
 * A cohort id from outside (a request's query or body, an event's detail): of the form of
 * cohortIdSchema and naming a scheduled or closed cohort, else one issue on the field,
 * "no cohort 2026-2027" (or "cohort 2027-2028 is a draft: schedule it first"). Every schema of an entry point takes its cohort through this, so a
 * refused cohort is answered (400) or discarded before anything is read or stored.
 */
export const knownCohortIdSchema = cohortIdSchema.check(
  z.refine((id: string) => findCohort(id) !== undefined, {
    error: (issue) =>
      drafts.has(String(issue.input))
        ? `cohort ${String(issue.input)} is a draft: schedule it first`
        : `no cohort ${String(issue.input)}`,
  }),
);
