/**
 * The one routing definition of the system: which functions exist, which HTTP
 * routes and event rules reach them, and what each may touch. The CDK stack builds
 * Lambda functions, API routes and EventBridge rules from it; the local runtime
 * serves and routes with the very same data, so the two cannot drift.
 *
 * Nothing here may import aws-cdk-lib: the local runtime loads this file.
 */

import { sesDeliveryEventsPattern } from '../shared/delivery/ses-events.ts';
import { ApplicationResultDue } from '../shared/events/application-result-due.ts';
import { ApplicationSubmitted } from '../shared/events/application-submitted.ts';
import { ApplicationWindowClosed } from '../shared/events/application-window-closed.ts';
import { BoardResolutionReminderDue } from '../shared/events/board-resolution-reminder-due.ts';
import { ClarificationRequested } from '../shared/events/clarification-requested.ts';
import { CohortChanged } from '../shared/events/cohort-changed.ts';
import { DeadlineReminderDue } from '../shared/events/deadline-reminder-due.ts';
import { InvitationsDue } from '../shared/events/invitations-due.ts';
import { InviteesImported } from '../shared/events/invitees-imported.ts';
import { PlanningMeetingReminderDue } from '../shared/events/planning-meeting-reminder-due.ts';
import { ResultsReleaseDue } from '../shared/events/results-release-due.ts';
import { RosterChanged } from '../shared/events/roster-changed.ts';
import { SessionChanged } from '../shared/events/session-changed.ts';
import { SessionMaterialsPosted } from '../shared/events/session-materials-posted.ts';
import { SessionReminderDue } from '../shared/events/session-reminder-due.ts';
import { type EventPattern, patternOf } from '../shared/platform/events/contract.ts';

/** What a function is allowed to reach; infra grants exactly this and sets the matching variables. */
export interface FunctionAccess {
  readonly table?: 'read' | 'readWrite';
  readonly publishEvents?: boolean;
  readonly sendEmail?: boolean;
  /**
   * Builds or checks the per-application secret links: the key (a Secrets Manager secret in
   * AWS, read with GetSecretValue) and the HTTP API's public URL.
   */
  readonly applicantLinks?: boolean;
  /** Only the HTTP API's public URL (links in emails), without the applicant-link key. */
  readonly publicApiUrl?: boolean;
  /**
   * Sends in bulk with the paced sender: one running copy at a time (so the pace holds for
   * the account) and the right to read the SES send quota.
   */
  readonly bulkSend?: boolean;
  /** Only the facilitators' addresses (FACILITATOR_EMAILS), to show applicants whom to write to; no right to send. */
  readonly facilitatorContact?: boolean;
}

export interface FunctionDefinition {
  /** Path from the repository root to the module exporting `handler`. */
  readonly entry: string;
  readonly description: string;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  readonly access: FunctionAccess;
  /** Reserved concurrency 1, for a function whose warm state must be the only copy's (bulk senders have it anyway). */
  readonly oneCopyAtATime?: boolean;
}

