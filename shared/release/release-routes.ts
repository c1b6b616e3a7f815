import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { applicationPathSchema } from '../applications/application-id.ts';
import type { ApplicationRecord } from '../applications/repository.ts';
import { applicantDisplayName } from '../domain/applicant.ts';
import { applicationWindow, windowState } from '../domain/cohort/calendar.ts';
import type { CohortDefinition } from '../domain/cohort/definition.ts';
import { getCohort } from '../domain/cohort/registry.ts';
import { ZONE_CODES, type ZoneCode, zoneTitle } from '../domain/zones.ts';
import { ResultsReleaseDue } from '../events/results-release-due.ts';
import { NotificationInProgressError } from '../platform/email/send-once.ts';
import type { Facilitator } from '../platform/http/facilitator-auth.ts';
import { parseBody, parsePath, parseQuery } from '../platform/http/parameters.ts';
import { errorResponse, type HttpResponse, jsonResponse } from '../platform/http/response.ts';
import { formatDateTime, zonedInstant } from '../platform/time/zoned.ts';
import { correctionSubject } from '../templates/email/results.ts';
import { type ResultDependencies, sendCorrection, sendFirstResult, withSentResultsRecorded } from './deliver-result.ts';
import type { ReleaseRecord } from './release-repository.ts';
import { zoneApplications } from './release-zone.ts';
import {
  isDecided,
  placementAt,
  planResult,
  type ResultEmailPlan,
  type RolloverPlacement,
  rolloverApplies,
  rolloverTargetId,
} from './result-plan.ts';
import { previewQuerySchema, releaseBodySchema, releasesQuerySchema } from './schemas.ts';

export type ReleaseRouteDependencies = ResultDependencies;

/** The milestone id a zone's release has, whether the schedule or a facilitator starts it. */
export const releaseMilestoneId = (cohort: string, zone: string) => `${cohort}/release/${zone}`;

/** When the schedule releases a zone: its notification date at the cohort's notification time; null if it has none. */
export function scheduledRelease(cohort: CohortDefinition, zone: ZoneCode): Date | null {
  const notify = cohort.zones[zone].notify;
  return notify ? zonedInstant(notify, cohort.notificationTime, cohort.timeZone) : null;
}

/**
 * What a facilitator's send-result would do, or did: before release everything waits for
 * the release; after it, a result never sent can be sent, a changed decision corrected.
 */
type PreviewAction = 'send-at-release' | 'send-result-available' | 'sent' | 'correction-available';

function actionOf(record: ApplicationRecord, plan: ResultEmailPlan, release: ReleaseRecord | undefined): PreviewAction {
  if (!record.resultSent) return release ? 'send-result-available' : 'send-at-release';
  return record.resultSent.decision === plan.decision ? 'sent' : 'correction-available';
}

/** Where a rollover would land, read without writing anything (the dry run must not change state). */
async function previewPlacement(
  record: ApplicationRecord,
  cohort: CohortDefinition,
  deps: ReleaseRouteDependencies,
): Promise<RolloverPlacement> {
  const toApplicationId = rolloverTargetId(record, cohort);
  return placementAt(record, toApplicationId, await deps.applications.get(toApplicationId));
}

