import type { DynamoDBDocumentClient, QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { windowState } from '../domain/cohort/calendar.ts';
import type { CohortDefinition } from '../domain/cohort/definition.ts';
import { zonesFor } from '../domain/invitees.ts';
import { ZONE_CODES, type ZoneCode } from '../domain/zones.ts';
import { zonesCountingFor } from '../invitations/campaign.ts';
import { invitationKey, invitationsDueAt } from '../invitations/model.ts';
import type { InviteeRepository } from '../invitations/repository.ts';
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
 * Counts each mailing's audience as it stands, with a fixed number of requests whatever the
 * cohort's size: one projected Query of the invitees, one of the rosters, the applicant keys
 * of each zone (as the deadline reminder reads them), Select COUNT queries on the review
 * index, and, once invitations can have gone out, the invitees' invitation ledger statuses
 * (BatchGetItem, 100 keys a request).
 */
export class AudienceCounter {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly invitees: InviteeRepository,
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
    const members = await this.rosterMembers(cohort);
    return {
      invitationsOwed: await this.invitationsOwed(cohort, invitees, now),
      notApplied,
      rosterMembers: new Set([...members.values()].flat()).size,
      planningRosterMembers: new Set(cohort.planningMeeting.zones.flatMap((zone) => members.get(zone) ?? [])).size,
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
   * As sendInvitations decides: an invitee whose zones have all closed is never invited; before
   * the invitation time nothing is sent (the milestone sends to the rest); after it, those the
   * ledger has not.
   */
  private async invitationsOwed(cohort: CohortDefinition, invitees: InviteeAudience[], now: Date): Promise<number> {
    const invitable = invitees.filter((invitee) =>
      zonesFor(invitee).some((zone) => windowState(cohort, zone, now) !== 'closed'),
    );
    const dueAt = invitationsDueAt(cohort);
    if (!dueAt || now < dueAt || invitable.length === 0) return invitable.length;
    const sent = await getAll(
      this.client,
      this.tableName,
      invitable.map((invitee) => keys.notification(invitationKey(cohort.id, invitee.inviteeId))),
      { expression: 'pk, #status', names: { '#status': 'status' } },
      'The invitation ledger',
    );
    return invitable.length - sent.filter((item) => item.status === 'sent').length;
  }

  /** Each zone's roster members by address (lower case), from the roster index, members only. */
  private async rosterMembers(cohort: CohortDefinition): Promise<Map<ZoneCode, string[]>> {
    const byZone = new Map<ZoneCode, string[]>();
    const items = queryItems(this.client, {
      TableName: this.tableName,
      IndexName: tableDesign.globalSecondaryIndexes[0].indexName,
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.rostersOf(cohort.id) },
      ProjectionExpression: '#zone, members',
      ExpressionAttributeNames: { '#zone': 'zone' },
    });
    for await (const item of items) {
      const zone = item.zone as ZoneCode;
      const members = (item.members ?? []) as Array<{ email: string }>;
      byZone.set(zone, [...(byZone.get(zone) ?? []), ...members.map((member) => member.email.toLowerCase())]);
    }
    return byZone;
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
