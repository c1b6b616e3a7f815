import type { ZoneCode } from '../../../shared/domain/zones.ts';
import { defined } from '../../defined.ts';
import type { AnomalyLog } from './anomalies.ts';
import { applicationBody, invalidApplicationBody } from './application-bodies.ts';
import type { Owner, SeasonFacts } from './facts.ts';
import type { MailLog } from './mail-log.ts';
import {
  type ApplicationPlan,
  type District,
  type Partner,
  type Person,
  type Population,
  type RosterPlan,
  scenarioDays,
} from './population.ts';
import { type ApiAnswer, FACILITATOR_TOKENS, fieldsOf, type SeasonApi } from './season-api.ts';
import { localDate, type SeasonCalendar, type SessionSlot, shiftDate } from './season-calendar.ts';

/**
 * The season's steps: what applicants and facilitators do, on which day, through the API.
 * Each kind of step has its own minute of the day (never on a 15-minute tick, and in a fixed
 * order), so steps at one instant never depend on each other and the expectations can tell
 * what happened before each scheduled email.
 */

export interface ScenarioContext {
  readonly api: SeasonApi;
  readonly facts: SeasonFacts;
  readonly mail: MailLog;
  readonly anomalies: AnomalyLog;
  readonly calendar: SeasonCalendar;
  /** The virtual instant the step runs at. */
  readonly now: Date;
}

export interface SeasonAction {
  readonly at: Date;
  readonly phase: string;
  run(context: ScenarioContext): Promise<void>;
}

/** The minute (UTC, 15:xx = 10:xx CDT / 09:xx CST) each kind of step runs at on its day. */
const STEP_TIMES = {
  submit: '15:05',
  clarify: '15:10',
  answer: '15:20',
  decide: '15:25',
  release: '15:35',
  roster: '15:40',
  resolution: '15:50',
  moveSession: '15:52',
  materials: '15:55',
} as const;

const at = (day: string, step: keyof typeof STEP_TIMES) => new Date(`${day}T${STEP_TIMES[step]}:00.000Z`);
const ownerOf = (who: District | Partner): Owner => (who.kind === 'district' ? `d${who.index}` : `p${who.index}`);

export interface SessionMove {
  /** The date the cohort scheduled it on. */
  readonly sessionDate: string;
  readonly date: string;
  readonly start: string;
  readonly end: string;
  /** The day a facilitator moves it. */
  readonly on: string;
  readonly note: string;
}

/**
 * The session moved in every season: January's (the fourth), to a week later, same time,
 * moved on the second Monday after November's.
 */
export function movedSession(calendar: SeasonCalendar): SessionMove {
  const january: SessionSlot = defined(calendar.sessions[3], 'a fourth monthly session');
  const november: SessionSlot = defined(calendar.sessions[1], 'a second monthly session');
  return {
    sessionDate: january.date,
    date: shiftDate(january.date, 7),
    start: january.start,
    end: january.end,
    on: shiftDate(november.date, 12),
    note: 'Moved a week later for the winter break',
  };
}

/** Checks an API answer; a different status is an anomaly, and the step stops there. */
function expectStatus(context: ScenarioContext, answer: ApiAnswer, status: number, what: string): boolean {
  if (answer.status === status) return true;
  context.anomalies.add({
    type: 'api',
    at: context.now.toISOString(),
    detail: `${what}: expected ${status}, got ${answer.status} ${JSON.stringify(answer.body)?.slice(0, 300)}`,
  });
  return false;
}

const CSV_HEADER = 'kind,organization,county_district_code,contact_name,contact_email,zone_interest';
/** The API's limit of rows per import (shared/invitations/csv.ts). */
const ROWS_PER_IMPORT = 5000;
const csvCell = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

