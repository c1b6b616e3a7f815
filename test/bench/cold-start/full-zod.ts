/**
 * The zod a straightforward handler would bundle: classic zod, whole (issue 5 describes the
 * straightforward bundle as "full zod"). The project's schemas are written
 * against zod/mini (shared/platform/schemas/zod.ts), so the straightforward build maps `zod/mini` here:
 * classic zod, plus the few functions only zod/mini exports (classic has them as methods),
 * which work on classic schemas as on mini ones. Classic zod also compiles its object parsers,
 * as it does by default, since a straightforward bundle does not turn that off.
 */
export * from 'zod';
export {
  catchall,
  exactPartial,
  extend,
  maximum,
  merge,
  minimum,
  omit,
  partial,
  pick,
  required,
  safeExtend,
} from 'zod/v4/mini';
