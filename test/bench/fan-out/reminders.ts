import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ApplicationRepository } from '../../../shared/applications/repository.ts';
import { CohortRepository } from '../../../shared/cohorts/cohort-repository.ts';
import { cohortVersionReader } from '../../../shared/cohorts/cohort-version-reader.ts';
import type { ScheduledMeeting } from '../../../shared/domain/cohort/calendar.ts';
import type { CohortId } from '../../../shared/domain/cohort/cohort-id.ts';
import { sessionReminderMilestoneId } from '../../../shared/domain/cohort/milestones.ts';
import { type SessionMailingDependencies, sendSessionReminders } from '../../../shared/participation/mailings.ts';
import { participationJobs } from '../../../shared/participation/model.ts';
import { RosterRepository } from '../../../shared/participation/roster-repository.ts';
import { SessionRepository } from '../../../shared/participation/session-repository.ts';
import { type BulkCounts, BulkJobRepository } from '../../../shared/platform/bulk/bulk-jobs.ts';
import { lazyPacedSender } from '../../../shared/platform/bulk/lazy-paced-sender.ts';
import { AuditTrail } from '../../../shared/platform/dynamodb/audit-trail.ts';
import { coalescedSuppressionLookup } from '../../../shared/platform/email/coalesced-suppression.ts';
import { EmailSender } from '../../../shared/platform/email/send.ts';
import { SuppressionList } from '../../../shared/platform/email/suppression-list.ts';

const SENDER_ADDRESS = 'innovation-zones@srsn.example.org';
const CONFIGURATION_SET = 'srsn-innovation-zones';
/** Reminder offset: the week-before reminder of the cohort's calendar. */
const OFFSET_DAYS = 7;

export interface ReminderRun {
  readonly wallMs: number;
  readonly counts: BulkCounts;
  readonly summary: string;
}

/**
 * One SessionReminderDue handled as send-bulk-mail handles it: the same domain
 * function with the same repositories, email sender (suppression list included), audit
 * trail and paced sender, at the given maximum rate (a new sender, so each run has its own pace).
 */
export async function runSessionReminders(
  services: { documentClient: DynamoDBDocumentClient; tableName: string },
  ses: SESv2Client,
  cohort: CohortId,
  session: ScheduledMeeting,
  maxPerSecond: number,
  now: Date,
): Promise<ReminderRun> {
  const { documentClient: client, tableName } = services;
  const clock = () => now;
  // As functions/send-bulk-mail wires it, with the rate as SES_MAX_SEND_RATE would set it.
  const sender = lazyPacedSender({
    documentClient: client,
    tableName,
    sesClient: ses,
    email: new EmailSender(ses, {
      fromAddress: SENDER_ADDRESS,
      configurationSetName: CONFIGURATION_SET,
      suppression: coalescedSuppressionLookup(new SuppressionList(client, tableName)),
    }),
    maxSendRateOverride: String(maxPerSecond),
    audit: new AuditTrail(client, tableName),
    now: clock,
  });
  const dependencies: SessionMailingDependencies = {
    applications: new ApplicationRepository(client, tableName),
    rosters: new RosterRepository(client, tableName),
    sessions: new SessionRepository(client, tableName),
    sender,
    senderAddress: SENDER_ADDRESS,
    now: clock,
    cohortVersion: cohortVersionReader(new CohortRepository(client, tableName)),
  };
  const started = performance.now();
  const summary = await sendSessionReminders(
    {
      milestoneId: sessionReminderMilestoneId(session.id, OFFSET_DAYS),
      cohort,
      sessionId: session.id,
      sessionDate: session.date,
      offsetDays: OFFSET_DAYS,
    },
    dependencies,
  );
  const wallMs = performance.now() - started;
  const job = await new BulkJobRepository(client, tableName).get(
    participationJobs.sessionReminder(session.id, OFFSET_DAYS),
  );
  if (!job) throw new Error(`No bulk job recorded for ${session.id}`);
  const { sent, alreadySent, inProgress, suppressed, failed, throttled } = job;
  return { wallMs, counts: { sent, alreadySent, inProgress, suppressed, failed, throttled }, summary };
}