export const functionDefinitions = {
  submitApplication: {
    entry: 'functions/submit-application/handler.ts',
    description: 'POST /applications: validates, stores and announces an application',
    timeoutSeconds: 10,
    memoryMb: 512,
    access: { table: 'readWrite', publishEvents: true },
  },
  sendReceipt: {
    entry: 'functions/send-receipt/handler.ts',
    description: 'Sends the receipt email of a submitted application, once',
    timeoutSeconds: 30,
    memoryMb: 512,
    access: { table: 'readWrite', sendEmail: true },
  },
  dispatchMilestones: {
    entry: 'functions/dispatch-milestones/handler.ts',
    description:
      'Schedule tick: publishes each cohort milestone that has come due, once; replans when a session moves or ' +
      'a cohort changes',
    timeoutSeconds: 60,
    memoryMb: 512,
    access: { table: 'readWrite', publishEvents: true },
    // Its plan of session reminders is warm state that SessionChanged refreshes:
    // the copy told must be the copy that ticks.
    oneCopyAtATime: true,
  },
  notifyReviewQueueReady: {
    entry: 'functions/notify-review-queue-ready/handler.ts',
    description: "Tells the facilitators a zone's review queue is ready, with counts per zone",
    timeoutSeconds: 30,
    memoryMb: 512,
    access: { table: 'readWrite', sendEmail: true },
  },
  facilitatorApplications: {
    entry: 'functions/facilitator-applications/handler.ts',
    description: 'Facilitator API: review queue, application detail and audit trail, recording reviews',
    timeoutSeconds: 10,
    memoryMb: 512,
    access: { table: 'readWrite' },
  },
  recordBoardResolution: {
    entry: 'functions/record-board-resolution/handler.ts',
    description: "Facilitator API: records a selected SDZ district's board resolution",
    timeoutSeconds: 10,
    memoryMb: 512,
    access: { table: 'readWrite' },
  },
  remindBoardResolutions: {
    entry: 'functions/remind-board-resolutions/handler.ts',
    description: 'Weekly round: reminds selected SDZ districts whose board resolution is not recorded, once per round',
    timeoutSeconds: 60,
    memoryMb: 512,
    access: { table: 'readWrite', sendEmail: true },
  },
  clarifications: {
    entry: 'functions/clarifications/handler.ts',
    description:
      'Clarifications: facilitators ask an applicant a question; the applicant reads and answers it with the ' +
      'secret from the email',
    timeoutSeconds: 10,
    memoryMb: 512,
    access: { table: 'readWrite', publishEvents: true, applicantLinks: true },
  },
  sendClarificationRequest: {
    entry: 'functions/send-clarification-request/handler.ts',
    description: "Emails a facilitator's question to the applicant with the secret reply link, once",
    timeoutSeconds: 30,
    memoryMb: 512,
    access: { table: 'readWrite', sendEmail: true, applicantLinks: true },
  },
  facilitatorExtensions: {
    entry: 'functions/facilitator-extensions/handler.ts',
    description: "Facilitator API: extends a zone's application window for one applicant, lists extensions",
    timeoutSeconds: 10,
    memoryMb: 512,
    access: { table: 'readWrite' },
  },
  releaseResults: {
    entry: 'functions/release-results/handler.ts',
    description:
      "Releases a zone's results once: a result event per decided application, an alert about undecided ones",
    timeoutSeconds: 120,
    memoryMb: 512,
    access: { table: 'readWrite', publishEvents: true, sendEmail: true },
  },
  sendResult: {
    entry: 'functions/send-result/handler.ts',
    description: "Sends one application's result email once, rolling a not-selected SDZ application over to the ILDZ",
    timeoutSeconds: 30,
    memoryMb: 512,
    access: { table: 'readWrite', publishEvents: true, sendEmail: true, applicantLinks: true },
  },
  facilitatorReleases: {
    entry: 'functions/facilitator-releases/handler.ts',
    description: 'Facilitator API: release a zone now, dry-run of the result emails, send a result or a correction',
    timeoutSeconds: 30,
    memoryMb: 512,
    access: { table: 'readWrite', publishEvents: true, sendEmail: true, applicantLinks: true },
  },
  handleDeliveryEvents: {
    entry: 'functions/handle-delivery-events/handler.ts',
    description:
      'SES bounces, complaints, deliveries, rejects: suppresses bad addresses, tells an organization its ' +
      "roster member's address fails, audits each email's fate",
    timeoutSeconds: 60,
    memoryMb: 512,
    access: { table: 'readWrite', sendEmail: true },
  },
  facilitatorDeliverability: {
    entry: 'functions/facilitator-deliverability/handler.ts',
    description:
      'Facilitator API: the undeliverable (suppressed) addresses of a cohort, with reason, time and application',
    timeoutSeconds: 10,
    memoryMb: 512,
    access: { table: 'read' },
  },
  facilitatorInvitees: {
    entry: 'functions/facilitator-invitees/handler.ts',
    description:
      "Facilitator API: imports the invitation campaign's district and partner contacts from CSV, lists them",
    timeoutSeconds: 30,
    memoryMb: 512,
    access: { table: 'readWrite', publishEvents: true },
  },
  roster: {
    entry: 'functions/roster/handler.ts',
    description:
      'Rosters: a participant names its lead facilitators (or CNZ representative and alternate) with the ' +
      'secret from its selection email; facilitators list them',
    timeoutSeconds: 10,
    memoryMb: 512,
    access: { table: 'readWrite', publishEvents: true, applicantLinks: true },
  },
  sendRosterConfirmation: {
    entry: 'functions/send-roster-confirmation/handler.ts',
    description: "Confirms each version of a participant's roster by email, once",
    timeoutSeconds: 30,
    memoryMb: 512,
    access: { table: 'readWrite', sendEmail: true },
  },
  facilitatorSessions: {
    entry: 'functions/facilitator-sessions/handler.ts',
    description: 'Facilitator API: the monthly sessions as they stand; move or cancel one; post its video and slides',
    timeoutSeconds: 10,
    memoryMb: 512,
    access: { table: 'readWrite', publishEvents: true },
  },
  facilitatorCohorts: {
    entry: 'functions/facilitator-cohorts/handler.ts',
    description:
      'Facilitator API: the cohorts; create, copy forward, change, schedule and close one; what each will send when',
    timeoutSeconds: 10,
    memoryMb: 512,
    access: { table: 'readWrite', publishEvents: true },
  },
  sendBulkMail: {
    entry: 'functions/send-bulk-mail/handler.ts',
    description:
      'Every bulk email, one copy at a time paced to the SES send rate, once per recipient: invitations, ' +
      'deadline reminders, session reminders with invitations, planning meeting notice, moved or cancelled ' +
      'sessions, materials',
    timeoutSeconds: 900,
    memoryMb: 512,
    access: { table: 'readWrite', sendEmail: true, publicApiUrl: true, bulkSend: true },
  },
  applicantPages: {
    entry: 'functions/applicant-pages/handler.ts',
    description: "Applicant pages (HTML): a cohort's start page, each zone's application form, the stylesheet",
    timeoutSeconds: 10,
    memoryMb: 512,
    access: { table: 'read', facilitatorContact: true },
  },
} as const satisfies Record<string, FunctionDefinition>;

