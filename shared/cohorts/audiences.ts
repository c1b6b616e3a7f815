import type { DynamoDBDocumentClient, QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { endedWith, windowState } from '../domain/cohort/calendar.ts';
import type { CohortDefinition } from '../domain/cohort/definition.ts';
import { zonesFor } from '../domain/invitees.ts';
import { ZONE_CODES, type ZoneCode } from '../domain/zones.ts';
import { zonesCountingFor } from '../invitations/campaign.ts';
import { invitationKey, invitationsDueAt } from '../invitations/model.ts';
import type { InviteeRepository } from '../invitations/repository.ts';
import {
  listParticipants,
  type ParticipantSource,
  planningMeetingAddressees,
  sessionAddressees,
} from '../participation/participants.ts';
import { getAll } from '../platform/dynamodb/batch-requests.ts';
import { keys } from '../platform/dynamodb/keys.ts';
import { queryCount, queryItems } from '../platform/dynamodb/query-all.ts';
import { tableDesign } from '../platform/dynamodb/table-design.ts';
import type { AudienceCounts } from './calendar.ts';

/** What an invitee's audiences need of it; the contact's name and address are never read. */
interface InviteeAudience {
  readonly inviteeId: string;
  readonly applicantKey: string;
  readonly kind: 'district' | 'partner';
  readonly zoneInterest: readonly ZoneCode[];
}

/**
 * Counts each mailing's audience as it stands. The reads grow with the cohort: the pages of
 * the invitee partition (one projected Query, 1 MB a page), the applicant keys of each zone
 * (pages, as the deadline reminder reads them), one Select COUNT Query per zone and decision
 * and one for the board resolutions, the participants as the session emails resolve them (the
 * pages of each zone's selected applications, 100 a page, a GetItem per rollover place not
 * announced as selected, and the pages of the roster index), and, once invitations can have
 * gone out, the invitees' invitation ledger statuses (one BatchGetItem per 100 invitees).
 */
export class AudienceCounter {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly invitees: InviteeRepository,
    private readonly participants: ParticipantSource,
  ) {}

  async count(cohort: CohortDefinition, now: Date): Promise<AudienceCounts> {
    const invitees = await this.inviteesOf(cohort);
    const notApplied = {} as Record<ZoneCode, number>;
    const decided = {} as Record<ZoneCode, number>;
    for (const zone of ZONE_CODES) {
      const applied = new Set<string>();
      for (const counting of zonesCountingFor(zone, cohort)) {
        for (const key of await this.invitees.applicantKeysOf(cohort.id, counting)) applied.add(key);
      }
      notApplied[zone] = invitees.filter(
        (invitee) => zonesFor(invitee).includes(zone) && !applied.has(invitee.applicantKey),
      ).length;
      decided[zone] =
        (await this.countQueue(cohort, zone, 'selected')) + (await this.countQueue(cohort, zone, 'not_selected'));
    }
    const participants = await listParticipants(this.participants, cohort.id);
    return {
      ...(await this.invitations(cohort, invitees, now)),
      notApplied,
      sessionAddressees: sessionAddressees(participants).length,
      planningAddressees: planningMeetingAddressees(cohort, participants).length,
      decided,
      boardResolutionsOwed: await this.countQueue(cohort, 'SDZ', 'selected', {
        FilterExpression: 'attribute_not_exists(boardResolution) AND resultSent.decision = :selected',
        ExpressionAttributeValues: { ':selected': 'selected' },
      }),
    };
  }

  private async inviteesOf(cohort: CohortDefinition): Promise<InviteeAudience[]> {
    const found: InviteeAudience[] = [];
    const items = queryItems(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :invitee)',
      ExpressionAttributeValues: { ':pk': keys.inviteesOf(cohort.id), ':invitee': 'INVITEE#' },
      ProjectionExpression: 'inviteeId, applicantKey, kind, zoneInterest',
    });
    for await (const item of items) found.push(item as unknown as InviteeAudience);
    return found;
  }

  /**
   * As sendInvitations decides: an ended cohort invites no one; an invitee whose zones have all closed is never
   * invited; before the invitation time nothing is sent (the milestone sends to the rest); after it, those the
   * ledger has not. The ledger also tells how many were invited at all, by the milestone or by
   * an import made after the invitation date.
   */
  private async invitations(
    cohort: CohortDefinition,
    invitees: InviteeAudience[],
    now: Date,
  ): Promise<Pick<AudienceCounts, 'invitationsOwed' | 'invitationsSent'>> {
    const invitable = endedWith(cohort, now)
      ? []
      : invitees.filter((invitee) => zonesFor(invitee).some((zone) => windowState(cohort, zone, now) !== 'closed'));
    const dueAt = invitationsDueAt(cohort);
    if (!dueAt || now < dueAt || invitees.length === 0)
      return { invitationsOwed: invitable.length, invitationsSent: 0 };
    const byKey = new Map(
      invitees.map((invitee) => [keys.notification(invitationKey(cohort.id, invitee.inviteeId)).pk, invitee]),
    );
    const found = await getAll(
      this.client,
      this.tableName,
      invitees.map((invitee) => keys.notification(invitationKey(cohort.id, invitee.inviteeId))),
      { expression: 'pk, #status', names: { '#status': 'status' } },
      'The invitation ledger',
    );
    const invited = new Set(
      found.filter((item) => item.status === 'sent').flatMap((item) => byKey.get(String(item.pk)) ?? []),
    );
    return {
      invitationsOwed: invitable.filter((invitee) => !invited.has(invitee)).length,
      invitationsSent: invited.size,
    };
  }

  /** How many applications of a zone are in a status (Select COUNT: no item is returned). */
  private async countQueue(
    cohort: CohortDefinition,
    zone: ZoneCode,
    status: 'selected' | 'not_selected',
    filter: Pick<QueryCommandInput, 'FilterExpression' | 'ExpressionAttributeValues'> = {},
  ): Promise<number> {
    return queryCount(this.client, {
      TableName: this.tableName,
      IndexName: tableDesign.globalSecondaryIndexes[0].indexName,
      KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :status)',
      ...(filter.FilterExpression ? { FilterExpression: filter.FilterExpression } : {}),
      ExpressionAttributeValues: {
        ':pk': keys.cohortZone(cohort.id, zone),
        ':status': `STATUS#${status}#`,
        ...filter.ExpressionAttributeValues,
      },
    });
  }
}
