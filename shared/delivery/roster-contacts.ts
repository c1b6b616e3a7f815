import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { allCohorts } from '../domain/cohort/registry.ts';
import { keys } from '../platform/dynamodb/keys.ts';
import { queryItems } from '../platform/dynamodb/query-all.ts';
import { tableDesign } from '../platform/dynamodb/table-design.ts';
import { type ContactRole, normalizeAddress } from '../platform/email/suppression-list.ts';

/** A person named on a participant's roster, as delivery feedback needs them. */
export interface RosterMember {
  readonly email: string;
  readonly name: string | null;
  readonly role: Extract<ContactRole, 'lead-facilitator' | 'representative' | 'alternate' | 'roster-member'>;
}

/**
 * Rosters live in the application's partition (sk `ROSTER`) and are listed per cohort on the
 * index (gsi1pk `ROSTER#<cohort>`), as shared/participation writes them. Only what delivery
 * feedback needs is read here, and the item is read leniently (members as `members: [{role,
 * name, email}]`, or `leadFacilitators: [...]` / `representative` / `alternate`), so a roster
 * shape change or no rosters at all never breaks bounce handling: no roster, nobody to tell.
 */
const ROSTER_SK = 'ROSTER';
const rosterIndexPartition = (cohort: string) => `ROSTER#${cohort}`;

function roleOf(value: unknown): RosterMember['role'] {
  const role = typeof value === 'string' ? value.toLowerCase().replace(/[\s_]+/g, '-') : '';
  if (role === 'lead-facilitator' || role === 'leadfacilitator' || role === 'lead') return 'lead-facilitator';
  if (role === 'representative') return 'representative';
  if (role === 'alternate') return 'alternate';
  return 'roster-member';
}

function memberOf(value: unknown, role: RosterMember['role'] | undefined): RosterMember | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const person = value as Record<string, unknown>;
  if (typeof person.email !== 'string' || person.email.trim() === '') return undefined;
  return {
    email: normalizeAddress(person.email),
    name: typeof person.name === 'string' ? person.name : null,
    role: role ?? roleOf(person.role),
  };
}

/** The members of a roster item, whatever of the known shapes it has. */
export function rosterMembersOf(item: Record<string, unknown>): RosterMember[] {
  const source =
    typeof item.roster === 'object' && item.roster !== null ? (item.roster as Record<string, unknown>) : item;
  const members: Array<RosterMember | undefined> = [];
  if (Array.isArray(source.members)) members.push(...source.members.map((member) => memberOf(member, undefined)));
  if (Array.isArray(source.leadFacilitators))
    members.push(...source.leadFacilitators.map((member) => memberOf(member, 'lead-facilitator')));
  members.push(memberOf(source.representative, 'representative'), memberOf(source.alternate, 'alternate'));
  const seen = new Set<string>();
  return members.filter((member): member is RosterMember => {
    if (!member || seen.has(`${member.role}|${member.email}`)) return false;
    seen.add(`${member.role}|${member.email}`);
    return true;
  });
}

function applicationIdOf(item: Record<string, unknown>): string | undefined {
  if (typeof item.applicationId === 'string') return item.applicationId;
  const prefix = keys.application('').pk;
  return typeof item.pk === 'string' && item.pk.startsWith(prefix) ? item.pk.slice(prefix.length) : undefined;
}

export class RosterContacts {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** The roster members of one application (none without a roster). */
  async membersOf(applicationId: string): Promise<RosterMember[]> {
    const result = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: keys.application(applicationId).pk, sk: ROSTER_SK },
        ConsistentRead: true,
      }),
    );
    return result.Item ? rosterMembersOf(result.Item) : [];
  }

  /** Every application, of every cohort, whose roster names this address (a Query per cohort, never a Scan). */
  async rostersNaming(address: string): Promise<Array<{ applicationId: string; member: RosterMember }>> {
    const wanted = normalizeAddress(address);
    const found: Array<{ applicationId: string; member: RosterMember }> = [];
    for (const { id: cohort } of allCohorts()) {
      const rosters = queryItems(this.client, {
        TableName: this.tableName,
        IndexName: tableDesign.globalSecondaryIndexes[0].indexName,
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': rosterIndexPartition(cohort) },
      });
      for await (const item of rosters) {
        const applicationId = applicationIdOf(item);
        const member = rosterMembersOf(item).find((candidate) => candidate.email === wanted);
        if (applicationId && member) found.push({ applicationId, member });
      }
    }
    return found;
  }
}