export type FunctionName = keyof typeof functionDefinitions;

export interface HttpRoute {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** public: anyone (applicant routes); facilitator: a Cognito JWT of the facilitators group. */
  readonly auth: 'public' | 'facilitator';
  /** API Gateway route path; `{name}` marks a path parameter. */
  readonly path: string;
  readonly target: FunctionName;
}

export const httpRoutes: readonly HttpRoute[] = [
  { method: 'GET', path: '/apply/{cohortId}', auth: 'public', target: 'applicantPages' },
  { method: 'GET', path: '/apply/{cohortId}/{zone}', auth: 'public', target: 'applicantPages' },
  { method: 'GET', path: '/assets/{file}', auth: 'public', target: 'applicantPages' },
  { method: 'POST', path: '/applications', auth: 'public', target: 'submitApplication' },
  { method: 'GET', path: '/facilitator/applications', auth: 'facilitator', target: 'facilitatorApplications' },
  {
    method: 'GET',
    path: '/facilitator/applications/{applicationId}',
    auth: 'facilitator',
    target: 'facilitatorApplications',
  },
  {
    method: 'GET',
    path: '/facilitator/applications/{applicationId}/audit',
    auth: 'facilitator',
    target: 'facilitatorApplications',
  },
  {
    method: 'PUT',
    path: '/facilitator/applications/{applicationId}/review',
    auth: 'facilitator',
    target: 'facilitatorApplications',
  },
  {
    method: 'POST',
    path: '/facilitator/applications/{applicationId}/board-resolution',
    auth: 'facilitator',
    target: 'recordBoardResolution',
  },
  {
    method: 'POST',
    path: '/facilitator/applications/{applicationId}/clarifications',
    auth: 'facilitator',
    target: 'clarifications',
  },
  {
    method: 'GET',
    path: '/facilitator/applications/{applicationId}/clarifications',
    auth: 'facilitator',
    target: 'clarifications',
  },
  { method: 'GET', path: '/applications/{applicationId}/clarifications', auth: 'public', target: 'clarifications' },
  {
    method: 'GET',
    path: '/applications/{applicationId}/clarifications/{clarificationId}',
    auth: 'public',
    target: 'clarifications',
  },
  {
    method: 'POST',
    path: '/applications/{applicationId}/clarifications/{clarificationId}/answer',
    auth: 'public',
    target: 'clarifications',
  },
  { method: 'POST', path: '/facilitator/extensions', auth: 'facilitator', target: 'facilitatorExtensions' },
  { method: 'GET', path: '/facilitator/extensions', auth: 'facilitator', target: 'facilitatorExtensions' },
  { method: 'GET', path: '/facilitator/releases', auth: 'facilitator', target: 'facilitatorReleases' },
  { method: 'POST', path: '/facilitator/releases', auth: 'facilitator', target: 'facilitatorReleases' },
  { method: 'GET', path: '/facilitator/releases/preview', auth: 'facilitator', target: 'facilitatorReleases' },
  {
    method: 'POST',
    path: '/facilitator/applications/{applicationId}/send-result',
    auth: 'facilitator',
    target: 'facilitatorReleases',
  },
  { method: 'GET', path: '/applications/{applicationId}/roster', auth: 'public', target: 'roster' },
  { method: 'PUT', path: '/applications/{applicationId}/roster', auth: 'public', target: 'roster' },
  { method: 'GET', path: '/facilitator/rosters', auth: 'facilitator', target: 'roster' },
  { method: 'GET', path: '/facilitator/sessions', auth: 'facilitator', target: 'facilitatorSessions' },
  { method: 'PUT', path: '/facilitator/sessions/{sessionDate}', auth: 'facilitator', target: 'facilitatorSessions' },
  {
    method: 'POST',
    path: '/facilitator/sessions/{sessionDate}/cancel',
    auth: 'facilitator',
    target: 'facilitatorSessions',
  },
  {
    method: 'POST',
    path: '/facilitator/sessions/{sessionDate}/materials',
    auth: 'facilitator',
    target: 'facilitatorSessions',
  },
  { method: 'GET', path: '/facilitator/cohorts', auth: 'facilitator', target: 'facilitatorCohorts' },
  { method: 'GET', path: '/facilitator/cohorts/{cohortId}', auth: 'facilitator', target: 'facilitatorCohorts' },
  { method: 'POST', path: '/facilitator/cohorts', auth: 'facilitator', target: 'facilitatorCohorts' },
  { method: 'PATCH', path: '/facilitator/cohorts/{cohortId}', auth: 'facilitator', target: 'facilitatorCohorts' },
  { method: 'DELETE', path: '/facilitator/cohorts/{cohortId}', auth: 'facilitator', target: 'facilitatorCohorts' },
  {
    method: 'GET',
    path: '/facilitator/cohorts/{cohortId}/calendar',
    auth: 'facilitator',
    target: 'facilitatorCohorts',
  },
  { method: 'POST', path: '/facilitator/cohorts/{cohortId}/copies', auth: 'facilitator', target: 'facilitatorCohorts' },
  {
    method: 'POST',
    path: '/facilitator/cohorts/{cohortId}/schedule',
    auth: 'facilitator',
    target: 'facilitatorCohorts',
  },
  { method: 'POST', path: '/facilitator/cohorts/{cohortId}/close', auth: 'facilitator', target: 'facilitatorCohorts' },
  { method: 'GET', path: '/facilitator/undeliverable', auth: 'facilitator', target: 'facilitatorDeliverability' },
  { method: 'POST', path: '/facilitator/invitees', auth: 'facilitator', target: 'facilitatorInvitees' },
  { method: 'GET', path: '/facilitator/invitees', auth: 'facilitator', target: 'facilitatorInvitees' },
];

