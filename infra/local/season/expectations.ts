import type { ZoneCode } from '../../../shared/domain/zones.ts';
import { defined } from '../../defined.ts';
import { businessKey } from './business-keys.ts';
import type { ApplicationFact, Owner, SeasonFacts } from './facts.ts';
import { MailLog } from './mail-log.ts';
import type { Decision } from './population.ts';
import { type SeasonCalendar, type SessionSlot, shiftDate, zoned } from './season-calendar.ts';

/** One email one recipient should get: the business key, the instant, To or Cc. */
export interface ExpectedEmail {
  readonly address: string;
  readonly key: string;
  readonly at: Date;
  readonly role: 'to' | 'cc';
}

/** A participant of the monthly sessions, from the instant its result email told it so. */
interface Participant {
  readonly owner: Owner;
  readonly zone: ZoneCode;
  readonly from: Date;
  readonly contact: string;
  /** Who gets the session emails while it has named no roster. */
  readonly standIns: readonly string[];
}

/**
 * The emails the season should have sent, worked out from what the replay did (facts) and
 * the rules of the issues, independently of the code that sends them:
 * invitations at 8:00 AM Central on the invitation date; deadline reminders 7 days before
 * each due date at 9:00 to invitees that have not applied (an SDZ application counts for the
 * ILDZ); a receipt per accepted submission (copy to the superintendent); "review queue ready"
 * when each window closes; results at 9:00 AM Central on the notification date (a rollover
 * email for SDZ not selected; an alert for undecided ones; later ones when a facilitator
 * sends them); weekly board-resolution reminders to told, selected SDZ districts until one
 * is recorded; roster confirmations; planning-meeting notices and session reminders 7 and 1
 * days before at the meeting's wall-clock time (a moved session: before its new time) to
 * every roster member (or the stand-ins); moved-session invitations and materials at once.
 */
export function expectedEmails(
  facts: SeasonFacts,
  calendar: SeasonCalendar,
  facilitators: readonly string[],
): Map<string, ExpectedEmail> {
  const expected = new Map<string, ExpectedEmail>();
  const add = (address: string, key: string, at: Date, role: 'to' | 'cc') => {
    const entryKey = MailLog.entryKey(address, key);
    if (!expected.has(entryKey)) expected.set(entryKey, { address: address.toLowerCase(), key, at, role });
  };
  const message = (to: readonly string[], cc: readonly string[], key: string, at: Date) => {
    for (const address of to) add(address, key, at, 'to');
    for (const address of cc) if (!to.includes(address)) add(address, key, at, 'cc');
  };
  const copies = (application: ApplicationFact) =>
    application.superintendent && application.superintendent !== application.contact
      ? [application.superintendent]
      : [];

  // Invitations, and deadline reminders to those who have not applied by then.
  const invitedAt =
    facts.importedAt && facts.importedAt > calendar.invitationsAt ? facts.importedAt : calendar.invitationsAt;
  for (const invitee of facts.invitees) message([invitee.email], [], businessKey.invitation(), invitedAt);
  for (const reminder of calendar.deadlineReminders) {
    const closes = calendar.windowClosesAt[reminder.zone];
    if (reminder.at <= calendar.invitationsAt || (closes && reminder.at >= closes)) continue;
    const counting = new Set<ZoneCode>([
      reminder.zone,
      ...(calendar.rollover.to === reminder.zone ? [calendar.rollover.from] : []),
    ]);
    const applied = new Set(
      facts.applications
        .filter((application) => counting.has(application.zone) && application.submittedAt < reminder.at)
        .map((application) => application.owner),
    );
    for (const invitee of facts.invitees) {
      if (invitee.zones.includes(reminder.zone) && !applied.has(invitee.owner))
        message([invitee.email], [], businessKey.deadlineReminder(reminder.zone), reminder.at);
    }
  }

  for (const application of facts.applications)
    message(
      [application.contact],
      copies(application),
      businessKey.receipt(application.applicationId),
      application.submittedAt,
    );
  for (const [zone, at] of Object.entries(calendar.windowClosesAt))
    message(facilitators, [], businessKey.reviewQueueReady(zone), at);
  const applications = new Map(facts.applications.map((application) => [application.applicationId, application]));
  for (const clarification of facts.clarifications) {
    const application = defined(
      applications.get(clarification.applicationId),
      `the application of ${clarification.applicationId}`,
    );
    message(
      [application.contact],
      copies(application),
      businessKey.clarificationRequest(application.applicationId),
      clarification.at,
    );
  }

  // Results: each zone's release (scheduled, or a facilitator's for the CNZ), then those sent on request.
  const decisions = groupBy(facts.decisions, (decision) => decision.applicationId);
  const decisionAt = (applicationId: string, at: Date): Decision | undefined =>
    (decisions.get(applicationId) ?? []).filter((decision) => decision.at <= at).at(-1)?.decision;
  const told = new Map<string, { decision: Decision; at: Date }>();
  const releases: Array<[ZoneCode, Date]> = [
    ...(Object.entries(calendar.releaseAt) as Array<[ZoneCode, Date]>),
    ...facts.releases.map((release) => [release.zone, release.at] as [ZoneCode, Date]),
  ];
  for (const [zone, at] of releases) {
    const undecided = [];
    for (const application of facts.applications.filter((item) => item.zone === zone && item.submittedAt < at)) {
      const decision = decisionAt(application.applicationId, at);
      if (!decision) {
        undecided.push(application);
        continue;
      }
      told.set(application.applicationId, { decision, at });
      message([application.contact], copies(application), businessKey.result(application.applicationId), at);
    }
    if (undecided.length > 0) message(facilitators, [], businessKey.releaseUndecided(zone), at);
  }
  for (const request of facts.resultRequests) {
    if (told.has(request.applicationId)) continue;
    const application = defined(applications.get(request.applicationId), `the application of ${request.applicationId}`);
    const decision = defined(decisionAt(request.applicationId, request.at), `a decision on ${request.applicationId}`);
    told.set(request.applicationId, { decision, at: request.at });
    message([application.contact], copies(application), businessKey.result(application.applicationId), request.at);
  }

  // Weekly board-resolution reminders to SDZ districts told they are selected, until recorded.
  for (const application of facts.applications.filter((item) => item.zone === 'SDZ')) {
    const result = told.get(application.applicationId);
    if (result?.decision !== 'selected') continue;
    const recorded = facts.resolutions.find((resolution) => resolution.applicationId === application.applicationId)?.at;
    for (const round of calendar.boardResolutionRounds) {
      if (result.at <= round.at && !(recorded && recorded <= round.at))
        message(
          [application.contact],
          copies(application),
          businessKey.boardResolutionReminder(application.applicationId, round.round),
          round.at,
        );
    }
  }

  const applicationOf = new Map(facts.applications.map((application) => [application.owner, application]));
  for (const roster of facts.rosters) {
    const application = defined(applicationOf.get(roster.owner), `the application of ${roster.owner}`);
    const cc = [...copies(application), ...roster.members].filter(
      (address, index, all) => address !== application.contact && all.indexOf(address) === index,
    );
    message([application.contact], cc, businessKey.rosterConfirmation(roster.applicationId, roster.version), roster.at);
  }

  // The participation emails, to whoever takes part at that instant.
  const participants = participantsOf(facts, told, calendar);
  const rosters = groupBy(facts.rosters, (roster) => roster.owner);
  const rosterAt = (owner: Owner, at: Date) => (rosters.get(owner) ?? []).filter((roster) => roster.at <= at).at(-1);
  const sessionAddressees = (at: Date) => {
    const addresses = new Set<string>();
    for (const participant of participants.filter((item) => item.from <= at)) {
      const roster = rosterAt(participant.owner, at);
      for (const address of roster && roster.members.length > 0 ? roster.members : participant.standIns)
        addresses.add(address);
    }
    return addresses;
  };
  for (const offsetDays of calendar.reminderOffsetsDays) {
    const at = zoned(
      shiftDate(calendar.planningMeeting.date, -offsetDays),
      calendar.planningMeeting.start,
      calendar.timeZone,
    );
    const addresses = new Set<string>();
    for (const participant of participants.filter(
      (item) => item.from <= at && calendar.planningMeeting.zones.includes(item.zone),
    )) {
      addresses.add(participant.contact);
      for (const member of rosterAt(participant.owner, at)?.members ?? []) addresses.add(member);
    }
    for (const address of addresses) message([address], [], businessKey.planningMeetingReminder(offsetDays), at);
  }
  for (const session of calendar.sessions) {
    for (const offsetDays of calendar.reminderOffsetsDays) {
      const slot = slotForReminder(session, offsetDays, facts, calendar);
      const at = reminderInstant(slot, offsetDays, calendar);
      for (const address of sessionAddressees(at))
        message([address], [], businessKey.sessionReminder(session.date, offsetDays), at);
    }
  }
  for (const move of facts.sessionMoves)
    for (const address of sessionAddressees(move.at))
      message([address], [], businessKey.sessionMoved(move.sessionDate, move.sequence), move.at);
  for (const posted of facts.materials)
    for (const address of sessionAddressees(posted.at))
      message([address], [], businessKey.sessionMaterials(posted.sessionDate, posted.revision), posted.at);
  return expected;
}

