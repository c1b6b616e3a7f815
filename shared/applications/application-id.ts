import * as z from '../platform/schemas/zod.ts';

/**
 * An application id, as paths and events carry it. Its own module, apart from the review
 * schemas, so the many routes that only read an id do not bundle and build those.
 */
export const applicationIdSchema = z
  .string()
  .check(z.regex(/^[a-z]+-\d{4}-\d{4}-[0-9a-f]{12}$/, 'must be an application id like sdz-2026-2027-0453ba3b856e'));

/** The path of a route under /applications/{applicationId} or /facilitator/applications/{applicationId}. */
export const applicationPathSchema = z.strictObject({ applicationId: applicationIdSchema });
