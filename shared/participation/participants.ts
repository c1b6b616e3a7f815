import type { ApplicationRecord, ApplicationRepository } from '../applications/repository.ts';
import { isAcceptedByRollover } from '../applications/rollover-place.ts';
import { applicantDisplayName } from '../domain/applicant.ts';
import type { CohortId } from '../domain/cohort/cohort-id.ts';
import type { CohortDefinition } from '../domain/cohort/definition.ts';
import { ZONE_CODES, type ZoneCode } from '../domain/zones.ts';
import type { Addressee, Recipient, Representation, Roster } from './model.ts';
import type { RosterRepository } from './roster-repository.ts';

/**
 * Whether an application takes part in the monthly sessions: it is selected (an SDZ or ILDZ
 * selection, an ILDZ place created by the SDZ rollover, or a CNZ acceptance) and it was told
 * so: its own result email said selected, or, for a place the rollover created, the last
 * result the application it came from was sent says "not selected" (the email announcing
 * the place). A correction of that result to "selected" withdraws the place; a place placed
 * but never announced (its email failed, then the decision changed) never takes part.
 */
export function isParticipant(record: ApplicationRecord, rolledOverFrom?: ApplicationRecord): boolean {
  if (record.status !== 'selected') return false;
  if (record.resultSent?.decision === 'selected') return true;
  return (
    isAcceptedByRollover(record) &&
    rolledOverFrom !== undefined &&
    rolledOverFrom.applicationId === record.rolledOverFrom &&
    rolledOverFrom.resultSent?.decision === 'not_selected'
  );
}

/** Reads what `isParticipant` needs: the record and, for a rollover place, the one it came from. */
export async function participantStatus(
  applications: ApplicationRepository,
  record: ApplicationRecord,
): Promise<boolean> {
  if (record.status !== 'selected') return false;
  if (record.resultSent?.decision === 'selected') return true;
  if (!isAcceptedByRollover(record) || !record.rolledOverFrom) return false;
  return isParticipant(record, await applications.get(record.rolledOverFrom));
}

export interface Participant {
  readonly record: ApplicationRecord;
  readonly roster: Roster | undefined;
}

export interface ParticipantSource {
  readonly applications: ApplicationRepository;
  readonly rosters: RosterRepository;
}

/** Applications read per Query page of the review-queue index. */
const PAGE_SIZE = 100;

/**
 * The participants of a cohort in the given zones, each with its roster: a Query per zone
 * on the review-queue index for the selected applications, and one Query on the roster
 * index for the rosters; never a Scan.
 */
export async function listParticipants(
  source: ParticipantSource,
  cohort: CohortId,
  zones: readonly ZoneCode[] = ZONE_CODES,
): Promise<Participant[]> {
  const rosters = new Map<string, Roster>();
  for await (const roster of source.rosters.listByCohort(cohort)) rosters.set(roster.applicationId, roster);
  const participants: Participant[] = [];
  for (const zone of zones) {
    for await (const record of source.applications.queueItems({
      cohort,
      zone,
      status: 'selected',
      pageSize: PAGE_SIZE,
    })) {
      if (await participantStatus(source.applications, record))
        participants.push({ record, roster: rosters.get(record.applicationId) });
    }
  }
  return participants;
}

/**
 * Who receives a participant's session emails: its roster's members; without a roster, a
 * CNZ participant's representative and alternate as its application designated them, and an
 * SDZ or ILDZ participant's contact, standing in until lead facilitators are named.
 */
export function recipientsOf(participant: Participant): Recipient[] {
  if (participant.roster && participant.roster.members.length > 0) {
    return participant.roster.members.map((member) => ({ email: member.email, name: member.name, role: member.role }));
  }
  const application = participant.record.application;
  if (application.zone === 'CNZ' && participant.record.zone === 'CNZ') {
    return [
      { email: application.representative.email, name: application.representative.name, role: 'representative' },
      { email: application.alternate.email, name: application.alternate.name, role: 'alternate' },
    ];
  }
  return [{ email: application.contact.email, name: application.contact.name, role: 'contact' }];
}

/**
 * One addressee per address across participants (addresses compare in lower case), each
 * with every participant it represents, in a stable order (by address).
 */
export function addresseesOf(
  participants: readonly Participant[],
  recipients: (participant: Participant) => readonly Recipient[] = recipientsOf,
): Addressee[] {
  const byAddress = new Map<string, { email: string; name: string; representing: Representation[] }>();
  for (const participant of participants) {
    const organization = applicantDisplayName(participant.record.application);
    for (const recipient of recipients(participant)) {
      const email = recipient.email.toLowerCase();
      const entry = byAddress.get(email) ?? { email, name: recipient.name, representing: [] };
      if (
        !entry.representing.some(
          (item) => item.applicationId === participant.record.applicationId && item.role === recipient.role,
        )
      ) {
        entry.representing.push({
          applicationId: participant.record.applicationId,
          zone: participant.record.zone,
          organization,
          role: recipient.role,
        });
      }
      byAddress.set(email, entry);
    }
  }
  return [...byAddress.values()].sort((left, right) => left.email.localeCompare(right.email));
}

/** The planning meeting's recipients for a participant: its contact and its roster members. */
function planningRecipients(participant: Participant): Recipient[] {
  const contact = participant.record.application.contact;
  const members = participant.roster ? recipientsOf(participant) : [];
  return [
    { email: contact.email, name: contact.name, role: 'contact' as const },
    ...members.filter((member) => member.role !== 'contact'),
  ];
}

/**
 * Who gets a session reminder (and every other session email): each participant's recipients,
 * one addressee per address. The calendar counts its audience with this same function.
 */
export function sessionAddressees(participants: readonly Participant[]): Addressee[] {
  return addresseesOf(participants);
}

/**
 * Who gets the planning meeting notice: of the participants of the meeting's zones, each
 * one's contact and roster members, one addressee per address. The calendar counts with it too.
 */
export function planningMeetingAddressees(cohort: CohortDefinition, participants: readonly Participant[]): Addressee[] {
  const zones: readonly ZoneCode[] = cohort.planningMeeting.zones;
  return addresseesOf(
    participants.filter((participant) => zones.includes(participant.record.zone)),
    planningRecipients,
  );
}
