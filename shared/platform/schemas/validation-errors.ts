import type * as z from './zod.ts';

export interface FieldError {
  /** Dotted path of the offending field, e.g. "contact.email" or "selfAssessment.3.rating". */
  readonly field: string;
  readonly message: string;
}

/**
 * Per-parse messages: say "is required" instead of zod's "expected string, received undefined" (or, for enums and
 * literals, "expected one of ...").
 */
export const requiredFieldMessages: z.core.$ZodErrorMap = (issue) =>
  (issue.code === 'invalid_type' || issue.code === 'invalid_value') && issue.input === undefined
    ? 'is required'
    : undefined;

/**
 * Flattens zod issues into one message per field, naming each field by its dotted
 * path under `root` ("body" for a request body, "detail" for an event's detail).
 */
export function toFieldErrors(error: z.core.$ZodError, root = 'body'): FieldError[] {
  const fieldName = (path: readonly PropertyKey[]) => {
    const names = path.map(String);
    return root === 'body' ? (names.length === 0 ? root : names.join('.')) : [root, ...names].join('.');
  };
  const errors: FieldError[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        errors.push({ field: fieldName([...issue.path, key]), message: 'is not an allowed field' });
      }
    } else {
      errors.push({ field: fieldName(issue.path), message: issue.message });
    }
  }
  return errors;
}