function importInvitees(population: Population, calendar: SeasonCalendar): SeasonAction {
  return {
    at: seasonStart(calendar),
    phase: 'invitations',
    async run(context) {
      const rows = [
        ...population.districts.map(({ district }) => ({
          owner: ownerOf(district),
          cells: [
            'district',
            district.name,
            district.code,
            district.contact.name,
            district.contact.email,
            district.interest.join(';'),
          ],
          zones: district.interest.length > 0 ? district.interest : (['SDZ', 'ILDZ'] as const),
          email: district.contact.email,
        })),
        ...population.partners.map(({ partner }) => ({
          owner: ownerOf(partner),
          cells: ['partner', partner.name, '', partner.contact.name, partner.contact.email, ''],
          zones: ['CNZ'] as const,
          email: partner.contact.email,
        })),
      ];
      for (let start = 0; start < rows.length; start += ROWS_PER_IMPORT) {
        const chunk = rows.slice(start, start + ROWS_PER_IMPORT);
        const csv = `${[CSV_HEADER, ...chunk.map((row) => row.cells.map(csvCell).join(','))].join('\r\n')}\r\n`;
        if (
          !expectStatus(
            context,
            await context.api.importInvitees(context.calendar.cohortId, csv),
            200,
            `import of invitees ${start + 1}-${start + chunk.length}`,
          )
        )
          continue;
        for (const row of chunk)
          context.facts.invitees.push({ owner: row.owner, email: row.email, zones: [...row.zones] });
      }
      context.facts.importedAt = context.now;
    },
  };
}

function submitApplication(who: District | Partner, plan: ApplicationPlan): SeasonAction {
  const owner = ownerOf(who);
  return {
    at: at(plan.submitOn, 'submit'),
    phase: 'applications',
    async run(context) {
      if (plan.invalidFirst)
        expectStatus(
          context,
          await context.api.submit(invalidApplicationBody(who, plan.zone, who.index, context.calendar)),
          400,
          `${owner} ${plan.zone} application with a mistake`,
        );
      const key = `season-${owner}-${plan.zone}`;
      const answer = await context.api.submit(applicationBody(who, plan.zone, context.calendar), key);
      if (!expectStatus(context, answer, 201, `${owner} ${plan.zone} application`)) return;
      const applicationId = String(answer.fields.applicationId);
      context.facts.applications.push({
        applicationId,
        owner,
        zone: plan.zone,
        contact: who.contact.email,
        superintendent: who.kind === 'district' ? who.superintendent.email : undefined,
        designated: who.kind === 'partner' ? [who.contact.email, who.alternate.email] : [],
        submittedAt: context.now,
      });
      if (plan.retried) {
        const again = await context.api.submit(applicationBody(who, plan.zone, context.calendar), key);
        if (
          expectStatus(context, again, 201, `${owner} ${plan.zone} application retried with its Idempotency-Key`) &&
          again.fields.applicationId !== applicationId
        ) {
          context.anomalies.add({
            type: 'api',
            at: context.now.toISOString(),
            detail: `${owner}: the retried submission answered ${again.fields.applicationId}, not ${applicationId}`,
          });
        }
      }
    },
  };
}

function refusedSubmission(
  who: District | Partner,
  zone: ZoneCode,
  reason: 'invalid' | 'late',
  on: string,
): SeasonAction {
  const owner = ownerOf(who);
  return {
    at: at(on, 'submit'),
    phase: 'applications',
    async run(context) {
      const answer =
        reason === 'invalid'
          ? await context.api.submit(invalidApplicationBody(who, zone, who.index + 1, context.calendar))
          : await context.api.submit(applicationBody(who, zone, context.calendar));
      const status = reason === 'invalid' ? 400 : 409;
      expectStatus(context, answer, status, `${owner} ${reason} ${zone} application`);
      if (reason === 'late' && answer.fields.error !== 'WindowClosed')
        context.anomalies.add({
          type: 'api',
          at: context.now.toISOString(),
          detail: `${owner} late ${zone} application: expected WindowClosed, got ${JSON.stringify(answer.body)}`,
        });
      context.facts.refused.push({ owner, zone, contact: who.contact.email, status: answer.status, at: context.now });
    },
  };
}

const applicationOf = (context: ScenarioContext, owner: Owner) =>
  context.facts.applications.find((application) => application.owner === owner);

/**
 * A facilitator's question. `askTwice` asks a second one at once and does not tell the
 * expectations (no fact): a duplicate on purpose, which the replay must report.
 */
