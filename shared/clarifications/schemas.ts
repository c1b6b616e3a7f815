import { applicationIdSchema } from '../applications/application-id.ts';
import { multiLine } from '../platform/schemas/text.ts';
import * as z from '../platform/schemas/zod.ts';
import { ANSWER_MAX_CHARACTERS, clarificationIdSchema, QUESTION_MAX_CHARACTERS } from './model.ts';

/** POST /facilitator/applications/{applicationId}/clarifications */
export const clarificationRequestSchema = z.strictObject({
  question: multiLine(QUESTION_MAX_CHARACTERS),
});

/**
 * The secret from the email. Anything that is not the right secret is answered 403, so only its presence and size are
 * checked here.
 */
const secret = z
  .string()
  .check(z.minLength(1, 'must not be empty'), z.maxLength(200, 'must be at most 200 characters'));

/** POST /applications/{applicationId}/clarifications/{clarificationId}/answer */
export const clarificationAnswerSchema = z.strictObject({
  secret,
  answer: multiLine(ANSWER_MAX_CHARACTERS),
});

/** ?secret= on the applicant's reading routes */
export const applicantQuerySchema = z.strictObject({ secret });

export const clarificationPathSchema = z.strictObject({
  applicationId: applicationIdSchema,
  clarificationId: clarificationIdSchema,
});

/** Largest answer body: the longest answer in 4-byte UTF-8 characters, JSON-escaped, plus the secret. */
export const MAX_ANSWER_BODY_BYTES = 64 * 1024;
