import { createHash, randomBytes } from 'node:crypto';
import * as z from '../platform/schemas/zod.ts';

/** A facilitator's question to an applicant and, once given, the applicant's answer. */
export interface Clarification {
  readonly clarificationId: string;
  readonly applicationId: string;
  readonly question: string;
  readonly requestedBy: string;
  readonly requestedAt: string;
  readonly status: ClarificationStatus;
  readonly answer?: string;
  readonly answeredAt?: string;
  /** The Idempotency-Key of the request that asked it, when one was sent. */
  readonly idempotencyKey?: string;
}

export const CLARIFICATION_STATUSES = ['open', 'answered'] as const;
export type ClarificationStatus = (typeof CLARIFICATION_STATUSES)[number];

/** Bounds of the texts: a question is a paragraph or two, an answer may be longer. */
export const QUESTION_MAX_CHARACTERS = 4000;
export const ANSWER_MAX_CHARACTERS = 8000;

export const clarificationIdSchema = z
  .string()
  .check(z.regex(/^clr-[0-9a-f]{16}$/, 'must be a clarification id like clr-3f9a1b2c4d5e6f70'));

/**
 * A new clarification id: random, or, when the request carried an Idempotency-Key, derived
 * from the application, the facilitator and the key, so a retried request finds its first
 * clarification instead of asking twice.
 */
export function newClarificationId(
  applicationId: string,
  idempotency?: { facilitatorId: string; key: string },
): string {
  const hex = idempotency
    ? createHash('sha256')
        .update(`${applicationId}\n${idempotency.facilitatorId}\n${idempotency.key}`)
        .digest('hex')
        .slice(0, 16)
    : randomBytes(8).toString('hex');
  return `clr-${hex}`;
}

/** The ledger key of the clarification request email: one email per clarification. */
export const clarificationEmailKey = (clarificationId: string) => `clarification#${clarificationId}`;

/** What facilitators and the applicant see of a clarification (no key attributes, no idempotency key). */
export function publicView(clarification: Clarification) {
  return {
    clarificationId: clarification.clarificationId,
    question: clarification.question,
    requestedAt: clarification.requestedAt,
    status: clarification.status,
    answer: clarification.answer ?? null,
    answeredAt: clarification.answeredAt ?? null,
  };
}
