import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';

/** Counts of one bulk send, kept in the table so progress survives the process. */
export interface BulkCounts {
  readonly sent: number;
  readonly alreadySent: number;
  readonly inProgress: number;
  readonly suppressed: number;
  readonly failed: number;
  readonly throttled: number;
}

export const ZERO_COUNTS: BulkCounts = {
  sent: 0,
  alreadySent: 0,
  inProgress: 0,
  suppressed: 0,
  failed: 0,
  throttled: 0,
};

export interface BulkJob extends BulkCounts {
  readonly jobId: string;
  readonly kind: string;
  readonly startedAt: string;
  readonly updatedAt: string;
  readonly runs: number;
}

const jobKey = (jobId: string) => ({ pk: `BULKJOB#${jobId}`, sk: 'BULKJOB' });

export class BulkJobRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Opens (or, on a resumed run, reopens) a job; counts carry over between runs. */
  async begin(jobId: string, kind: string, now: Date): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: jobKey(jobId),
        UpdateExpression:
          'SET #type = :type, kind = :kind, startedAt = if_not_exists(startedAt, :now), updatedAt = :now ADD runs :one',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':type': 'BulkJob', ':kind': kind, ':now': now.toISOString(), ':one': 1 },
      }),
    );
  }

  /** Adds a run's counts since the last call (atomic increments). */
  async add(jobId: string, delta: BulkCounts, now: Date): Promise<void> {
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':now': now.toISOString() };
    const adds: string[] = [];
    for (const [name, value] of Object.entries(delta)) {
      names[`#${name}`] = name;
      values[`:${name}`] = value;
      adds.push(`#${name} :${name}`);
    }
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: jobKey(jobId),
        UpdateExpression: `SET updatedAt = :now ADD ${adds.join(', ')}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
  }

  async get(jobId: string): Promise<BulkJob | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: jobKey(jobId), ConsistentRead: true }),
    );
    if (!result.Item) return undefined;
    const item = result.Item;
    return {
      jobId,
      kind: item.kind,
      startedAt: item.startedAt,
      updatedAt: item.updatedAt,
      runs: item.runs ?? 0,
      ...Object.fromEntries(Object.keys(ZERO_COUNTS).map((name) => [name, item[name] ?? 0])),
    } as BulkJob;
  }
}
