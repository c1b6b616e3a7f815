import { documentClient } from '../../shared/platform/aws/dynamodb.ts';
import { tableDesign } from '../../shared/platform/dynamodb/table-design.ts';

/** The capacity one DynamoDB request consumed, as an opt-in observer sees it. */
export interface DynamoCapacityRecord {
  /** The API operation, e.g. `PutItem`, `Query`. */
  readonly operation: string;
  /**
   * Read units of the table and the index queried (dynalite's count: 4 KB units, half for eventually consistent reads).
   */
  readonly readUnits: number;
  /** Write units of the table (dynalite's count: 1 KB units of the larger of the old and new item). */
  readonly writeUnits: number;
  /**
   * Write units the global secondary index would take as well (DynamoDB bills each index
   * an item is projected into; dynalite counts the table only): the table's units again for
   * a write to an item that carries the index key. An estimate, see measureConsumedCapacity.
   */
  readonly indexWriteUnits: number;
  /** A conditional write refused: DynamoDB still bills it (counted as 1 write unit). */
  readonly conditionFailed: boolean;
}

export type DynamoCapacityObserver = (record: DynamoCapacityRecord) => void;

const MIDDLEWARE_NAME = 'srsnLocalConsumedCapacity';
const READS = new Set(['GetItem', 'Query', 'Scan', 'BatchGetItem', 'TransactGetItems']);
const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);
const INDEX_KEYS = tableDesign.globalSecondaryIndexes.flatMap((index) => [index.partitionKey, index.sortKey]);

type Input = {
  ReturnConsumedCapacity?: string;
  Item?: Record<string, unknown>;
  Key?: Record<string, unknown>;
  UpdateExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
};
type Capacity = { CapacityUnits?: number };

const keyOf = (item: Record<string, unknown> | undefined) =>
  item ? `${String(item[tableDesign.partitionKey])}\u0000${String(item[tableDesign.sortKey])}` : '';

function unitsOf(consumed: Capacity | Capacity[] | undefined): number {
  if (consumed === undefined) return 0;
  return (Array.isArray(consumed) ? consumed : [consumed]).reduce((sum, item) => sum + (item.CapacityUnits ?? 0), 0);
}

/** Whether an update expression sets an index key attribute, by name or through #placeholders. */
function setsIndexKey(input: Input): boolean {
  const expression = input.UpdateExpression ?? '';
  const names = Object.entries(input.ExpressionAttributeNames ?? {});
  return INDEX_KEYS.some(
    (attribute) =>
      new RegExp(`\\b${attribute}\\b`).test(expression) ||
      names.some(([placeholder, name]) => name === attribute && expression.includes(placeholder)),
  );
}

/**
 * Asks dynalite for the capacity of every request the shared document client sends (the
 * client every handler uses), by adding ReturnConsumedCapacity=TOTAL, and reports it.
 *
 * Index writes are estimated: the items known to carry the index key are learned from the
 * writes themselves (a put with the key, an update that sets it), and any later write to
 * such an item counts its table units once more for the index. Batch writes are counted
 * for the table only (what the app batch-writes, invitees, ledger records and audit entries,
 * carries no index key).
 *
 * Returns the function that stops measuring. Zero cost while not measuring: nothing is added.
 */
export function measureConsumedCapacity(observer: DynamoCapacityObserver): () => void {
  const indexed = new Set<string>();
  documentClient.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = (context.commandName ?? '').replace(/Command$/, '');
      const isRead = READS.has(operation);
      if (!isRead && !WRITES.has(operation)) return next(args);
      const input = args.input as Input;
      try {
        const result = await next({
          ...args,
          input: { ...input, ReturnConsumedCapacity: input.ReturnConsumedCapacity ?? 'TOTAL' },
        });
        const units = unitsOf((result.output as { ConsumedCapacity?: Capacity | Capacity[] }).ConsumedCapacity);
        let indexWriteUnits = 0;
        if (operation === 'PutItem') {
          const key = keyOf(input.Item);
          if (INDEX_KEYS.some((attribute) => input.Item?.[attribute] !== undefined)) indexed.add(key);
          else indexed.delete(key);
          if (indexed.has(key)) indexWriteUnits = units;
        } else if (operation === 'UpdateItem') {
          const key = keyOf(input.Key);
          if (setsIndexKey(input)) indexed.add(key);
          if (indexed.has(key)) indexWriteUnits = units;
        } else if (operation === 'DeleteItem') {
          const key = keyOf(input.Key);
          if (indexed.delete(key)) indexWriteUnits = units;
        }
        observer({
          operation,
          readUnits: isRead ? units : 0,
          writeUnits: isRead ? 0 : units,
          indexWriteUnits,
          conditionFailed: false,
        });
        return result;
      } catch (error) {
        if ((error as Error).name === 'ConditionalCheckFailedException') {
          observer({ operation, readUnits: 0, writeUnits: 1, indexWriteUnits: 0, conditionFailed: true });
        }
        throw error;
      }
    },
    { step: 'initialize', name: MIDDLEWARE_NAME, override: true },
  );
  return () => {
    documentClient.middlewareStack.remove(MIDDLEWARE_NAME);
  };
}