function askClarification(who: District | Partner, on: string, askTwice: boolean): SeasonAction {
  const owner = ownerOf(who);
  return {
    at: at(on, 'clarify'),
    phase: 'clarifications',
    async run(context) {
      const application = applicationOf(context, owner);
      if (!application) return;
      const path = `/facilitator/applications/${application.applicationId}/clarifications`;
      const asked = await context.api.asFacilitator('POST', path, {
        question: `Which schools of ${who.name} take part, and since when?`,
      });
      if (expectStatus(context, asked, 201, `clarification for ${owner}`))
        context.facts.clarifications.push({ applicationId: application.applicationId, at: context.now });
      if (askTwice)
        expectStatus(
          context,
          await context.api.asFacilitator('POST', path, { question: 'One more question, asked twice on purpose.' }),
          201,
          `second clarification for ${owner}`,
        );
    },
  };
}

function answerClarification(who: District | Partner, on: string): SeasonAction {
  const owner = ownerOf(who);
  return {
    at: at(on, 'answer'),
    phase: 'clarifications',
    async run(context) {
      const application = applicationOf(context, owner);
      if (!application) return;
      const link = context.mail.clarificationLinks.get(application.applicationId);
      if (!link) {
        context.anomalies.add({
          type: 'api',
          at: context.now.toISOString(),
          detail: `${owner}: no clarification email with a reply link to answer`,
        });
        return;
      }
      expectStatus(
        context,
        await context.api.request('POST', `${link.path}/answer`, {
          secret: link.secret,
          answer: 'Two elementary schools, since August 2021.',
        }),
        200,
        `${owner} answering its clarification`,
      );
    },
  };
}

const scores = (zone: ZoneCode, seed: number) => ({
  elements: Object.fromEntries(
    Array.from({ length: 8 }, (_, offset) => [String(offset + 1), 1 + ((seed + offset) % 4)]),
  ),
  ...(zone === 'SDZ'
    ? {
        evidence: {
          cblPractices: 3,
          dataForSystemChange: 3,
          assessmentForLearning: 2 + (seed % 3),
          professionalLearning: 3,
        },
      }
    : {}),
});

async function recordDecision(
  context: ScenarioContext,
  who: District | Partner,
  plan: ApplicationPlan,
): Promise<string | undefined> {
  const owner = ownerOf(who);
  const application = applicationOf(context, owner);
  if (!application) return undefined;
  const token = defined(FACILITATOR_TOKENS[who.index % FACILITATOR_TOKENS.length], 'a facilitator token');
  const current = await context.api.asFacilitator(
    'GET',
    `/facilitator/applications/${application.applicationId}`,
    undefined,
    token,
  );
  if (!expectStatus(context, current, 200, `${owner} application detail`)) return undefined;
  const reviewed = await context.api.asFacilitator(
    'PUT',
    `/facilitator/applications/${application.applicationId}/review`,
    {
      expectedVersion: current.fields.version,
      decision: plan.decision,
      notes: 'Reviewed by the facilitation team against the rubric.',
      scores: scores(plan.zone, who.index),
    },
    token,
  );
  if (!expectStatus(context, reviewed, 200, `${owner} review`)) return undefined;
  context.facts.decisions.push({ applicationId: application.applicationId, decision: plan.decision, at: context.now });
  return application.applicationId;
}

function decide(who: District | Partner, plan: ApplicationPlan, on: string): SeasonAction {
  return {
    at: at(on, 'decide'),
    phase: 'reviews',
    run: async (context) => void (await recordDecision(context, who, plan)),
  };
}

/** Decided after the release: the facilitator sends the result on request. */
function decideLate(who: District | Partner, plan: ApplicationPlan, on: string): SeasonAction {
  return {
    at: at(on, 'decide'),
    phase: 'reviews',
    async run(context) {
      const applicationId = await recordDecision(context, who, plan);
      if (!applicationId) return;
      const sent = await context.api.asFacilitator('POST', `/facilitator/applications/${applicationId}/send-result`);
      if (expectStatus(context, sent, 200, `${ownerOf(who)} result sent on request`))
        context.facts.resultRequests.push({ applicationId, at: context.now });
    },
  };
}

