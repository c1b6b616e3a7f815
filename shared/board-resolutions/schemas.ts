import { calendarDate, singleLine } from '../platform/schemas/text.ts';
import * as z from '../platform/schemas/zod.ts';

/** POST /facilitator/applications/{applicationId}/board-resolution */
export const boardResolutionBodySchema = z.strictObject({
  /** The version the facilitator read: a concurrent change makes this a 409. */
  expectedVersion: z.number().check(z.int(), z.minimum(1)),
  /** The date the board of education adopted the resolution (a calendar date, YYYY-MM-DD). */
  // The plain string first, so a missing date says "is required" rather than the format.
  adoptedOn: z.pipe(z.string(), calendarDate),
  /** Where the adopted resolution is kept: board minutes link, file name, resolution number. */
  reference: singleLine(500),
});

export type BoardResolutionBody = z.output<typeof boardResolutionBodySchema>;
