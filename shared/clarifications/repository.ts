import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { isConditionalCheckFailure } from '../platform/dynamodb/conditional.ts';
import { keys } from '../platform/dynamodb/keys.ts';
import { queryAll } from '../platform/dynamodb/query-all.ts';
import type { Clarification } from './model.ts';

const SORT_KEY_PREFIX = 'CLARIFICATION#';

export type AnswerResult =
  | { outcome: 'answered'; clarification: Clarification }
  | { outcome: 'already-answered'; clarification: Clarification }
  | { outcome: 'not-found' };

/** Clarifications live in their application's partition (sk CLARIFICATION#<id>): one Query reads them all. */
export class ClarificationRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Stores a new clarification; false when one with this id exists already (a retried request). */
  async create(clarification: Clarification): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.clarification(clarification.applicationId, clarification.clarificationId),
            type: 'Clarification',
            ...clarification,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (!isConditionalCheckFailure(error)) throw error;
      return false;
    }
  }

  async get(applicationId: string, clarificationId: string): Promise<Clarification | undefined> {
    const result = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.clarification(applicationId, clarificationId),
        ConsistentRead: true,
      }),
    );
    return result.Item ? toClarification(result.Item) : undefined;
  }

  /** Every clarification of an application, oldest first. */
  async list(applicationId: string): Promise<Clarification[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.application(applicationId).pk, ':prefix': SORT_KEY_PREFIX },
      ConsistentRead: true,
    });
    return items.map(toClarification).sort(oldestFirst);
  }

  /** Records the answer if the question is still open, in one conditional update. */
  async answer(
    applicationId: string,
    clarificationId: string,
    answer: string,
    answeredAt: string,
  ): Promise<AnswerResult> {
    try {
      const result = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.clarification(applicationId, clarificationId),
          UpdateExpression: 'SET #status = :answered, #answer = :answer, #answeredAt = :answeredAt',
          ConditionExpression: 'attribute_exists(pk) AND #status = :open',
          ExpressionAttributeNames: { '#status': 'status', '#answer': 'answer', '#answeredAt': 'answeredAt' },
          ExpressionAttributeValues: {
            ':answered': 'answered',
            ':open': 'open',
            ':answer': answer,
            ':answeredAt': answeredAt,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return { outcome: 'answered', clarification: toClarification(result.Attributes ?? {}) };
    } catch (error) {
      if (!isConditionalCheckFailure(error)) throw error;
      const current = await this.get(applicationId, clarificationId);
      return current ? { outcome: 'already-answered', clarification: current } : { outcome: 'not-found' };
    }
  }

  /** Takes back a clarification nobody was told about (its request was refused after all). */
  async deleteUnannounced(applicationId: string, clarificationId: string): Promise<void> {
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: keys.clarification(applicationId, clarificationId),
          ConditionExpression: '#status = :open',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':open': 'open' },
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailure(error)) throw error;
    }
  }
}

function oldestFirst(left: Clarification, right: Clarification): number {
  return left.requestedAt.localeCompare(right.requestedAt) || left.clarificationId.localeCompare(right.clarificationId);
}

function toClarification(item: Record<string, unknown>): Clarification {
  const { pk: _pk, sk: _sk, type: _type, ...clarification } = item;
  return clarification as unknown as Clarification;
}