function rosterBody(who: District | Partner, secret: string, members: readonly Person[]): Record<string, unknown> {
  return who.kind === 'partner'
    ? { secret, representative: members[0], alternate: members[1] }
    : { secret, leadFacilitators: members };
}

/** Names (or changes) a roster with the link of the participant's result email, as the applicant would. */
async function putRoster(
  context: ScenarioContext,
  who: District | Partner,
  members: readonly Person[],
  options: { tooManyFirst?: boolean; repeated?: boolean } = {},
): Promise<void> {
  const owner = ownerOf(who);
  const application = applicationOf(context, owner);
  const link = application && context.mail.rosterLinks.get(application.applicationId);
  if (!link) {
    context.anomalies.add({
      type: 'api',
      at: context.now.toISOString(),
      detail: `${owner}: no result email with a roster link to follow`,
    });
    return;
  }
  if (options.tooManyFirst && who.kind === 'district') {
    const tooMany = [
      ...members,
      ...Array.from({ length: context.calendar.maxLeadFacilitators + 1 - members.length }, (_, offset) => ({
        name: `Extra ${offset}`,
        title: 'Teacher',
        email: `extra${offset}@d${who.index}.example.org`,
      })),
    ];
    expectStatus(
      context,
      await context.api.request('PUT', link.path, rosterBody(who, link.secret, tooMany)),
      400,
      `${owner} naming one lead facilitator too many`,
    );
  }
  const answer = await context.api.request('PUT', link.path, rosterBody(who, link.secret, members));
  if (!expectStatus(context, answer, 200, `${owner} roster`)) return;
  if (answer.fields.changed)
    context.facts.rosters.push({
      owner,
      applicationId: link.applicationId,
      version: Number(answer.fields.version),
      members: members.map((member) => member.email.toLowerCase()),
      at: context.now,
    });
  if (options.repeated) {
    const again = await context.api.request('PUT', link.path, rosterBody(who, link.secret, members));
    if (expectStatus(context, again, 200, `${owner} same roster again`) && again.fields.changed !== false)
      context.anomalies.add({
        type: 'api',
        at: context.now.toISOString(),
        detail: `${owner}: the same roster sent again answered changed: ${again.fields.changed}`,
      });
  }
}

function nameRoster(who: District | Partner, roster: RosterPlan): SeasonAction[] {
  const actions: SeasonAction[] = [
    {
      at: at(roster.on, 'roster'),
      phase: 'rosters',
      run: (context) => putRoster(context, who, roster.members, roster),
    },
  ];
  const change = roster.change;
  if (change)
    actions.push({
      at: at(change.on, 'roster'),
      phase: 'rosters',
      run: (context) => putRoster(context, who, change.members),
    });
  return actions;
}

function recordResolution(who: District, on: string): SeasonAction {
  const owner = ownerOf(who);
  return {
    at: at(on, 'resolution'),
    phase: 'board resolutions',
    async run(context) {
      const application = applicationOf(context, owner);
      if (!application) return;
      const current = await context.api.asFacilitator('GET', `/facilitator/applications/${application.applicationId}`);
      if (!expectStatus(context, current, 200, `${owner} application detail`)) return;
      const adoptedOn = shiftDate(localDate(context.now, context.calendar.timeZone), -1);
      const recorded = await context.api.asFacilitator(
        'POST',
        `/facilitator/applications/${application.applicationId}/board-resolution`,
        {
          expectedVersion: current.fields.version,
          adoptedOn,
          reference: `Board minutes ${adoptedOn}, resolution ${who.index}`,
        },
      );
      if (expectStatus(context, recorded, 200, `${owner} board resolution`))
        context.facts.resolutions.push({ applicationId: application.applicationId, at: context.now });
    },
  };
}

function moveSession(move: SessionMove): SeasonAction {
  return {
    at: at(move.on, 'moveSession'),
    phase: 'sessions',
    async run(context) {
      const { sessionDate, date, start, end, note } = move;
      const moved = await context.api.asFacilitator('PUT', `/facilitator/sessions/${sessionDate}`, {
        cohort: context.calendar.cohortId,
        date,
        start,
        end,
        note,
      });
      if (expectStatus(context, moved, 200, `moving the ${sessionDate} session`))
        context.facts.sessionMoves.push({
          sessionDate,
          date,
          start,
          end,
          sequence: Number(moved.fields.sequence),
          at: context.now,
        });
    },
  };
}

