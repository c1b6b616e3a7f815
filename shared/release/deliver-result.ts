import type { ApplicantLinks } from '../applicant-links/links.ts';
import {
  type ApplicationRecord,
  type ApplicationRepository,
  VersionConflictError,
} from '../applications/repository.ts';
import type { CohortDefinition } from '../domain/cohort/definition.ts';
import { getCohort } from '../domain/cohort/registry.ts';
import type { Decision, ResultSent } from '../domain/review.ts';
import { type RosterLink, rosterLinkFor } from '../participation/roster-link.ts';
import type { AuditActor, AuditTrail } from '../platform/dynamodb/audit-trail.ts';
import type { MessageSummary, NotificationLedger } from '../platform/email/notification-ledger.ts';
import type { EmailSender } from '../platform/email/send.ts';
import { type SendOnceOutcome, sendOnceReporting } from '../platform/email/send-once.ts';
import type { EventPublisher } from '../platform/events/publish.ts';
import { renderResult } from '../templates/email/results.ts';
import type { ReleaseRepository } from './release-repository.ts';
import { DECIDED_STATUSES, planResult, type ResultEmailPlan, rolloverApplies, rosterTarget } from './result-plan.ts';
import { placeRollover, returnAcceptedOwnApplication } from './rollover.ts';

export interface ResultDependencies {
  readonly applications: ApplicationRepository;
  readonly releases: ReleaseRepository;
  readonly ledger: NotificationLedger;
  readonly email: EmailSender;
  readonly audit: AuditTrail;
  readonly publisher: EventPublisher;
  /** The From address, named as organizer in calendar invitations. */
  readonly senderAddress: string;
  /** Where the result email tells a selected SDZ district to send its board resolution. */
  readonly facilitatorEmails: readonly string[];
  /** Builds the roster link (with the secret) that a participant's result email carries. */
  readonly links?: ApplicantLinks;
  readonly now: () => Date;
}

/** The roster link of the participant a result email announces, if any (and if the links are configured). */
async function rosterLinkOf(
  record: ApplicationRecord,
  plan: ResultEmailPlan,
  deps: ResultDependencies,
): Promise<RosterLink | undefined> {
  const target = rosterTarget(record, plan);
  return target && deps.links ? rosterLinkFor(deps.links, target) : undefined;
}

export const resultKey = (applicationId: string) => `result#${applicationId}`;
export const correctionKey = (applicationId: string, correction: number) =>
  `result#${applicationId}#correction-${correction}`;
/** The ledger key of the result email numbered `corrections` (0: the first result). */
const resultEmailKey = (applicationId: string, corrections: number) =>
  corrections === 0 ? resultKey(applicationId) : correctionKey(applicationId, corrections);

/** The decision a result email's ledger summary records, if it records one. */
const decisionIn = (summary: MessageSummary | undefined): Decision | undefined =>
  DECIDED_STATUSES.find((status) => status === summary?.decision);

export type ReleaseDeliveryOutcome =
  | SendOnceOutcome
  | 'application-not-found'
  | 'not-released'
  | 'result-sent-before'
  | 'undecided'
  | 'announced-with-rollover';

/**
 * The consumer of ApplicationResultDue: sends the application's result once (ledger key
 * result#<id>), with the content its current decision calls for. Nothing goes out before
 * the zone is released, nor a second result once one was sent (corrections are a
 * facilitator's explicit request).
 */
export async function deliverReleasedResult(
  applicationId: string,
  deps: ResultDependencies,
): Promise<ReleaseDeliveryOutcome> {
  const record = await deps.applications.get(applicationId);
  if (!record) return 'application-not-found';
  if (!(await deps.releases.get(record.cohort, record.zone))) return 'not-released';
  if (record.resultSent) return 'result-sent-before';
  const cohort = getCohort(record.cohort);
  const plan = planResult(record, cohort);
  if (!plan.send) return plan.reason;
  return sendFirstResult(record, cohort, deps, 'system');
}

/** What a result email says, kept with its ledger entry. */
function resultSummary(plan: ResultEmailPlan): MessageSummary {
  return { decision: plan.decision, template: plan.template };
}

/**
 * What the result email that went out said: the summary recorded with it, or, for an entry
 * written before summaries were kept, the plan of now.
 */
function sentResult(
  plan: ResultEmailPlan,
  summary: MessageSummary | undefined,
): { decision: Decision; template: string } {
  const decision = decisionIn(summary) ?? plan.decision;
  return { decision, template: summary?.template ?? plan.template };
}

/**
 * Sends a result email (the first one, or a correction) once per ledger key. The rollover
 * it announces is placed only by the call that holds the claim, and what is recorded on
 * the application is what went out: a retry after the decision changed records the decision
 * that was emailed, so a correction can follow.
 */
