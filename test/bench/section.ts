/** One benchmark's contribution to test/bench/RESULTS.md (written by test/bench/run.ts). */

/** A figure measured against the target for it. */
export interface BenchTarget {
  readonly name: string;
  /** The measured figure as shown, e.g. "0.62 (1,840/s vs 2,950/s)". */
  readonly measured: string;
  /** The target as shown, e.g. "≥ 0.5". */
  readonly target: string;
  readonly pass: boolean;
}

export interface BenchSection {
  readonly title: string;
  /** The command that reproduces the section alone. */
  readonly command: string;
  /** The section's body: tables and notes, without its title. */
  readonly markdown: string;
  readonly targets: BenchTarget[];
  /** The raw figures, for the orchestrator to keep beside the Markdown. */
  readonly data: unknown;
}