function postMaterials(sessionDate: string, heldOn: string): SeasonAction {
  return {
    at: at(shiftDate(heldOn, 1), 'materials'),
    phase: 'sessions',
    async run(context) {
      const month = sessionDate.slice(0, 7);
      const posted = await context.api.asFacilitator('POST', `/facilitator/sessions/${sessionDate}/materials`, {
        cohort: context.calendar.cohortId,
        videoUrl: `https://video.srsn.example.org/sessions/${month}`,
        slidesUrl: `https://srsn.example.org/slides/${month}.pdf`,
      });
      if (expectStatus(context, posted, 201, `materials of the ${sessionDate} session`))
        context.facts.materials.push({
          sessionDate,
          revision: Number(fieldsOf(posted.fields.materials).revision ?? 1),
          at: context.now,
        });
    },
  };
}

/** Every step of the season, in time order (steps at one instant in the order they were planned). */
export function buildScenario(
  population: Population,
  calendar: SeasonCalendar,
  options: { injectDuplicateClarification?: boolean } = {},
): SeasonAction[] {
  const actions: SeasonAction[] = [importInvitees(population, calendar)];
  const days = scenarioDays(calendar);
  // Asked on the Monday after the due date, answered on the Tuesday, decided on the Wednesday (the CNZ: decided only).
  const reviewDays = (zone: ZoneCode): readonly [string, string, string] => [
    shiftDate(calendar.due[zone], 3),
    shiftDate(calendar.due[zone], 4),
    zone === 'CNZ' ? days.cnzDecisions : shiftDate(calendar.due[zone], 5),
  ];
  const lateDecisionDay = {
    SDZ: days.sdzLateDecisions,
    ILDZ: days.ildzLateDecisions,
    CNZ: days.cnzDecisions,
  } as const;
  let injected = false;

  const applicants: Array<{
    who: District | Partner;
    plan: ApplicationPlan | undefined;
    refused: DistrictOrPartnerRefusal | undefined;
    roster: RosterPlan | undefined;
  }> = [
    ...population.districts.map((item) => ({
      who: item.district,
      plan: item.application,
      refused: item.refused,
      roster: item.roster,
    })),
    ...population.partners.map((item) => ({
      who: item.partner,
      plan: item.application,
      refused: item.refused,
      roster: item.roster,
    })),
  ];
  for (const { who, plan, refused, roster } of applicants) {
    if (refused) actions.push(refusedSubmission(who, refused.zone, refused.reason, refused.on));
    if (!plan) continue;
    actions.push(submitApplication(who, plan));
    const [askOn, answerOn, decideOn] = reviewDays(plan.zone);
    if (plan.clarification !== 'none') {
      const askTwice: boolean = options.injectDuplicateClarification === true && !injected;
      actions.push(askClarification(who, askOn, askTwice));
      injected ||= askTwice;
    }
    if (plan.clarification === 'answered') actions.push(answerClarification(who, answerOn));
    actions.push(plan.decidedLate ? decideLate(who, plan, lateDecisionDay[plan.zone]) : decide(who, plan, decideOn));
    if (roster) actions.push(...nameRoster(who, roster));
  }
  for (const { district, resolutionOn } of population.districts)
    if (resolutionOn) actions.push(recordResolution(district, resolutionOn));
  const move = movedSession(calendar);
  actions.push(moveSession(move));
  for (const session of calendar.sessions)
    actions.push(postMaterials(session.date, session.date === move.sessionDate ? move.date : session.date));

  // By instant; steps at the same instant in the order planned.
  return actions
    .map((action, order) => ({ action, order }))
    .sort((left, right) => left.action.at.getTime() - right.action.at.getTime() || left.order - right.order)
    .map(({ action }) => action);
}

type DistrictOrPartnerRefusal = NonNullable<Population['districts'][number]['refused']>;

/** When the replay starts: the clock's default start, an hour before the invitations. */
export function seasonStart(calendar: SeasonCalendar): Date {
  return new Date(calendar.invitationsAt.getTime() - 3_600_000);
}
