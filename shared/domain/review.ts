import type { SdzEvidencePractice } from './cbl-elements.ts';

/**
 * Where an application stands in the review season:
 * submitted (awaiting review) -> clarification_requested -> submitted -> selected | not_selected.
 * A decision can change until and after release; the result email is a separate fact.
 */
export const APPLICATION_STATUSES = ['submitted', 'clarification_requested', 'selected', 'not_selected'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export const DECISIONS = ['selected', 'not_selected'] as const;
export type Decision = (typeof DECISIONS)[number];

/** Rubric: 1 (not evident) to 4 (strong evidence). */
export const RUBRIC_MIN = 1;
export const RUBRIC_MAX = 4;

export interface ReviewScores {
  /** The 8 CBL elements, by element number "1".."8". */
  readonly elements: Readonly<Record<string, number>>;
  /** SDZ only: the four evidence-of-practice items. */
  readonly evidence?: Readonly<Partial<Record<SdzEvidencePractice, number>>>;
}

export interface Review {
  readonly scores: ReviewScores;
  readonly notes: string;
  readonly decision: Decision;
  readonly reviewedBy: string;
  readonly reviewedAt: string;
}

/** The result email that went out, so a later change can be told apart from it. */
export interface ResultSent {
  readonly decision: Decision;
  readonly sentAt: string;
  /** Bumped by each correction a facilitator asks for. */
  readonly corrections: number;
}

export interface BoardResolution {
  readonly adoptedOn: string;
  readonly reference: string;
  readonly recordedBy: string;
  readonly recordedAt: string;
}
