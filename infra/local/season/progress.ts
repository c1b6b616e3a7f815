import cliProgress from 'cli-progress';

export interface ProgressState {
  readonly phase: string;
  readonly virtualNow: Date;
  readonly emails: number;
}

export interface SeasonProgress {
  update(state: ProgressState): void;
  stop(): void;
}

const DAY_MS = 86_400_000;

/**
 * Progress on stderr while the season replays: the share of the season's days behind the
 * virtual clock, the phase, the virtual date and the emails so far. On a terminal one bar
 * redrawn in place (cli-progress); otherwise cli-progress prints the same line every few
 * seconds, so a log or CI output gets plain lines.
 */
export function createProgress(options: {
  quiet: boolean;
  start: Date;
  end: Date;
  stream?: NodeJS.WriteStream;
}): SeasonProgress {
  if (options.quiet) return { update() {}, stop() {} };
  const totalDays = Math.ceil((options.end.getTime() - options.start.getTime()) / DAY_MS);
  const bar = new cliProgress.SingleBar(
    {
      stream: options.stream ?? process.stderr,
      format: 'season |{bar}| {value}/{total} days | {date} | {phase} | {emails} emails',
      barsize: 30,
      hideCursor: true,
      noTTYOutput: true,
      notTTYSchedule: 5000,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(totalDays, 0, { phase: 'starting', date: options.start.toISOString().slice(0, 10), emails: 0 });
  return {
    update(state) {
      const days = Math.min(totalDays, Math.floor((state.virtualNow.getTime() - options.start.getTime()) / DAY_MS));
      bar.update(days, {
        phase: state.phase,
        date: state.virtualNow.toISOString().slice(0, 16).replace('T', ' '),
        emails: state.emails,
      });
    },
    stop() {
      bar.stop();
    },
  };
}
