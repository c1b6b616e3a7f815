/**
 * The single table's key design, shared by the CDK stack and the local runtime
 * so that both create the same table.
 */
export const tableDesign = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Epoch seconds; DynamoDB deletes expired items, readers also filter them (dynalite has no TTL). */
  timeToLiveAttribute: 'expiresAt',
  globalSecondaryIndexes: [
    /** Review queue: cohort and zone, then status and submission time. */
    { indexName: 'byCohortZone', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  ],
} as const;

export type TableDesign = typeof tableDesign;
