import { describe, expect, it } from 'vitest';
import { decodePageToken, encodePageToken, TABLE_KEY_ATTRIBUTES } from '../../shared/platform/dynamodb/page-token.ts';

const tokenOf = (key: unknown) => Buffer.from(JSON.stringify(key)).toString('base64url');

describe('page tokens', () => {
  it('reads back the key it encoded', () => {
    const key = { pk: 'INVITEE#2022-2023', sk: 'INVITEE#district-096-104' };

    expect(decodePageToken(encodePageToken(key)!, TABLE_KEY_ATTRIBUTES)).toEqual(key);
  });

  it('refuses a page token whose key is longer than DynamoDB allows, counting UTF-8 bytes', () => {
    // "é" is two bytes: 512 of them make a 1024-byte sort key, the most DynamoDB takes.
    const longestSortKey = 'é'.repeat(512);
    const longestPartitionKey = 'é'.repeat(1024);

    expect(decodePageToken(tokenOf({ pk: 'x', sk: longestSortKey }), TABLE_KEY_ATTRIBUTES)).toBeDefined();
    expect(decodePageToken(tokenOf({ pk: 'x', sk: `${longestSortKey}a` }), TABLE_KEY_ATTRIBUTES)).toBeUndefined();
    expect(decodePageToken(tokenOf({ pk: longestPartitionKey, sk: 'x' }), TABLE_KEY_ATTRIBUTES)).toBeDefined();
    expect(decodePageToken(tokenOf({ pk: `${longestPartitionKey}a`, sk: 'x' }), TABLE_KEY_ATTRIBUTES)).toBeUndefined();
  });

  it('refuses a page token with an empty, missing, extra or non-string key attribute', () => {
    const forgeries = [
      { pk: '', sk: 'x' },
      { pk: 'x' },
      { pk: 'x', sk: 'x', gsi1pk: 'x' },
      { pk: 'x', sk: 1 },
      JSON.parse('{"pk":"x","__proto__":"x"}'),
      { pk: 'x', toString: 'x' },
    ];

    for (const forged of forgeries)
      expect(decodePageToken(tokenOf(forged), TABLE_KEY_ATTRIBUTES), JSON.stringify(forged)).toBeUndefined();
  });
});
