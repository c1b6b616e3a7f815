/**
 * The system's notion of "now". In Lambda it is the wall clock; the local runtime
 * installs its virtual clock here so a whole season can be replayed in seconds.
 */
let source: () => Date = () => new Date();

export function now(): Date {
  return source();
}

export function setClockSource(next: () => Date): void {
  source = next;
}

export function resetClockSource(): void {
  source = () => new Date();
}
