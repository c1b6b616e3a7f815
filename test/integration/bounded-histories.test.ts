/**
 * The histories kept on one item (a session's changes and material revisions, an extension's
 * grants) against a real DynamoDB API (dynalite): each keeps only its newest entries, so no
 * number of posts can grow the item past DynamoDB's 400 KB limit.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Extension } from '../../shared/extensions/model.ts';
import { ExtensionRepository, MAX_KEPT_GRANTS } from '../../shared/extensions/repository.ts';
import { SessionRepository } from '../../shared/participation/session-repository.ts';
import { MAX_KEPT_CHANGES, MAX_KEPT_REVISIONS, sessionRoutes } from '../../shared/participation/session-routes.ts';
import { keys } from '../../shared/platform/dynamodb/keys.ts';
import type { EventPublisher } from '../../shared/platform/events/publish.ts';
import { apiEvent } from '../support/api-event.ts';
import { type DynaliteTable, startDynaliteTable } from '../support/dynalite-table.ts';

const TABLE = 'histories-test';
const FACILITATOR = { id: 'facilitator-sub-1', email: undefined };
const publisher = { publish: async () => undefined } as unknown as EventPublisher;
let table: DynaliteTable;

beforeAll(async () => {
  table = await startDynaliteTable(TABLE);
});
afterAll(() => table.stop());

function sessionEvent(sessionDate: string, body: Record<string, unknown>) {
  return {
    ...apiEvent({
      method: 'POST',
      path: `/facilitator/sessions/${sessionDate}`,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
    pathParameters: { sessionDate },
  };
}

async function storedItem(key: { pk: string; sk: string }): Promise<Record<string, any>> {
  return (await table.client.send(new GetCommand({ TableName: TABLE, Key: key, ConsistentRead: true }))).Item!;
}

describe('bounded histories', () => {
  it(`keeps the newest ${MAX_KEPT_REVISIONS} material revisions of a session, the newest last, however long the links`, async () => {
    const routes = sessionRoutes({
      sessions: new SessionRepository(table.client, TABLE),
      publisher,
      now: () => new Date('2022-10-20T15:00:00Z'),
    });
    const posts = MAX_KEPT_REVISIONS + 5;
    for (let post = 1; post <= posts; post += 1) {
      const videoUrl = `https://video.example.org/${post}/${'a'.repeat(1_950)}`;
      const answer = await routes.postMaterials(
        sessionEvent('2022-10-12', { cohort: '2022-2023', videoUrl, slidesUrl: videoUrl.replace('video', 'slides') }),
        FACILITATOR,
      );
      expect(answer.statusCode).toBe(post === 1 ? 201 : 200);
    }

    const item = await storedItem(keys.sessionMaterials('2022-2023', '2022-10-12'));
    expect(item.revision).toBe(posts);
    expect(item.revisions.map((revision: { revision: number }) => revision.revision)).toEqual(
      Array.from({ length: MAX_KEPT_REVISIONS }, (_, index) => posts - MAX_KEPT_REVISIONS + 1 + index),
    );
    expect(item.revisions.at(-1).videoUrl).toBe(item.videoUrl);
  });

  it(`keeps the newest ${MAX_KEPT_CHANGES} changes of a session, the newest last`, async () => {
    const routes = sessionRoutes({
      sessions: new SessionRepository(table.client, TABLE),
      publisher,
      now: () => new Date('2022-12-01T16:00:00Z'),
    });
    const moves = MAX_KEPT_CHANGES + 5;
    for (let move = 1; move <= moves; move += 1) {
      const start = move % 2 === 0 ? '13:00' : '14:00';
      const answer = await routes.move(
        sessionEvent('2023-01-11', {
          cohort: '2022-2023',
          date: '2023-01-18',
          start,
          end: '16:00',
          note: `move ${move}`,
        }),
        FACILITATOR,
      );
      expect(answer.statusCode).toBe(200);
    }

    const item = await storedItem(keys.session('2022-2023', '2023-01-11'));
    expect(item.sequence).toBe(moves);
    expect(item.changes.map((change: { sequence: number }) => change.sequence)).toEqual(
      Array.from({ length: MAX_KEPT_CHANGES }, (_, index) => moves - MAX_KEPT_CHANGES + 1 + index),
    );
    expect(item.changes.at(-1).note).toBe(`move ${moves}`);
  });

  it(`keeps the newest ${MAX_KEPT_GRANTS} grants of an extension, the newest last, and answers with them`, async () => {
    const extensions = new ExtensionRepository(table.client, TABLE);
    const target = { cohort: '2022-2023', zone: 'SDZ', applicantKey: 'district:096-104' } as const;
    const grants = MAX_KEPT_GRANTS + 5;
    let answered: Extension | undefined;
    for (let grant = 1; grant <= grants; grant += 1) {
      answered = await extensions.grant(target, {
        until: '2022-09-20T05:00:00.000Z',
        grantedBy: 'facilitator-sub-1',
        grantedAt: '2022-09-10T15:00:00.000Z',
        note: `grant ${grant}`,
      });
    }

    const item = await storedItem(keys.extension(target.cohort, target.zone, target.applicantKey));
    const newest = Array.from(
      { length: MAX_KEPT_GRANTS },
      (_, index) => `grant ${grants - MAX_KEPT_GRANTS + 1 + index}`,
    );
    expect(item.grants.map((grant: { note: string }) => grant.note)).toEqual(newest);
    expect(answered!.grants.map((grant) => grant.note)).toEqual(newest);
  });
});
