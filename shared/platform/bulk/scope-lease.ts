import { randomUUID } from 'node:crypto';
import { type ClaimLeaseRepository, SCOPE_LEASE_SECONDS } from '../dynamodb/claim-leases.ts';
import { epochSeconds } from '../dynamodb/keys.ts';
import { logger } from '../logger.ts';

/** Stop using a lease this long before it could run out, for the sends already under way. */
const SAFETY_MARGIN_SECONDS = 20;
const RENEW_EVERY_MS = 30_000;
const POLL_EVERY_MS = 1_000;

export interface ScopeLeaseOptions {
  readonly leases: ClaimLeaseRepository;
  readonly scope: string;
  /** The application's clock, the one lease times are written in. */
  readonly now: () => Date;
  /** performance.now() after which to stop waiting for a lease another holder keeps. */
  readonly waitUntil: number;
  readonly renewEveryMs?: number;
  readonly pollEveryMs?: number;
}

/**
 * A lease on a scope of notification keys, held while a bulk job claims and sends: renewed
 * in the background, and counted as lost from the moment it could have run out (by the
 * application's clock or by the time elapsed since the last renewal), so no send starts
 * after another holder could have taken the scope over.
 */
export class ScopeLease {
  private readonly token = randomUUID();
  private leaseUntilSeconds = 0;
  private validUntilMs = 0;
  private lost = false;
  private renewing = false;
  private renewal: NodeJS.Timeout | undefined;

  private constructor(private readonly options: ScopeLeaseOptions) {}

  /** Waits (until `waitUntil`) for the scope's lease; undefined if another holder kept it all along. */
  static async acquire(options: ScopeLeaseOptions): Promise<ScopeLease | undefined> {
    const lease = new ScopeLease(options);
    for (;;) {
      if (await lease.write('acquire')) break;
      const pollMs = options.pollEveryMs ?? POLL_EVERY_MS;
      if (performance.now() + pollMs > options.waitUntil) return undefined;
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
    lease.renewal = setInterval(() => void lease.renew(), options.renewEveryMs ?? RENEW_EVERY_MS);
    lease.renewal.unref();
    return lease;
  }

  /** True while no one else can have taken the scope over. */
  held(): boolean {
    return (
      !this.lost &&
      performance.now() < this.validUntilMs &&
      epochSeconds(this.options.now()) < this.leaseUntilSeconds - SAFETY_MARGIN_SECONDS
    );
  }

  async release(): Promise<void> {
    clearInterval(this.renewal);
    if (this.lost) return;
    this.lost = true;
    try {
      await this.options.leases.release(this.options.scope, this.token);
    } catch (error) {
      // It runs out by itself; the next job waits for that at worst.
      logger.warn('Could not give up a claim lease', { scope: this.options.scope, error: error as Error });
    }
  }

  private async renew(): Promise<void> {
    // One renewal at a time: a slow one is not overtaken by the next.
    if (this.lost || this.renewing) return;
    this.renewing = true;
    try {
      const renewed = await this.write('renew');
      // A renewal still under way when the lease was given up finds it gone: nothing to say.
      if (!renewed && !this.lost) {
        this.lost = true;
        logger.warn('Claim lease taken over; no new sends under it', { scope: this.options.scope });
      }
    } catch (error) {
      // Still ours until it runs out; the next renewal tries again.
      logger.warn('Could not renew a claim lease', { scope: this.options.scope, error: error as Error });
    } finally {
      this.renewing = false;
    }
  }

  private async write(kind: 'acquire' | 'renew'): Promise<boolean> {
    const startedMs = performance.now();
    const now = this.options.now();
    const { leases, scope } = this.options;
    const written =
      kind === 'acquire' ? await leases.acquire(scope, this.token, now) : await leases.renew(scope, this.token, now);
    if (written) {
      this.leaseUntilSeconds = epochSeconds(now) + SCOPE_LEASE_SECONDS;
      this.validUntilMs = startedMs + (SCOPE_LEASE_SECONDS - SAFETY_MARGIN_SECONDS) * 1000;
    }
    return written;
  }
}
