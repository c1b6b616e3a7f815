import { randomUUID } from 'node:crypto';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { CohortId } from '../domain/cohort/cohort-id.ts';
import type { ZoneCode } from '../domain/zones.ts';
import type { AuditEntry } from '../platform/dynamodb/audit-trail.ts';
import { isConditionalCheckFailure } from '../platform/dynamodb/conditional.ts';
import { keys } from '../platform/dynamodb/keys.ts';
import { queryAll } from '../platform/dynamodb/query-all.ts';

export type ReleasedBy = 'schedule' | 'facilitator';

/**
 * A zone's results release, one item per (cohort, zone): its existence means the zone is
 * released (results may go out, later decisions need a facilitator's send-result).
 * requested: a facilitator asked for it, the event is on its way; releasing: the results
 * are being published; released: every decided application's result was published.
 */
export interface ReleaseRecord {
  readonly cohort: CohortId;
  readonly zone: ZoneCode;
  readonly milestoneId: string;
  readonly releasedBy: ReleasedBy;
  /** The facilitator who released early; absent for the scheduled release. */
  readonly requestedBy?: string;
  /** The instant the release was claimed: the zone counts as released from then on. */
  readonly releasedAt: string;
  readonly status: 'requested' | 'releasing' | 'released';
  readonly completedAt?: string;
  readonly resultsDue?: number;
  readonly undecided?: number;
}

export type StartOutcome =
  /** This release is the first of its zone: go on. */
  | { outcome: 'started'; release: ReleaseRecord }
  /** The same release (same origin) was started before and did not finish: go on, idempotently. */
  | { outcome: 'resume'; release: ReleaseRecord }
  /** Another release of the zone came first, or this one already finished: nothing to do. */
  | { outcome: 'already-released'; release: ReleaseRecord };

export class ReleaseRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(cohort: CohortId, zone: ZoneCode): Promise<ReleaseRecord | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.release(cohort, zone), ConsistentRead: true }),
    );
    return result.Item ? toRelease(result.Item) : undefined;
  }

  /** A facilitator's "release now": claims the zone's release for the facilitator, unless it is released already. */
  async request(release: {
    cohort: CohortId;
    zone: ZoneCode;
    milestoneId: string;
    requestedBy: string;
    at: Date;
  }): Promise<{ created: true; release: ReleaseRecord } | { created: false; existing: ReleaseRecord }> {
    const record: ReleaseRecord = {
      cohort: release.cohort,
      zone: release.zone,
      milestoneId: release.milestoneId,
      releasedBy: 'facilitator',
      requestedBy: release.requestedBy,
      releasedAt: release.at.toISOString(),
      status: 'requested',
    };
    const created = await this.putIfAbsent(record);
    return created
      ? { created: true, release: record }
      : { created: false, existing: await this.mustGet(release.cohort, release.zone) };
  }

  /** Takes back a facilitator's request whose event could not be published, so the zone is not left half-released. */
  async withdrawRequest(release: Pick<ReleaseRecord, 'cohort' | 'zone' | 'releasedAt'>): Promise<void> {
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: keys.release(release.cohort, release.zone),
          ConditionExpression: '#status = :requested AND releasedAt = :at',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':requested': 'requested', ':at': release.releasedAt },
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailure(error)) throw error;
    }
  }

  /**
   * The release event arrived: the first release of the zone wins. A facilitator's release
   * was claimed by its request, so its event resumes it; a later scheduled event (or a
   * replay of a finished release) finds the zone released and does nothing.
   */
  async start(
    release: { cohort: CohortId; zone: ZoneCode; milestoneId: string; releasedBy: ReleasedBy },
    now: Date,
  ): Promise<StartOutcome> {
    const record: ReleaseRecord = {
      cohort: release.cohort,
      zone: release.zone,
      milestoneId: release.milestoneId,
      releasedBy: release.releasedBy,
      releasedAt: now.toISOString(),
      status: 'releasing',
    };
    if (await this.putIfAbsent(record)) return { outcome: 'started', release: record };
    const existing = await this.mustGet(release.cohort, release.zone);
    const same = existing.releasedBy === release.releasedBy && existing.milestoneId === release.milestoneId;
    return same && existing.status !== 'released'
      ? { outcome: 'resume', release: existing }
      : { outcome: 'already-released', release: existing };
  }

  /** Every decided application's result was published: the release is done. */
  async complete(
    release: Pick<ReleaseRecord, 'cohort' | 'zone'>,
    counts: { resultsDue: number; undecided: number },
    now: Date,
  ): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.release(release.cohort, release.zone),
        UpdateExpression: 'SET #status = :released, completedAt = :at, resultsDue = :results, undecided = :undecided',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':released': 'released',
          ':at': now.toISOString(),
          ':results': counts.resultsDue,
          ':undecided': counts.undecided,
        },
      }),
    );
  }

  /**
   * The release's own 'released' entry in the zone trail, under a key fixed by the release
   * (its start time): a resumed or duplicate delivery finds it written and adds no second one.
   * It sorts after the request's entry of the same instant ("released" after hex digits).
   */
  async recordReleased(
    release: Pick<ReleaseRecord, 'cohort' | 'zone' | 'releasedAt'>,
    entry: AuditEntry,
  ): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: keys.release(release.cohort, release.zone).pk,
            sk: `AUDIT#${release.releasedAt}#released`,
            type: 'AuditEntry',
            ...entry,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailure(error)) throw error;
    }
  }

  /** The zone-level trail (who released it, what went out), in the release's own partition. */
  async recordAudit(release: Pick<ReleaseRecord, 'cohort' | 'zone'>, entry: AuditEntry): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: keys.release(release.cohort, release.zone).pk,
          sk: `AUDIT#${entry.at}#${randomUUID().slice(0, 8)}`,
          type: 'AuditEntry',
          ...entry,
        },
      }),
    );
  }

  async listAudit(release: Pick<ReleaseRecord, 'cohort' | 'zone'>): Promise<AuditEntry[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :audit)',
      ExpressionAttributeValues: { ':pk': keys.release(release.cohort, release.zone).pk, ':audit': 'AUDIT#' },
    });
    return items.map((item) => ({ at: item.at, actor: item.actor, action: item.action, details: item.details ?? {} }));
  }

  private async putIfAbsent(record: ReleaseRecord): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.release(record.cohort, record.zone), type: 'Release', ...record },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (!isConditionalCheckFailure(error)) throw error;
      return false;
    }
  }

  private async mustGet(cohort: CohortId, zone: ZoneCode): Promise<ReleaseRecord> {
    const existing = await this.get(cohort, zone);
    if (!existing) throw new Error(`The release of ${cohort} ${zone} was refused as existing but cannot be read`);
    return existing;
  }
}

function toRelease(item: Record<string, unknown>): ReleaseRecord {
  const { pk: _pk, sk: _sk, type: _type, ...release } = item;
  return release as unknown as ReleaseRecord;
}
