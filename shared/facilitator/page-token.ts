/**
 * Pagination tokens: DynamoDB's LastEvaluatedKey as base64url JSON. A token is read back
 * only if it has exactly the key attributes of the queue index, all strings.
 */
const QUEUE_KEY_ATTRIBUTES = ['gsi1pk', 'gsi1sk', 'pk', 'sk'];

export function encodePageToken(key: Record<string, unknown> | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;
}

/**
 * Reads a token back only for the query that issued it: the same cohort and zone, the
 * same status (if any), and an application item; anything else would make DynamoDB fail.
 */
export function decodeQueueToken(token: string, query: { gsi1pk: string; statusPrefix?: string }): Record<string, string> | undefined {
  const key = decodePageToken(token);
  if (!key) return undefined;
  const matches =
    key.gsi1pk === query.gsi1pk &&
    key.sk === 'APPLICATION' &&
    key.pk!.startsWith('APPLICATION#') &&
    key.gsi1sk!.startsWith(query.statusPrefix ?? 'STATUS#');
  return matches ? key : undefined;
}

export function decodePageToken(token: string): Record<string, string> | undefined {
  try {
    const key = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown;
    if (typeof key !== 'object' || key === null || Array.isArray(key)) return undefined;
    const entries = Object.entries(key);
    const valid = entries.length === QUEUE_KEY_ATTRIBUTES.length && entries.every(([name, value]) => QUEUE_KEY_ATTRIBUTES.includes(name) && typeof value === 'string');
    return valid ? (key as Record<string, string>) : undefined;
  } catch {
    return undefined;
  }
}
