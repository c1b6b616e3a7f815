import type { ZoneCode } from '../../../shared/domain/zones.ts';
import { defined } from '../../defined.ts';
import { SeededRandom } from './random.ts';
import { type SeasonCalendar, shiftDate } from './season-calendar.ts';

/**
 * The synthetic population of a season: every Missouri-like district and partner invited,
 * and what each of them will do (apply, fail, answer, name a roster...). Decided up front
 * from the seed, so the same seed always replays the same season; the scenario only
 * carries it out.
 */

export interface Person {
  readonly name: string;
  readonly title: string;
  readonly email: string;
}

export interface District {
  readonly kind: 'district';
  readonly index: number;
  /** Missouri county-district code, unique. */
  readonly code: string;
  readonly name: string;
  readonly contact: Person;
  readonly superintendent: { readonly name: string; readonly email: string };
  /** The zones it told the campaign it is interested in; empty = every zone open to districts. */
  readonly interest: readonly ZoneCode[];
}

export interface Partner {
  readonly kind: 'partner';
  readonly index: number;
  readonly name: string;
  readonly organizationType:
    | 'statewide_education_organization'
    | 'regional_education_organization'
    | 'higher_education'
    | 'business_partner';
  readonly contact: Person;
  /** The representative its application names is its contact. */
  readonly alternate: Person;
}

export type Decision = 'selected' | 'not_selected';

export interface ApplicationPlan {
  readonly zone: ZoneCode;
  /** The day it is submitted (at the scenario's action time). */
  readonly submitOn: string;
  /** A body with a mistake first (400, nothing stored, nothing sent), then the right one. */
  readonly invalidFirst: boolean;
  /** The same request sent again with the same Idempotency-Key: the first answer, no second receipt. */
  readonly retried: boolean;
  readonly clarification: 'none' | 'asked' | 'answered';
  readonly decision: Decision;
  /** Undecided at release: decided afterwards, and its result sent on a facilitator's request. */
  readonly decidedLate: boolean;
}

/** A submission the API must refuse: it stores nothing and sends nothing. */
export interface RefusedPlan {
  readonly zone: ZoneCode;
  readonly reason: 'invalid' | 'late';
  readonly on: string;
}

export interface RosterPlan {
  readonly on: string;
  /** Lead facilitators (SDZ, ILDZ), or [representative, alternate] (CNZ). */
  readonly members: readonly Person[];
  /** First sends one lead facilitator too many (400, nothing changes). */
  readonly tooManyFirst: boolean;
  /** Sends the same roster again later that day: unchanged, no second confirmation. */
  readonly repeated: boolean;
  readonly change?: { readonly on: string; readonly members: readonly Person[] };
}

export interface DistrictPlan {
  readonly district: District;
  readonly application?: ApplicationPlan;
  readonly refused?: RefusedPlan;
  /** A selected SDZ district: the day its board resolution is recorded; null = never. */
  readonly resolutionOn?: string | null;
  /** Its participant's roster: the SDZ application, the ILDZ place of a rollover, or the ILDZ application. */
  readonly roster?: RosterPlan;
}

export interface PartnerPlan {
  readonly partner: Partner;
  readonly application?: ApplicationPlan;
  readonly refused?: RefusedPlan;
  readonly roster?: RosterPlan;
}

export interface Population {
  readonly seed: number;
  readonly districts: readonly DistrictPlan[];
  readonly partners: readonly PartnerPlan[];
  readonly facilitators: readonly string[];
}

/** Shares of the population doing each thing (at least the minimum, so a tiny season still covers every path). */
const SHARES = {
  interestSdzOnly: 0.1,
  interestIldzOnly: 0.2,
  sdzApplicants: 0.08,
  ildzApplicants: 0.12,
  cnzApplicants: 0.4,
  refusedInvalid: 0.02,
  refusedLate: 0.01,
  invalidFirst: 0.1,
  retried: 0.05,
  clarifiedSdz: 0.3,
  clarifiedIldz: 0.1,
  clarificationsAnswered: 0.67,
  decidedLate: 0.05,
  sdzSelected: 0.6,
  ildzSelected: 0.7,
  cnzAccepted: 0.85,
  resolutionsEarly: 0.45,
  resolutionsLate: 0.35,
  rostersNamed: 0.75,
  rostersChanged: 0.1,
  rostersRepeated: 0.05,
  sharedCoaches: 0.06,
} as const;

const share = (count: number, fraction: number, minimum = 0) =>
  Math.min(count, Math.max(minimum, Math.round(count * fraction)));
