/**
 * The value where the code around it guarantees one (a map built from the same list, a
 * regular expression group that is not optional, an index within bounds): if that ever
 * stops being true, a clear error names what was missing instead of a later TypeError.
 */
export function defined<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`Expected ${what}, found none`);
  return value;
}