export function releaseRoutes(deps: ReleaseRouteDependencies) {
  return {
    /** GET /facilitator/releases?cohort: each zone's release date and state, with the release's trail. */
    async listReleases(event: APIGatewayProxyEventV2): Promise<HttpResponse> {
      const query = parseQuery(event, releasesQuerySchema);
      if (!query.ok) return query.response;
      const cohort = getCohort(query.value.cohort);
      const zones = await Promise.all(
        ZONE_CODES.map(async (zone) => {
          const release = await deps.releases.get(query.value.cohort, zone);
          return {
            zone,
            scheduledAt: scheduledRelease(cohort, zone)?.toISOString() ?? null,
            release: release ?? null,
            audit: release ? await deps.releases.listAudit(release) : [],
          };
        }),
      );
      return jsonResponse(200, { cohort: cohort.id, zones });
    },

    /**
     * POST /facilitator/releases {cohort, zone}: release the zone's results now. Refused
     * while the zone's window is still open (409) and once the zone is released (409). A
     * zone with no notification date (a CNZ whose dates were never set) can be released only this way.
     */
    async releaseNow(event: APIGatewayProxyEventV2, facilitator: Facilitator): Promise<HttpResponse> {
      const body = parseBody(event, releaseBodySchema);
      if (!body.ok) return body.response;
      const { cohort: cohortId, zone } = body.value;
      const cohort = getCohort(cohortId);
      const now = deps.now();
      // A zone without a due date (closesAt null) has no window to wait for.
      const { closesAt } = applicationWindow(cohort, zone);
      if (windowState(cohort, zone, now) !== 'closed' && closesAt !== null) {
        return errorResponse(
          409,
          'WindowOpen',
          `Applications for the ${zoneTitle(zone)} are accepted until ` +
            `${formatDateTime(closesAt, cohort.timeZone)}; release its results after that.`,
          {
            closesAt: closesAt.toISOString(),
          },
        );
      }
      const milestoneId = releaseMilestoneId(cohortId, zone);
      const requested = await deps.releases.request({
        cohort: cohortId,
        zone,
        milestoneId,
        requestedBy: facilitator.id,
        at: now,
      });
      if (!requested.created) {
        const existing = requested.existing;
        return errorResponse(
          409,
          'AlreadyReleased',
          `The ${zoneTitle(zone)} results were already released on ` +
            `${formatDateTime(new Date(existing.releasedAt), cohort.timeZone)} ` +
            `(${existing.releasedBy === 'schedule' ? 'by the schedule' : 'by a facilitator'}).`,
          {
            release: existing,
          },
        );
      }
      try {
        await deps.releases.recordAudit(requested.release, {
          at: now.toISOString(),
          actor: facilitator.id,
          action: 'release-requested',
          details: { milestoneId },
        });
        await deps.publisher.publish(
          ResultsReleaseDue,
          { milestoneId, cohort: cohortId, zone, dueAt: now.toISOString(), releasedBy: 'facilitator' },
          now,
        );
      } catch (error) {
        await deps.releases.withdrawRequest(requested.release);
        await deps.releases
          .recordAudit(requested.release, {
            at: now.toISOString(),
            actor: facilitator.id,
            action: 'release-request-withdrawn',
            details: { reason: 'the release event could not be published' },
          })
          .catch(() => undefined);
        throw error;
      }
      return jsonResponse(202, {
        release: requested.release,
        message: `The ${zoneTitle(zone)} results are being released.`,
      });
    },

    /**
     * GET /facilitator/releases/preview?cohort&zone: the dry run. For every application of
     * the zone, exactly the email the release (or send-result) sends, from the same plan the
     * sender renders; nothing is written.
     */
    async preview(event: APIGatewayProxyEventV2): Promise<HttpResponse> {
      const query = parseQuery(event, previewQuerySchema);
      if (!query.ok) return query.response;
      const { cohort: cohortId, zone } = query.value;
      const cohort = getCohort(cohortId);
      const release = await deps.releases.get(cohortId, zone);
      const results = [];
      const notSent = [];
      const undecided = [];
      for await (const record of zoneApplications(deps.applications, cohortId, zone)) {
        const applicant = applicantDisplayName(record.application);
        const placement =
          isDecided(record) && rolloverApplies(record, cohort)
            ? await previewPlacement(record, cohort, deps)
            : undefined;
        const plan = planResult(record, cohort, placement);
        if (!plan.send) {
          if (plan.reason === 'undecided')
            undecided.push({ applicationId: record.applicationId, applicant, status: record.status });
          else
            notSent.push({
              applicationId: record.applicationId,
              applicant,
              status: record.status,
              reason: plan.reason,
              message: plan.message,
            });
          continue;
        }
        results.push({
          applicationId: record.applicationId,
          applicant,
          decision: plan.decision,
          template: plan.template,
          subject: plan.subject,
          to: plan.recipients.to,
          cc: plan.recipients.cc,
          attachments: plan.invitation ? [plan.invitation.fileName] : [],
          rollover: plan.rollover,
          resultSent: record.resultSent ?? null,
          action: actionOf(record, plan, release),
        });
      }
      return jsonResponse(200, {
        cohort: cohortId,
        zone,
        scheduledAt: scheduledRelease(cohort, zone)?.toISOString() ?? null,
        release: release ?? null,
        results,
        notSent,
        undecided,
      });
    },

    /**
     * POST /facilitator/applications/{applicationId}/send-result: after release, sends a
     * result never sent (decided after release), or a correction when the decision changed
     * since the result went out; otherwise 409 and nothing is sent. Before release: 409,
     * nothing is ever sent before release.
     */
    async sendResult(event: APIGatewayProxyEventV2, facilitator: Facilitator): Promise<HttpResponse> {
      const path = parsePath(event, applicationPathSchema);
      if (!path.ok) return path.response;
      const read = await deps.applications.get(path.value.applicationId);
      if (!read) return errorResponse(404, 'NotFound', `No application ${path.value.applicationId}.`);
      const cohort = getCohort(read.cohort);
      const release = await deps.releases.get(read.cohort, read.zone);
      if (!release) {
        return errorResponse(
          409,
          'NotReleased',
          `The ${zoneTitle(read.zone)} results are not released yet; the current decision goes out with the release.`,
          {
            scheduledAt: scheduledRelease(cohort, read.zone)?.toISOString() ?? null,
          },
        );
      }
      // What the applicant was last told, should an earlier send have stopped before recording it.
      const record = await withSentResultsRecorded(read, deps, facilitator.id);
      const plan = planResult(record, cohort);
      if (!plan.send) {
        return errorResponse(409, plan.reason === 'undecided' ? 'NotDecided' : 'NothingToSend', plan.message);
      }
      try {
        if (!record.resultSent) {
          const outcome = await sendFirstResult(record, cohort, deps, facilitator.id);
          return jsonResponse(200, {
            applicationId: record.applicationId,
            sent: 'result',
            outcome,
            decision: plan.decision,
          });
        }
        if (record.resultSent.decision === record.status) {
          return errorResponse(
            409,
            'NothingToSend',
            `The result sent on ${formatDateTime(new Date(record.resultSent.sentAt), cohort.timeZone)} already ` +
              `says ${record.status.replace('_', ' ')}.`,
            {
              resultSent: record.resultSent,
            },
          );
        }
        const corrected = await sendCorrection(
          { ...record, resultSent: record.resultSent },
          cohort,
          deps,
          facilitator.id,
        );
        return jsonResponse(200, {
          applicationId: record.applicationId,
          sent: 'correction',
          outcome: corrected.outcome,
          correction: corrected.correction,
          decision: corrected.plan.decision,
          subject: correctionSubject(corrected.plan),
        });
      } catch (error) {
        if (!(error instanceof NotificationInProgressError)) throw error;
        return errorResponse(
          409,
          'InProgress',
          'This result is being sent right now; read the application again in a minute.',
        );
      }
    },
  };
}