const pad3 = (value: number) => String(value).padStart(3, '0');

/** Weekdays from `from` to `to`, inclusive. */
function weekdays(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = shiftDate(day, 1)) {
    const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
    if (weekday !== 0 && weekday !== 6) days.push(day);
  }
  return days;
}

function makeDistrict(index: number, random: SeededRandom, tag: string): District {
  const domain = `d${index}${tag}.example.org`;
  const roll = random.int(0, 999) / 1000;
  const interest: ZoneCode[] =
    roll < SHARES.interestSdzOnly ? ['SDZ'] : roll < SHARES.interestSdzOnly + SHARES.interestIldzOnly ? ['ILDZ'] : [];
  return {
    kind: 'district',
    index,
    // Up to 999 districts per "county" keeps every code NNN-NNN and unique at any scale.
    code: `${pad3(1 + Math.floor((index - 1) / 999))}-${pad3(1 + ((index - 1) % 999))}`,
    name: `Synthetic District ${index} R-${1 + (index % 12)}`,
    contact: { name: `Contact ${index}`, title: 'Director of Innovation', email: `contact@${domain}` },
    superintendent: { name: `Superintendent ${index}`, email: `superintendent@${domain}` },
    interest,
  };
}

const ORGANIZATION_TYPES = [
  'statewide_education_organization',
  'regional_education_organization',
  'higher_education',
  'business_partner',
] as const;

function makePartner(index: number, random: SeededRandom, tag: string): Partner {
  const domain = `p${index}${tag}.example.com`;
  return {
    kind: 'partner',
    index,
    name: `Synthetic Partner Organization ${index}`,
    organizationType: random.pick(ORGANIZATION_TYPES),
    contact: { name: `Liaison ${index}`, title: 'Education Liaison', email: `liaison@${domain}` },
    alternate: { name: `Alternate ${index}`, title: 'Program Director', email: `alternate@${domain}` },
  };
}

/** A lead facilitator, at the district's own domain (its contact's). */
const leadFacilitator = (district: District, number: number, version = 1): Person => ({
  name: `Lead ${number}${version > 1 ? `v${version}` : ''} of District ${district.index}`,
  title: 'Instructional Coach',
  email: `lead${number}${version > 1 ? `v${version}` : ''}@${district.contact.email.split('@')[1]}`,
});
const coach = (number: number, tag: string): Person => ({
  name: `Coach ${number}`,
  title: 'Consultant',
  email: `coach${number}@learning-partners${tag}.example.org`,
});

/** Splits `items` into consecutive groups of the given sizes. */
function split<T>(items: readonly T[], ...sizes: number[]): T[][] {
  const groups: T[][] = [];
  let start = 0;
  for (const size of sizes) {
    groups.push(items.slice(start, start + size));
    start += size;
  }
  groups.push(items.slice(start));
  return groups;
}

interface Applicant<T> {
  readonly who: T;
  readonly zone: ZoneCode;
}

/** The plan of an applicant of the zone whose plans `plans` holds. */
function planOf<T extends District | Partner>(plans: ReadonlyMap<T, ApplicationPlan>, who: T): ApplicationPlan {
  return defined(plans.get(who), `the application plan of ${who.kind} ${who.index}`);
}

/** Decides who applies when, who is clarified, and each decision, for the applicants of one zone. */
function planApplications<T>(
  applicants: ReadonlyArray<Applicant<T>>,
  random: SeededRandom,
  options: { days: string[]; clarified: number; selected: number; decidedLate: boolean },
): Map<T, ApplicationPlan> {
  const count = applicants.length;
  const late = options.decidedLate ? share(count, SHARES.decidedLate, 1) : 0;
  const [lateOnes = [], decidedOnes = []] = split(random.sample(applicants, count), late);
  const selected = share(decidedOnes.length, options.selected, decidedOnes.length > 0 ? 1 : 0);
  const selectedSet = new Set(
    decidedOnes.slice(0, Math.min(selected, Math.max(1, decidedOnes.length - 1))).map((item) => item.who),
  );
  const clarified = new Set(
    random.sample(applicants, options.clarified > 0 ? share(count, options.clarified, 1) : 0).map((item) => item.who),
  );
  const answeredCount = Math.ceil(clarified.size * SHARES.clarificationsAnswered);
  const answered = new Set([...clarified].slice(0, answeredCount));
  const invalidFirst = new Set(random.sample(applicants, share(count, SHARES.invalidFirst, 1)).map((item) => item.who));
  const retried = new Set(random.sample(applicants, share(count, SHARES.retried, 1)).map((item) => item.who));
  const lateSet = new Set(lateOnes.map((item) => item.who));
  const plans = new Map<T, ApplicationPlan>();
  for (const { who, zone } of applicants) {
    plans.set(who, {
      zone,
      submitOn: random.pick(options.days),
      invalidFirst: invalidFirst.has(who),
      retried: retried.has(who),
      clarification: answered.has(who) ? 'answered' : clarified.has(who) ? 'asked' : 'none',
      // A late decision is a selection, so the weekly reminders and the sessions see a district told late.
      decision: lateSet.has(who) || selectedSet.has(who) ? 'selected' : 'not_selected',
      decidedLate: lateSet.has(who),
    });
  }
  return plans;
}

