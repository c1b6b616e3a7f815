import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The local runtime's clock. It stands still until moved, so a replay is exact and
 * repeatable; it never moves backwards (ledgers and leases assume time only grows).
 * The instant is kept in the data folder, so a restart resumes where it stopped.
 */
export class VirtualClock {
  private current: Date;
  private readonly file: string | undefined;

  constructor(options: { start: Date; dataDir?: string }) {
    this.file = options.dataDir ? path.join(options.dataDir, 'clock.json') : undefined;
    this.current = this.restore() ?? options.start;
    this.persist();
  }

  now(): Date {
    return new Date(this.current.getTime());
  }

  /** Throws a RangeError naming the problem when the clock cannot move to `instant`. */
  checkMove(instant: Date): void {
    if (Number.isNaN(instant.getTime())) throw new RangeError('now must be an ISO 8601 instant');
    if (instant < this.current) {
      throw new RangeError(`now must not be before the current virtual time ${this.current.toISOString()}`);
    }
  }

  /** Moves the clock forward to `instant`; refuses to go back. */
  moveTo(instant: Date): void {
    this.checkMove(instant);
    this.current = new Date(instant.getTime());
    this.persist();
  }

  private restore(): Date | undefined {
    if (!this.file) return undefined;
    try {
      const saved = JSON.parse(readFileSync(this.file, 'utf8')) as { now?: string };
      const instant = new Date(saved.now ?? '');
      return Number.isNaN(instant.getTime()) ? undefined : instant;
    } catch {
      return undefined;
    }
  }

  private persist(): void {
    if (!this.file) return;
    mkdirSync(path.dirname(this.file), { recursive: true });
    writeFileSync(this.file, JSON.stringify({ now: this.current.toISOString() }));
  }
}
