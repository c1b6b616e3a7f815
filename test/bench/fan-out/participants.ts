import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type ApplicationRecord, ApplicationRepository } from '../../../shared/applications/repository.ts';
import type { Application } from '../../../shared/applications/schemas.ts';
import type { CohortId } from '../../../shared/domain/cohort/cohort-id.ts';
import type { RosterMember } from '../../../shared/participation/model.ts';
import { RosterRepository } from '../../../shared/participation/roster-repository.ts';
import { validApplication } from '../../fixtures/applications.ts';

/** Lead facilitators per SDZ roster: the cohort's limit, so the data looks like a real season. */
export const MEMBERS_PER_ROSTER = 3;
/** Writes in flight while seeding (not measured). */
const SEED_CONCURRENCY = 32;

/**
 * Stores selected SDZ participants, told so by their result email, each with a roster of
 * three lead facilitators: `recipients` distinct roster addresses in all, the audience of
 * every session reminder of the cohort.
 */
export async function seedParticipants(
  client: DynamoDBDocumentClient,
  tableName: string,
  cohort: CohortId,
  recipients: number,
): Promise<void> {
  const applications = new ApplicationRepository(client, tableName);
  const rosters = new RosterRepository(client, tableName);
  const body = validApplication('SDZ') as Application;
  const count = Math.ceil(recipients / MEMBERS_PER_ROSTER);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < count; index = next++) {
      const applicationId = `sdz-${cohort}-bench${String(index).padStart(7, '0')}`;
      const record: ApplicationRecord = {
        applicationId,
        cohort,
        zone: 'SDZ',
        applicantKey: `bench-district-${index}`,
        status: 'selected',
        submittedAt: '2022-09-01T15:00:00.000Z',
        application: body,
        requestHash: `bench-${index}`,
        version: 3,
        review: {
          scores: { elements: {} },
          notes: '',
          decision: 'selected',
          reviewedBy: 'bench',
          reviewedAt: '2022-09-13T15:00:00.000Z',
        },
        resultSent: { decision: 'selected', sentAt: '2022-09-15T14:00:10.000Z', corrections: 0 },
      };
      await applications.create(record);
      const size = Math.min(MEMBERS_PER_ROSTER, recipients - index * MEMBERS_PER_ROSTER);
      const members: RosterMember[] = Array.from({ length: size }, (_, member) => ({
        role: 'lead-facilitator',
        name: `Facilitator ${index}-${member}`,
        title: 'Coach',
        email: `facilitator${member}.d${index}@district.example.org`,
      }));
      await rosters.save(
        {
          applicationId,
          cohort,
          zone: 'SDZ',
          version: 1,
          members,
          previousMembers: [],
          updatedAt: '2022-09-20T15:00:00.000Z',
          announcedVersion: 1,
        },
        undefined,
      );
    }
  };
  await Promise.all(Array.from({ length: SEED_CONCURRENCY }, worker));
}
