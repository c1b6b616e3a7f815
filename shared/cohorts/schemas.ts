import { cohortIdSchema } from '../domain/cohort/cohort-id.ts';
import * as z from '../platform/schemas/zod.ts';
import { MAX_SET_PATHS } from './set-paths.ts';

/**
 * /facilitator/cohorts/{cohortId}: an id of the right form (else 400 naming path.cohortId);
 * whether such a cohort exists is the route's answer (404), not a validation error.
 */
export const cohortPathSchema = z.strictObject({ cohortId: cohortIdSchema });

/** The version the facilitator read: a write to a cohort changed since is refused (409 VersionConflict). */
const version = z.number().check(z.int(), z.minimum(1));

/** POST /facilitator/cohorts/{cohortId}/copies */
export const copyBodySchema = z.strictObject({
  id: cohortIdSchema,
  name: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  /** false (the default): only compute and list the dates; true: store the copy as a draft. */
  save: z._default(z.boolean(), false),
});

/** PATCH /facilitator/cohorts/{cohortId} */
export const changeBodySchema = z.strictObject({
  version,
  /** Dotted path of the definition -> its new value, e.g. {"zones.CNZ.due": "2028-01-14"}. */
  set: z.record(z.string().check(z.minLength(1), z.maxLength(200)), z.unknown()).check(
    z.refine((set) => Object.keys(set).length > 0, 'must set at least one path'),
    z.refine((set) => Object.keys(set).length <= MAX_SET_PATHS, `must set at most ${MAX_SET_PATHS} paths`),
  ),
});

/** POST .../schedule, .../close */
export const versionBodySchema = z.strictObject({ version });
/** DELETE may name the version it read as ?version= (a number, no secret); without it, any version of the draft goes. */
export const versionQuerySchema = z.strictObject({
  version: z.optional(
    z.pipe(
      z.string().check(z.regex(/^[1-9]\d{0,8}$/, 'must be the version you read, a whole number')),
      z.transform(Number),
    ),
  ),
});
