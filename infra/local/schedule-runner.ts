import { type ScheduleDefinition, schedules } from '../routing.ts';
import type { LocalEventBus } from './event-bus.ts';
import type { LocalFunctions } from './functions.ts';
import type { VirtualClock } from './virtual-clock.ts';

/** Every tick of a rate schedule in (from, to]: multiples of its period since the epoch. */
export function ticksBetween(schedule: Pick<ScheduleDefinition, 'everyMinutes'>, from: Date, to: Date): Date[] {
  const period = schedule.everyMinutes * 60_000;
  const ticks: Date[] = [];
  for (let tick = Math.floor(from.getTime() / period) * period + period; tick <= to.getTime(); tick += period) {
    ticks.push(new Date(tick));
  }
  return ticks;
}

/**
 * Moves the virtual clock to `to`, stopping at every schedule tick on the way: the
 * clock reads the tick's instant while its target runs, as in AWS, and the events a
 * tick causes are handled before the next tick.
 */
export async function advanceClock(
  clock: VirtualClock,
  to: Date,
  functions: LocalFunctions,
  bus: LocalEventBus,
): Promise<number> {
  const from = clock.now();
  clock.checkMove(to);
  const due = schedules.flatMap((schedule) => ticksBetween(schedule, from, to).map((tick) => ({ schedule, tick })));
  due.sort((left, right) => left.tick.getTime() - right.tick.getTime());
  for (const { schedule, tick } of due) {
    clock.moveTo(tick);
    await functions.invoke(schedule.target, { scheduleId: schedule.id, scheduledTime: tick.toISOString() });
    await bus.whenIdle();
  }
  clock.moveTo(to);
  return due.length;
}