async function sendResultEmail(
  record: ApplicationRecord,
  cohort: CohortDefinition,
  deps: ResultDependencies,
  actor: AuditActor,
  email: {
    key: string;
    kind: string;
    correction?: { number: number; previous: ResultSent; previousTemplate?: string };
  },
): Promise<{
  outcome: SendOnceOutcome;
  plan: ResultEmailPlan;
  sent: { decision: Decision; template: string };
  sentAt: Date;
}> {
  // The decision and recipients do not depend on where a rollover lands (the template may).
  const plan = planResult(record, cohort) as ResultEmailPlan;
  let placedPlan = plan;
  const sentAt = deps.now();
  const report = await sendOnceReporting(deps, {
    key: email.key,
    kind: email.kind,
    subjectId: record.applicationId,
    recipients: plan.recipients,
    content: async () => {
      if (email.correction && record.zone === cohort.rollover.from && plan.decision === 'selected')
        await returnAcceptedOwnApplication(record, cohort, deps, actor);
      const placement = rolloverApplies(record, cohort) ? await placeRollover(record, cohort, deps, actor) : undefined;
      placedPlan = planResult(record, cohort, placement) as ResultEmailPlan;
      const roster = await rosterLinkOf(record, placedPlan, deps);
      return renderResult({
        record,
        cohort,
        plan: placedPlan,
        senderAddress: deps.senderAddress,
        facilitatorEmails: deps.facilitatorEmails,
        now: sentAt,
        ...(email.correction ? { correction: email.correction } : {}),
        ...(roster ? { roster } : {}),
      });
    },
    // Asked once the rollover has landed: the applicant's own declined application changes the template.
    summary: () => resultSummary(placedPlan),
    tags: { notification: email.kind, application: record.applicationId },
    auditApplicationId: record.applicationId,
  });
  return { outcome: report.outcome, plan: placedPlan, sent: sentResult(plan, report.summary), sentAt };
}

/** Sends the first result of a decided application (rolling it over first where the policy says so). */
export async function sendFirstResult(
  record: ApplicationRecord,
  cohort: CohortDefinition,
  deps: ResultDependencies,
  actor: AuditActor,
): Promise<SendOnceOutcome> {
  const { outcome, sent, sentAt } = await sendResultEmail(record, cohort, deps, actor, {
    key: resultKey(record.applicationId),
    kind: 'result',
  });
  await recordResultSent(
    record,
    { decision: sent.decision, sentAt: sentAt.toISOString(), corrections: 0 },
    deps,
    actor,
    { template: sent.template, outcome },
  );
  return outcome;
}

/** Sends correction number `resultSent.corrections + 1` of a result whose decision changed since it went out. */
export async function sendCorrection(
  record: ApplicationRecord & { resultSent: ResultSent },
  cohort: CohortDefinition,
  deps: ResultDependencies,
  actor: AuditActor,
): Promise<{ outcome: SendOnceOutcome; correction: number; plan: ResultEmailPlan }> {
  const correction = record.resultSent.corrections + 1;
  // What the corrected email said (a rollover place it announced is withdrawn by this one).
  const previousTemplate = (await deps.ledger.get(resultEmailKey(record.applicationId, record.resultSent.corrections)))
    ?.summary?.template;
  const { outcome, plan, sent, sentAt } = await sendResultEmail(record, cohort, deps, actor, {
    key: correctionKey(record.applicationId, correction),
    kind: 'result-correction',
    correction: { number: correction, previous: record.resultSent, ...(previousTemplate ? { previousTemplate } : {}) },
  });
  await recordResultSent(
    record,
    { decision: sent.decision, sentAt: sentAt.toISOString(), corrections: correction },
    deps,
    actor,
    {
      template: sent.template,
      outcome,
      correction,
      previousDecision: record.resultSent.decision,
    },
  );
  return { outcome, correction, plan };
}

/**
 * The application with every result email the ledger holds as sent recorded on it: a
 * delivery that stopped between SES and the application's update leaves the first result,
 * or a correction, unrecorded, and a facilitator deciding what to send next must start from
 * what the applicant was last told. Entries kept before summaries were (no decision to go
 * by) are left as they are.
 */
export async function withSentResultsRecorded(
  record: ApplicationRecord,
  deps: Pick<ResultDependencies, 'applications' | 'audit' | 'ledger'>,
  actor: AuditActor,
): Promise<ApplicationRecord> {
  let current = record;
  for (;;) {
    const corrections = current.resultSent ? current.resultSent.corrections + 1 : 0;
    const entry = await deps.ledger.get(resultEmailKey(record.applicationId, corrections));
    const decision = decisionIn(entry?.summary);
    if (entry?.status !== 'sent' || !decision || !entry.sentAt) return current;
    await recordResultSent(current, { decision, sentAt: entry.sentAt, corrections }, deps, actor, {
      template: entry.summary?.template,
      outcome: 'recorded-late',
      ...(current.resultSent ? { correction: corrections, previousDecision: current.resultSent.decision } : {}),
    });
    const reread = await deps.applications.get(record.applicationId);
    if (!reread?.resultSent || reread.resultSent.corrections < corrections) return reread ?? current;
    current = reread;
  }
}

const RECORD_ATTEMPTS = 5;

/**
 * Records on the application which result went out, with an optimistic update; a
 * concurrent change (a review, a resolution) makes it re-read and try again. Done already
 * (a retry after a crash, a concurrent duplicate) is success.
 */
async function recordResultSent(
  read: ApplicationRecord,
  resultSent: ResultSent,
  deps: Pick<ResultDependencies, 'applications' | 'audit'>,
  actor: AuditActor,
  details: Record<string, unknown>,
): Promise<void> {
  let current = read;
  for (let attempt = 1; ; attempt += 1) {
    if (current.resultSent && current.resultSent.corrections >= resultSent.corrections) return;
    try {
      const updated = await deps.applications.update(current, { resultSent });
      await deps.audit.record(read.applicationId, {
        at: resultSent.sentAt,
        actor,
        action: resultSent.corrections === 0 ? 'result-sent' : 'result-correction-sent',
        details: { decision: resultSent.decision, ...details, version: updated.version },
      });
      return;
    } catch (error) {
      if (!(error instanceof VersionConflictError) || attempt >= RECORD_ATTEMPTS) throw error;
      const reread = await deps.applications.get(read.applicationId);
      if (!reread) throw error;
      current = reread;
    }
  }
}