/** The items by key, each list in the order given (facts are recorded in time order). */
function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

const reminderInstant = (slot: Pick<SessionSlot, 'date' | 'start'>, offsetDays: number, calendar: SeasonCalendar) =>
  zoned(shiftDate(slot.date, -offsetDays), slot.start, calendar.timeZone);

/** The session as it stands when its reminder falls due: moved by every change made before then. */
function slotForReminder(
  session: SessionSlot,
  offsetDays: number,
  facts: SeasonFacts,
  calendar: SeasonCalendar,
): Pick<SessionSlot, 'date' | 'start'> {
  let slot: Pick<SessionSlot, 'date' | 'start'> = session;
  for (const move of facts.sessionMoves.filter((item) => item.sessionDate === session.date)) {
    const moved = { date: move.date, start: move.start };
    if (move.at < reminderInstant(moved, offsetDays, calendar)) slot = moved;
  }
  return slot;
}

/**
 * Who takes part, from when: a selected SDZ, ILDZ or CNZ applicant once its result went out,
 * and a not-selected SDZ district in its ILDZ place (the rollover accepts it) from the same
 * email. Stand-ins until a roster is named: the CNZ application's representative and
 * alternate, otherwise the contact.
 */
function participantsOf(
  facts: SeasonFacts,
  told: ReadonlyMap<string, { decision: Decision; at: Date }>,
  calendar: SeasonCalendar,
): Participant[] {
  const participants: Participant[] = [];
  for (const application of facts.applications) {
    const result = told.get(application.applicationId);
    if (!result) continue;
    const rolledOver =
      result.decision === 'not_selected' &&
      application.zone === calendar.rollover.from &&
      calendar.rollover.policy === 'accept';
    if (result.decision !== 'selected' && !rolledOver) continue;
    participants.push({
      owner: application.owner,
      zone: rolledOver ? calendar.rollover.to : application.zone,
      from: result.at,
      contact: application.contact,
      standIns: application.zone === 'CNZ' ? application.designated : [application.contact],
    });
  }
  return participants;
}
