import type { z } from 'zod';

export interface FieldError {
  /** Dotted path of the offending field, e.g. "contact.email" or "selfAssessment.3.rating". */
  readonly field: string;
  readonly message: string;
}

/** Per-parse messages: say "is required" instead of zod's "expected string, received undefined". */
export const requiredFieldMessages: z.core.$ZodErrorMap = (issue) =>
  issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : undefined;

function fieldName(path: readonly PropertyKey[]): string {
  return path.length === 0 ? 'body' : path.map(String).join('.');
}

/** Flattens zod issues into one message per field, naming each field. */
export function toFieldErrors(error: z.ZodError): FieldError[] {
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