export interface ScenarioDays {
  /** First and last day (inclusive) applicants submit on, per zone: from the weekday after the invitations to the due date. */
  readonly sdzSubmissions: readonly [string, string];
  readonly ildzSubmissions: readonly [string, string];
  readonly cnzSubmissions: readonly [string, string];
  /** Days a late submission is tried: the Saturday and the Monday after the due date. */
  readonly sdzLate: readonly string[];
  readonly ildzLate: readonly string[];
  /** Undecided applications are decided (and their results sent on request) after the release. */
  readonly sdzLateDecisions: string;
  readonly ildzLateDecisions: string;
  /** The CNZ applications are reviewed and decided in the week after its window closes. */
  readonly cnzDecisions: string;
}

/**
 * The days the scenario acts on (see scenario.ts for the instants), from the cohort's own dates:
 * the same days of the week relative to them as the seed season used (a copy keeps each
 * date's weekday, see shared/domain/cohort/copy-forward.ts).
 */
export function scenarioDays(calendar: SeasonCalendar): ScenarioDays {
  const from = shiftDate(calendar.invitationDate, 1);
  return {
    sdzSubmissions: [from, calendar.due.SDZ],
    ildzSubmissions: [from, calendar.due.ILDZ],
    cnzSubmissions: [from, calendar.due.CNZ],
    sdzLate: [shiftDate(calendar.due.SDZ, 1), shiftDate(calendar.due.SDZ, 3)],
    ildzLate: [shiftDate(calendar.due.ILDZ, 1), shiftDate(calendar.due.ILDZ, 3)],
    sdzLateDecisions: shiftDate(calendar.notify.SDZ, 1),
    ildzLateDecisions: shiftDate(calendar.notify.ILDZ, 3),
    cnzDecisions: shiftDate(calendar.due.CNZ, 5),
  };
}

