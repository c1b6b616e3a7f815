import type * as z from '../../platform/schemas/zod.ts';
import { ZONE_CODES, type ZoneCode } from '../zones.ts';

interface ZoneDates {
  readonly opens: string;
  readonly due: string | null;
  readonly review: { readonly from: string; readonly to: string } | null;
  readonly notify: string | null;
}

interface TimeRange {
  readonly start: string;
  readonly end: string;
}

/**
 * What the rules read of a definition whose fields have each passed (a CohortDefinition fits);
 * spelled out here because definition.ts builds its schema from these rules.
 */
interface CohortDates {
  readonly invitationDate: string;
  readonly zones: Readonly<Record<ZoneCode, ZoneDates>>;
  readonly informationalMeetings: readonly TimeRange[];
  readonly planningMeeting: TimeRange & { readonly date: string; readonly zones: readonly ZoneCode[] };
  readonly monthlySessions: TimeRange & { readonly fromMonth: string; readonly toMonth: string };
  readonly rollover: { readonly from: ZoneCode; readonly to: ZoneCode };
}

/** A rule: the field it names, whether the definition breaks it, and what the field must be. */
type Rule = readonly [path: readonly (string | number)[], broken: boolean, message: string];

/** Months since year 0 of a "YYYY-MM": months compare by subtraction. */
function monthIndex(value: string): number {
  const [year, month] = value.split('-').map(Number) as [number, number];
  return year * 12 + month - 1;
}

const AFTER_START = 'must be after start';
const AFTER_DUE = 'must be after the due date';

function zoneRules(cohort: CohortDates): Rule[] {
  return ZONE_CODES.flatMap((code): Rule[] => {
    const { opens, due, review, notify } = cohort.zones[code];
    const at = (...path: string[]) => ['zones', code, ...path];
    return [
      [at('opens'), opens < cohort.invitationDate, 'must not be before invitationDate'],
      // A date not set (null) is in no order: `null < '2022-09-09'` would hold, so each is tested first.
      [at('due'), !!due && due < opens, 'must not be before opens'],
      [at('review', 'to'), !!review && review.to < review.from, 'must not be before review.from'],
      [at('review', 'from'), !!review && !!due && review.from <= due, AFTER_DUE],
      [at('notify'), !!notify && !!due && notify <= due, AFTER_DUE],
    ];
  });
}

function meetingRules(cohort: CohortDates): Rule[] {
  const { planningMeeting: planning, monthlySessions: sessions } = cohort;
  const span = monthIndex(sessions.toMonth) - monthIndex(sessions.fromMonth);
  return [
    ...cohort.informationalMeetings.map(
      (meeting, index): Rule => [['informationalMeetings', index, 'end'], meeting.end <= meeting.start, AFTER_START],
    ),
    [['planningMeeting', 'end'], planning.end <= planning.start, AFTER_START],
    ...planning.zones.map((code): Rule => {
      const notify = cohort.zones[code].notify;
      return [['planningMeeting', 'date'], !!notify && planning.date <= notify, `must be after zones.${code}.notify`];
    }),
    [['monthlySessions', 'end'], sessions.end <= sessions.start, AFTER_START],
    [
      ['monthlySessions', 'fromMonth'],
      sessions.fromMonth <= cohort.invitationDate.slice(0, 7),
      "must be after invitationDate's month",
    ],
    [['monthlySessions', 'toMonth'], span < 0, 'must not be before fromMonth'],
    [
      ['monthlySessions', 'toMonth'],
      // A school year: at most twelve monthly sessions.
      span > 11,
      'must be within 12 months of fromMonth',
    ],
  ];
}

/**
 * The rules between fields of a cohort definition, each broken one naming the field to correct:
 * dates in order, windows before notifications, sessions inside their months.
 */
export function checkCohortRules(cohort: CohortDates, context: z.core.$RefinementCtx<unknown>): void {
  const rules: Rule[] = [
    ...zoneRules(cohort),
    ...meetingRules(cohort),
    [['rollover', 'to'], cohort.rollover.from === cohort.rollover.to, 'must differ from rollover.from'],
  ];
  for (const [path, broken, message] of rules) {
    if (broken) context.addIssue({ code: 'custom', path: [...path], message });
  }
}