export interface EventRule {
  /** Construct id of the rule, stable across deployments. */
  readonly id: string;
  readonly description: string;
  readonly pattern: EventPattern;
  readonly target: FunctionName;
  /** Delivery retries before the event goes to the rule's dead-letter queue. */
  readonly retryAttempts: number;
  /** Oldest an event may be and still be delivered; EventBridge's maximum is 24 hours. */
  readonly maxEventAgeHours: number;
}

/**
 * What a rule that names no retry settings gets: eight delivery retries, within EventBridge's maximum age of 24 hours.
 */
export const DEFAULT_RULE_RETRY = { retryAttempts: 8, maxEventAgeHours: 24 } as const satisfies Partial<EventRule>;

type RuleRetry = keyof typeof DEFAULT_RULE_RETRY;

/** An event rule with the default retry settings, unless it names its own. */
function rule(definition: Omit<EventRule, RuleRetry> & Partial<Pick<EventRule, RuleRetry>>): EventRule {
  return { ...DEFAULT_RULE_RETRY, ...definition };
}

export const eventRules: readonly EventRule[] = [
  rule({
    id: 'ReceiptOnApplicationSubmitted',
    description: 'Send the applicant a receipt when an application is stored',
    pattern: patternOf(ApplicationSubmitted),
    target: 'sendReceipt',
  }),
  rule({
    id: 'ReviewQueueReadyOnWindowClosed',
    description: "Tell the facilitators a zone's review queue is ready when its window closes",
    pattern: patternOf(ApplicationWindowClosed),
    target: 'notifyReviewQueueReady',
  }),
  rule({
    id: 'BoardResolutionRemindersOnRoundDue',
    description: 'Remind selected SDZ districts without a recorded board resolution, each weekly round',
    pattern: patternOf(BoardResolutionReminderDue),
    target: 'remindBoardResolutions',
  }),
  rule({
    id: 'ClarificationEmailOnClarificationRequested',
    description: "Email a facilitator's question to the applicant, with the secret reply link",
    pattern: patternOf(ClarificationRequested),
    target: 'sendClarificationRequest',
  }),
  rule({
    id: 'ReleaseOnResultsReleaseDue',
    description: "Release a zone's results on its notification date or a facilitator's release now",
    pattern: patternOf(ResultsReleaseDue),
    target: 'releaseResults',
  }),
  rule({
    id: 'SendResultOnApplicationResultDue',
    description: "Send a decided application's result email when its zone is released",
    pattern: patternOf(ApplicationResultDue),
    target: 'sendResult',
  }),
  rule({
    id: 'RosterConfirmationOnRosterChanged',
    description: "Confirm a participant's roster by email, once per version",
    pattern: patternOf(RosterChanged),
    target: 'sendRosterConfirmation',
  }),
  rule({
    id: 'SessionRemindersOnSessionReminderDue',
    description: 'Remind every roster member of a monthly session, with the calendar invitation, days before it',
    pattern: patternOf(SessionReminderDue),
    target: 'sendBulkMail',
  }),
  rule({
    id: 'PlanningMeetingNoticeOnPlanningMeetingReminderDue',
    description: "Send the planning meeting notice, with the invitation, to its zones' participants days before it",
    pattern: patternOf(PlanningMeetingReminderDue),
    target: 'sendBulkMail',
  }),
  rule({
    id: 'SessionInvitationUpdateOnSessionChanged',
    description: 'Send every roster member the updated or cancelled invitation of a moved or cancelled session',
    pattern: patternOf(SessionChanged),
    target: 'sendBulkMail',
  }),
  rule({
    id: 'MilestonePlanOnSessionChanged',
    description: "Plan a moved session's reminders for its new time (and none for a cancelled one)",
    pattern: patternOf(SessionChanged),
    target: 'dispatchMilestones',
  }),
  rule({
    id: 'MilestonePlanOnCohortChanged',
    description: "Reload the cohorts and plan a scheduled, changed or closed cohort's milestones anew",
    pattern: patternOf(CohortChanged),
    target: 'dispatchMilestones',
  }),
  rule({
    id: 'MaterialsEmailOnSessionMaterialsPosted',
    description: "Send every roster member a session's video and slide links",
    pattern: patternOf(SessionMaterialsPosted),
    target: 'sendBulkMail',
  }),
  rule({
    id: 'DeliveryFeedbackOnSesEvents',
    description:
      'SES bounce, complaint, delivery and reject events (forwarded from the default bus): suppression, roster ' +
      'alerts, audit',
    pattern: sesDeliveryEventsPattern,
    target: 'handleDeliveryEvents',
  }),
  rule({
    id: 'InvitationsOnInvitationsDue',
    description: "Invite every imported district and partner contact on the cohort's invitation date",
    pattern: patternOf(InvitationsDue),
    target: 'sendBulkMail',
  }),
  rule({
    id: 'InvitationsOnInviteesImported',
    description: 'Invite the invitees of an import made after the invitation date',
    pattern: patternOf(InviteesImported),
    target: 'sendBulkMail',
  }),
  rule({
    id: 'DeadlineRemindersOnDeadlineReminderDue',
    description: 'Remind invitees who have not applied to a zone, days before its due date',
    pattern: patternOf(DeadlineReminderDue),
    target: 'sendBulkMail',
  }),
];

/** A recurring invocation, in AWS by EventBridge Scheduler, locally by the virtual clock. */
export interface ScheduleDefinition {
  readonly id: string;
  readonly description: string;
  readonly everyMinutes: number;
  /** The schedule's time zone (Scheduler evaluates its expression there). */
  readonly timeZone: string;
  readonly target: FunctionName;
  /** Scheduler's retries of a failed invocation before the tick goes to the dead-letter queue. */
  readonly retryAttempts: number;
  /** A tick older than this is dropped: the next tick catches up on everything due anyway. */
  readonly maxEventAgeMinutes: number;
}

/** Time-driven work: one tick drives every cohort milestone. */
export const schedules: readonly ScheduleDefinition[] = [
  {
    id: 'MilestoneTick',
    description: 'Every 15 minutes, publish the cohort milestones that have come due',
    everyMinutes: 15,
    timeZone: 'America/Chicago',
    target: 'dispatchMilestones',
    retryAttempts: 3,
    maxEventAgeMinutes: 60,
  },
];
