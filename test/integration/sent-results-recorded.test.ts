/**
 * A result email the ledger holds as sent, but that never reached the application (the
 * delivery stopped between SES and the update): recorded before a facilitator's next send is
 * decided, against a real DynamoDB API (dynalite).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApplicationRecord, ApplicationRepository } from '../../shared/applications/repository.ts';
import { applicationSchema } from '../../shared/applications/schemas.ts';
import { applicantKey, applicationIdFor } from '../../shared/domain/applicant.ts';
import { AuditTrail } from '../../shared/platform/dynamodb/audit-trail.ts';
import { NotificationLedger } from '../../shared/platform/email/notification-ledger.ts';
import { correctionKey, resultKey, withSentResultsRecorded } from '../../shared/release/deliver-result.ts';
import { validApplication } from '../fixtures/applications.ts';
import { type DynaliteTable, startDynaliteTable } from '../support/dynalite-table.ts';

const TABLE = 'sent-results-test';
let table: DynaliteTable;
let deps: { applications: ApplicationRepository; audit: AuditTrail; ledger: NotificationLedger };

beforeAll(async () => {
  table = await startDynaliteTable(TABLE);
  deps = {
    applications: new ApplicationRepository(table.client, TABLE),
    audit: new AuditTrail(table.client, TABLE),
    ledger: new NotificationLedger(table.client, TABLE),
  };
});
afterAll(() => table.stop());

/** A stored SDZ application, decided `status`, whose first result (selected) is recorded. */
async function storedApplication(
  countyDistrictCode: string,
  status: 'selected' | 'not_selected',
): Promise<ApplicationRecord> {
  const body = validApplication('SDZ');
  body.applicant.countyDistrictCode = countyDistrictCode;
  const application = applicationSchema.parse(body);
  const record: ApplicationRecord = {
    applicationId: applicationIdFor(application),
    cohort: '2022-2023',
    zone: 'SDZ',
    applicantKey: applicantKey(application),
    status,
    submittedAt: '2022-09-01T15:00:00.000Z',
    application,
    requestHash: 'a'.repeat(64),
    version: 1,
  };
  await deps.applications.create(record);
  return deps.applications.update(record, {
    resultSent: { decision: 'selected', sentAt: '2022-09-15T14:00:07.000Z', corrections: 0 },
  });
}

/** What a delivery that stopped after SES leaves: the ledger entry, sent, with its summary. */
async function sentInLedger(key: string, summary: Record<string, string> | undefined, at: Date): Promise<void> {
  const claim = await deps.ledger.claim(key, { kind: 'result-correction', subjectId: 'x' }, at);
  if (claim.outcome !== 'claimed') throw new Error('the key is new');
  await deps.ledger.markSent(
    key,
    claim.token,
    { messageId: 'ses-1', recipientCount: 2, ...(summary ? { summary } : {}) },
    at,
  );
}

describe('results sent but not recorded', () => {
  it('records a correction the ledger holds as sent, so the next send starts from what the applicant was last told', async () => {
    // Corrected to not selected (that email went out), then decided selected again.
    const record = await storedApplication('030-001', 'selected');
    await sentInLedger(
      correctionKey(record.applicationId, 1),
      { decision: 'not_selected', template: 'rollover-accepted' },
      new Date('2022-09-16T15:00:00Z'),
    );

    const current = await withSentResultsRecorded(record, deps, 'facilitator-1');

    expect(current.resultSent).toEqual({
      decision: 'not_selected',
      sentAt: '2022-09-16T15:00:00.000Z',
      corrections: 1,
    });
    expect((await deps.applications.get(record.applicationId))?.resultSent).toEqual(current.resultSent);
    expect(await deps.audit.list(record.applicationId)).toEqual([
      expect.objectContaining({
        action: 'result-correction-sent',
        actor: 'facilitator-1',
        details: expect.objectContaining({
          decision: 'not_selected',
          correction: 1,
          previousDecision: 'selected',
          outcome: 'recorded-late',
        }),
      }),
    ]);
  });

  it('changes nothing when every sent result is recorded, or the entry has no summary to go by', async () => {
    const recorded = await storedApplication('030-002', 'selected');
    const withoutSummary = await storedApplication('030-003', 'not_selected');
    await sentInLedger(
      resultKey(recorded.applicationId),
      { decision: 'selected', template: 'sdz-selected' },
      new Date('2022-09-15T14:00:07Z'),
    );
    await sentInLedger(correctionKey(withoutSummary.applicationId, 1), undefined, new Date('2022-09-16T15:00:00Z'));

    expect(await withSentResultsRecorded(recorded, deps, 'facilitator-1')).toEqual(recorded);
    expect(await withSentResultsRecorded(withoutSummary, deps, 'facilitator-1')).toEqual(withoutSummary);
    expect(await deps.audit.list(recorded.applicationId)).toEqual([]);
  });
});