export function synthesizePopulation(options: {
  districts: number;
  partners: number;
  seed: number;
  calendar: SeasonCalendar;
  /**
   * Added to every synthetic domain (d1<tag>.example.org), so that two cohorts replayed at once
   * have their own addresses; empty by default.
   */
  addressTag?: string;
}): Population {
  const calendar = options.calendar;
  const tag = options.addressTag ?? '';
  const scenario = scenarioDays(calendar);
  const people = new SeededRandom(options.seed, 'people');
  const districts = Array.from({ length: options.districts }, (_, offset) => makeDistrict(offset + 1, people, tag));
  const partners = Array.from({ length: options.partners }, (_, offset) => makePartner(offset + 1, people, tag));

  // Who applies where, and who is refused: disjoint groups of districts.
  const applying = new SeededRandom(options.seed, 'applicants');
  const wants = (zone: ZoneCode) =>
    districts.filter((district) => district.interest.length === 0 || district.interest.includes(zone));
  const sdzDistricts = applying.sample(wants('SDZ'), share(districts.length, SHARES.sdzApplicants, 3));
  const taken = new Set<District>(sdzDistricts);
  const ildzDistricts = applying.sample(
    wants('ILDZ').filter((district) => !taken.has(district)),
    share(districts.length, SHARES.ildzApplicants, 3),
  );
  for (const district of ildzDistricts) taken.add(district);
  const rest = districts.filter((district) => !taken.has(district));
  const [invalidOnes = [], lateOnes = []] = split(
    applying.sample(rest, rest.length),
    share(districts.length, SHARES.refusedInvalid, 1),
    share(districts.length, SHARES.refusedLate, 1),
  );
  const cnzPartners = applying.sample(
    partners,
    share(partners.length, SHARES.cnzApplicants, partners.length > 0 ? 1 : 0),
  );
  const refusedPartners = applying.sample(
    partners.filter((partner) => !cnzPartners.includes(partner)),
    partners.length > 1 ? 1 : 0,
  );

  const timing = new SeededRandom(options.seed, 'timing');
  const sdzPlans = planApplications(
    sdzDistricts.map((who) => ({ who, zone: 'SDZ' as const })),
    timing,
    {
      days: weekdays(...scenario.sdzSubmissions),
      clarified: SHARES.clarifiedSdz,
      selected: SHARES.sdzSelected,
      decidedLate: true,
    },
  );
  const ildzPlans = planApplications(
    ildzDistricts.map((who) => ({ who, zone: 'ILDZ' as const })),
    timing,
    {
      days: weekdays(...scenario.ildzSubmissions),
      clarified: SHARES.clarifiedIldz,
      selected: SHARES.ildzSelected,
      decidedLate: true,
    },
  );
  const cnzPlans = planApplications(
    cnzPartners.map((who) => ({ who, zone: 'CNZ' as const })),
    timing,
    { days: weekdays(...scenario.cnzSubmissions), clarified: 0, selected: SHARES.cnzAccepted, decidedLate: false },
  );

  const refused = new Map<District | Partner, RefusedPlan>();
  for (const district of invalidOnes) {
    const zone = timing.pick(district.interest.length > 0 ? district.interest : (['SDZ', 'ILDZ'] as const));
    refused.set(district, {
      zone,
      reason: 'invalid',
      on: timing.pick(zone === 'SDZ' ? weekdays(...scenario.sdzSubmissions) : weekdays(...scenario.ildzSubmissions)),
    });
  }
  for (const district of lateOnes) {
    const zone = timing.pick(district.interest.length > 0 ? district.interest : (['SDZ', 'ILDZ'] as const));
    refused.set(district, {
      zone,
      reason: 'late',
      on: timing.pick(zone === 'SDZ' ? scenario.sdzLate : scenario.ildzLate),
    });
  }
  for (const partner of refusedPartners)
    refused.set(partner, {
      zone: 'CNZ',
      reason: 'invalid',
      on: timing.pick(weekdays(...scenario.cnzSubmissions)),
    });

  // Board resolutions of the selected SDZ districts: early (before the first weekly
  // reminder), late (after some reminders), or never.
  const resolving = new SeededRandom(options.seed, 'resolutions');
  const sdzSelected = sdzDistricts.filter((district) => planOf(sdzPlans, district).decision === 'selected');
  const [early = [], late = []] = split(
    resolving.sample(sdzSelected, sdzSelected.length),
    share(sdzSelected.length, SHARES.resolutionsEarly),
    share(sdzSelected.length, SHARES.resolutionsLate, sdzSelected.length >= 2 ? 1 : 0),
  );
  const rounds = calendar.boardResolutionRounds;
  const resolutionOn = new Map<District, string | null>(sdzSelected.map((district) => [district, null]));
  for (const district of early) {
    const firstDay = planOf(sdzPlans, district).decidedLate
      ? scenario.sdzLateDecisions
      : defined(calendar.releaseAt.SDZ, 'the SDZ release').toISOString().slice(0, 10);
    resolutionOn.set(
      district,
      resolving.pick(
        weekdays(
          shiftDate(firstDay, 1),
          shiftDate(defined(rounds[0], 'a board-resolution round').at.toISOString().slice(0, 10), -1),
        ),
      ),
    );
  }
  // The day after a round, some rounds in: that round's reminder went out, the next does not.
  for (const district of late)
    resolutionOn.set(
      district,
      shiftDate(
        defined(rounds[resolving.int(0, Math.min(11, rounds.length - 2))], 'a board-resolution round')
          .at.toISOString()
          .slice(0, 10),
        1,
      ),
    );

  const rosters = planRosters(options.seed, calendar, tag, {
    sdzDistricts,
    ildzDistricts,
    sdzPlans,
    ildzPlans,
    cnzPartners,
    cnzPlans,
  });

  return {
    seed: options.seed,
    districts: districts.map((district) => {
      // A district applies to one zone at most: the SDZ and ILDZ applicants are disjoint groups.
      const application = sdzPlans.get(district) ?? ildzPlans.get(district);
      const refusal = refused.get(district);
      const resolution = resolutionOn.get(district);
      const roster = rosters.get(district);
      return {
        district,
        ...(application ? { application } : {}),
        ...(refusal ? { refused: refusal } : {}),
        ...(resolution !== undefined ? { resolutionOn: resolution } : {}),
        ...(roster ? { roster } : {}),
      };
    }),
    partners: partners.map((partner) => {
      const application = cnzPlans.get(partner);
      const refusal = refused.get(partner);
      const roster = rosters.get(partner);
      return {
        partner,
        ...(application ? { application } : {}),
        ...(refusal ? { refused: refusal } : {}),
        ...(roster ? { roster } : {}),
      };
    }),
    facilitators: ['facilitators@srsn.example.org', 'lead.facilitator@srsn.example.org'],
  };
}

