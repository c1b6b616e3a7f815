/**
 * The pace of a bulk send: SES's MaxSendRate is a number of emails per second that no
 * one-second window may exceed, so the pace keeps the start times of the last `limit` SES
 * requests and lets the next one start only once the oldest of them is a window old.
 *
 * Hand-written because the libraries measured here each miss one of the two bounds
 * (test/unit/pace.test.ts holds both): p-throttle's strict mode spaces calls a whole number
 * of milliseconds apart once its window is full, so any rate that does not divide 1,000 is
 * undershot (300/s ran at 250/s, 700/s at 500/s, nothing past 1,000/s), and with a margin
 * on the interval even 200/s fell to 167/s; its weighted strict mode let 1,001 through in one
 * second at 1,000/s even with a 5 ms margin; a token bucket (limiter) holds the bound only by keeping back as much
 * rate as the catch-up room it gives, so a busy host that wakes its timer late loses sends
 * for good; p-queue and bottleneck count fixed windows, which allow twice the rate across
 * a window's edge.
 */

/**
 * The window the limit applies to. The pace times the start of each call; the SES request
 * itself is handed to the SDK a moment later, up to several milliseconds when the host is
 * busy (9 ms measured on a loaded 2-core host), more when a garbage collection falls in
 * between: ten milliseconds of margin once let 241 requests into one second at 240/s
 * (test/bench/RESULTS.md, one run in several). Twenty keep every one-second window of
 * requests, not only of starts, at the limit, for 2% of the rate.
 */
export const PACE_WINDOW_MS = 1020;

/** Calls let through by a pace: any function, run when its turn comes. */
export type Pace = <T>(work: () => Promise<T>) => Promise<T>;

/** How far behind the clock the spacing may fall: a few calls may start in one timer tick. */
const SPACING_SLACK_MS = 5;

/**
 * At most `maxPerSecond` calls start in any one-second window. Waiting calls start in order;
 * when the window allows they start at once, so time lost to a late timer or a busy event
 * loop is made up within the window. To keep one window's calls from all starting in the
 * same instant, they are also spaced half a slot apart on average (at most twice the rate,
 * counted on a clock of its own so that millisecond timers do not cap high rates).
 */
export function paceAt(maxPerSecond: number): Pace {
  if (!(maxPerSecond >= 1) || !Number.isFinite(maxPerSecond))
    throw new RangeError(`maxPerSecond must be a number of at least 1, got ${maxPerSecond}`);
  const limit = Math.floor(maxPerSecond);
  const halfSlotMs = PACE_WINDOW_MS / limit / 2;
  /** Start times of the last `limit` calls, oldest at `started % limit`. */
  const starts: number[] = [];
  let started = 0;
  /** When the spacing lets the next call start. */
  let spacedUntil = -Infinity;
  /** Callers waiting for their turn, each told the number of its start. */
  const waiting: Array<(start: number) => void> = [];
  let timer: NodeJS.Timeout | undefined;

  const startWhatMay = () => {
    timer = undefined;
    for (let next = waiting[0]; next !== undefined; next = waiting[0]) {
      const now = performance.now();
      // The start `limit` calls ago (once there were that many): the next may start a window after it.
      const oldest = started >= limit ? starts[started % limit] : undefined;
      const windowOpensAt = oldest === undefined ? -Infinity : oldest + PACE_WINDOW_MS;
      const at = Math.max(windowOpensAt, spacedUntil);
      if (now < at) {
        timer = setTimeout(startWhatMay, at - now);
        return;
      }
      starts[started % limit] = now;
      spacedUntil = Math.max(spacedUntil, now - SPACING_SLACK_MS) + halfSlotMs;
      waiting.shift();
      next(started);
      started += 1;
    }
  };

  return async (work) => {
    const start = await new Promise<number>((resolve) => {
      waiting.push(resolve);
      if (!timer) startWhatMay();
    });
    // The call may run a while after its turn came (a busy event loop): the window counts
    // from when it really starts, which only ever holds later calls back.
    const startedAt = starts[start % limit];
    if (started - start <= limit && startedAt !== undefined)
      starts[start % limit] = Math.max(startedAt, performance.now());
    return work();
  };
}

/** Messages in flight per message-per-second of pace: room for this long a wait on each. */
const IN_FLIGHT_SECONDS = 1;
const MIN_CONCURRENCY = 16;
const MAX_CONCURRENCY = 512;

/**
 * How many messages a bulk send handles at once to keep up with its pace (Little's law: the
 * rate times each message's time in flight). A message waits on DynamoDB (claim, records)
 * and on SES, about 0.1 s in AWS but several times that on a loaded host or when SES is
 * slow; a second's worth keeps the pace the limit, not the answers. Those in flight beyond
 * what SES is answering just wait their turn at the pace (their claims are leased for 120 s).
 * At least 16; at most 512, where each message may take up to half a second at 1,000/s.
 */
export function concurrencyFor(maxPerSecond: number): number {
  return Math.min(MAX_CONCURRENCY, Math.max(MIN_CONCURRENCY, Math.ceil(maxPerSecond * IN_FLIGHT_SECONDS)));
}
