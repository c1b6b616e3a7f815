import type { FieldError } from '../platform/schemas/validation-errors.ts';

/** Segments that would reach an object's prototype rather than its data. */
const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'prototype', 'constructor']);

/** At most this many paths in one change: a change is a few fields, a new cohort is a create. */
export const MAX_SET_PATHS = 50;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A copy of `definition` with each dotted path set to its value ("zones.CNZ.due",
 * "informationalMeetings.1.joinUrl"; a list item by its index, one past the end adds one).
 * Only the paths' containers are checked here, each error naming its path; whether the
 * result is a valid cohort is the definition schema's to say.
 */
export function setPaths(
  definition: Readonly<Record<string, unknown>>,
  set: Readonly<Record<string, unknown>>,
): { ok: true; value: Record<string, unknown> } | { ok: false; errors: FieldError[] } {
  const result = structuredClone(definition) as Record<string, unknown>;
  const errors: FieldError[] = [];
  for (const [path, value] of Object.entries(set)) {
    const segments = path.split('.');
    if (path === '' || segments.some((segment) => segment === '' || FORBIDDEN_SEGMENTS.has(segment))) {
      errors.push({ field: `set.${path}`, message: 'must be a dotted path of the cohort definition' });
      continue;
    }
    if (segments[0] === 'id') {
      errors.push({ field: 'set.id', message: 'a cohort keeps its id: copy it forward to a new id instead' });
      continue;
    }
    let container: unknown = result;
    let failure: string | undefined;
    for (const [index, segment] of segments.entries()) {
      const last = index === segments.length - 1;
      const here = segments.slice(0, index).join('.') || 'the definition';
      if (Array.isArray(container)) {
        const position = /^(0|[1-9]\d*)$/.test(segment) ? Number(segment) : Number.NaN;
        const bound = last ? container.length : container.length - 1;
        if (!(position <= bound)) {
          failure = `${here} has ${container.length} items: an index from 0 to ${bound} is expected, not ${segment}`;
          break;
        }
        if (last) container[position] = value;
        else container = container[position];
      } else if (isRecord(container)) {
        if (!Object.hasOwn(container, segment) && !last) {
          failure = `${here} has no field ${segment}`;
          break;
        }
        if (last) container[segment] = value;
        else container = container[segment];
      } else {
        failure = `${here} is ${container === null ? 'null' : 'a value'}: set it whole`;
        break;
      }
    }
    if (failure) errors.push({ field: `set.${path}`, message: failure });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: result };
}
