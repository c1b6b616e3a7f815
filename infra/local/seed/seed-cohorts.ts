import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CohortRepository, CohortWriteConflict, type StoredCohort } from '../../../shared/cohorts/cohort-repository.ts';
import { cohortDefinitionSchema } from '../../../shared/domain/cohort/definition.ts';
import { loadCohorts } from '../../../shared/domain/cohort/registry.ts';
import { cohort2022to2023 } from './cohort-2022-2023.ts';

/** The cohorts a fresh local data folder starts with: the 2022-2023 season of the source documents, scheduled. */
export function seedCohorts(at: Date): Array<StoredCohort & { state: 'scheduled' }> {
  const definition = cohortDefinitionSchema.parse(cohort2022to2023);
  const stamp = at.toISOString();
  return [{ id: definition.id, state: 'scheduled', version: 1, createdAt: stamp, updatedAt: stamp, definition }];
}

/**
 * Writes the seed cohorts the table does not hold yet (a first start; later starts keep the
 * stored ones, changed or not), then loads the functions' copy of the cohorts: they run in
 * this process. Returns the cohorts the table holds.
 */
export async function writeSeedCohorts(client: DynamoDBDocumentClient, tableName: string, at: Date) {
  const repository = new CohortRepository(client, tableName);
  for (const cohort of seedCohorts(at)) {
    try {
      await repository.create(cohort, { at: cohort.createdAt, actor: 'seed', action: 'created', paths: [] });
    } catch (error) {
      if (!(error instanceof CohortWriteConflict)) throw error;
    }
  }
  loadCohorts(await repository.list());
  return repository.list();
}