/**
 * Rosters of the participants: most name theirs within days of their result (some before
 * the planning meeting notices, some after), a few change it in December, one first names
 * one lead too many, a few consultants lead for two participants. The rest never name one:
 * their contact (or, in the CNZ, the representative and alternate of the application)
 * stands in.
 */
function planRosters(
  seed: number,
  calendar: SeasonCalendar,
  tag: string,
  applicants: {
    sdzDistricts: District[];
    ildzDistricts: District[];
    sdzPlans: Map<District, ApplicationPlan>;
    ildzPlans: Map<District, ApplicationPlan>;
    cnzPartners: Partner[];
    cnzPlans: Map<Partner, ApplicationPlan>;
  },
): Map<District | Partner, RosterPlan> {
  const random = new SeededRandom(seed, 'rosters');
  // Every SDZ applicant takes part (selected, or placed in the ILDZ by the rollover); ILDZ and CNZ ones if selected.
  const districtParticipants = [
    ...applicants.sdzDistricts,
    ...applicants.ildzDistricts.filter((district) => planOf(applicants.ildzPlans, district).decision === 'selected'),
  ];
  const partnerParticipants = applicants.cnzPartners.filter(
    (partner) => planOf(applicants.cnzPlans, partner).decision === 'selected',
  );
  const scenario = scenarioDays(calendar);
  const releasedOn = (zone: ZoneCode) =>
    defined(calendar.releaseAt[zone], `the ${zone} release`).toISOString().slice(0, 10);
  const toldOn = (plan: ApplicationPlan) =>
    plan.decidedLate
      ? plan.zone === 'SDZ'
        ? scenario.sdzLateDecisions
        : scenario.ildzLateDecisions
      : releasedOn(plan.zone);

  const named = random.sample(districtParticipants, share(districtParticipants.length, SHARES.rostersNamed, 1));
  const changed = new Set(random.sample(named, share(named.length, SHARES.rostersChanged, 1)));
  const repeated = new Set(random.sample(named, share(named.length, SHARES.rostersRepeated)));
  const coached = random.sample(named, share(named.length, SHARES.sharedCoaches, named.length >= 2 ? 2 : 0));
  // Changes in the month of the third session (December), up to the 20th.
  const changeMonth = defined(calendar.sessions[2], 'a third monthly session').date.slice(0, 7);
  const decemberDays = weekdays(`${changeMonth}-01`, `${changeMonth}-20`);
  const rosters = new Map<District | Partner, RosterPlan>();
  named.forEach((district, position) => {
    const plan = applicants.sdzPlans.get(district) ?? planOf(applicants.ildzPlans, district);
    const count = random.int(1, 3);
    const members = Array.from({ length: count }, (_, offset) => leadFacilitator(district, offset + 1));
    const coachIndex = coached.indexOf(district);
    // Pairs of participants share one consultant: one email per occasion all the same.
    if (coachIndex >= 0) members[members.length - 1] = coach(1 + (Math.floor(coachIndex / 2) % 3), tag);
    rosters.set(district, {
      on: random.pick(weekdays(shiftDate(toldOn(plan), 1), shiftDate(toldOn(plan), 12))),
      members,
      tooManyFirst: position === 0,
      repeated: repeated.has(district),
      ...(changed.has(district)
        ? {
            change: {
              on: random.pick(decemberDays),
              members: [...members.slice(0, -1), leadFacilitator(district, count, 2)],
            },
          }
        : {}),
    });
  });
  const partnersNamed = random.sample(partnerParticipants, share(partnerParticipants.length, 0.5, 1));
  for (const partner of partnersNamed) {
    const plan = planOf(applicants.cnzPlans, partner);
    const newAlternate: Person = {
      name: `New Alternate ${partner.index}`,
      title: 'Training Manager',
      email: `alternate2@${partner.contact.email.split('@')[1]}`,
    };
    rosters.set(partner, {
      on: random.pick(weekdays(shiftDate(toldOn(plan), 1), shiftDate(toldOn(plan), 10))),
      members: [partner.contact, newAlternate],
      tooManyFirst: false,
      repeated: false,
    });
  }
  return rosters;
}
