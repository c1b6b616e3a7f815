import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { milestoneKey } from '../domain/cohort/milestones.ts';
import { getAll } from '../platform/dynamodb/batch-requests.ts';
import { keys } from '../platform/dynamodb/keys.ts';
import type { MilestoneRecord } from './calendar.ts';

/**
 * What the notification ledger holds for each milestone the dispatcher claimed or published
 * (`milestone#<id>`), by milestone id: one BatchGetItem per 100 milestones (each entry is its
 * own partition, so no Query lists them), status and times only.
 */
export async function milestoneRecords(
  client: DynamoDBDocumentClient,
  tableName: string,
  milestoneIds: readonly string[],
): Promise<Map<string, MilestoneRecord>> {
  const itemKeys = milestoneIds.map((id) => keys.notification(milestoneKey(id)));
  const byKey = new Map(itemKeys.map((key, index) => [key.pk, milestoneIds[index]]));
  const found = await getAll(
    client,
    tableName,
    itemKeys,
    { expression: 'pk, #status, sentAt, claimedUntil', names: { '#status': 'status' } },
    'The milestone ledger',
  );
  const records = new Map<string, MilestoneRecord>();
  for (const item of found) {
    const id = byKey.get(String(item.pk));
    if (id === undefined || (item.status !== 'sent' && item.status !== 'claimed')) continue;
    records.set(id, {
      status: item.status,
      ...(typeof item.sentAt === 'string' ? { sentAt: item.sentAt } : {}),
      ...(typeof item.claimedUntil === 'number' ? { claimedUntil: item.claimedUntil } : {}),
    });
  }
  return records;
}
