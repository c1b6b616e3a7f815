import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { knownCohortIdSchema } from '../domain/cohort/registry.ts';
import type { Suppression, SuppressionList } from '../platform/email/suppression-list.ts';
import { parseQuery } from '../platform/http/parameters.ts';
import { type HttpResponse, jsonResponse } from '../platform/http/response.ts';
import * as z from '../platform/schemas/zod.ts';

/** GET /facilitator/undeliverable?cohort */
export const undeliverableQuerySchema = z.strictObject({
  cohort: knownCohortIdSchema,
});

export interface UndeliverableRouteDependencies {
  readonly suppressions: SuppressionList;
}

function view(suppression: Suppression, cohort: string) {
  return {
    address: suppression.address,
    reason: suppression.reason,
    at: suppression.at,
    recordedAt: suppression.recordedAt,
    messageId: suppression.source.messageId,
    notification: suppression.source.notification,
    bounceSubType: suppression.source.bounceSubType ?? null,
    complaintFeedbackType: suppression.source.complaintFeedbackType ?? null,
    diagnosticCode: suppression.source.diagnosticCode ?? null,
    tags: suppression.source.tags ?? {},
    applications: suppression.applications
      .filter((of) => of.cohort === cohort)
      .map((of) => ({
        applicationId: of.applicationId,
        zone: of.zone,
        organization: of.organization,
        roles: of.roles,
      })),
  };
}

/**
 * Belongs to an application of the cohort, or to none known and was not sent for another cohort (an invitation's
 * `cohort` tag).
 */
function belongsTo(suppression: Suppression, cohort: string): boolean {
  if (suppression.applications.length > 0) return suppression.applications.some((of) => of.cohort === cohort);
  const taggedCohort = suppression.source.tags?.cohort;
  return taggedCohort === undefined || taggedCohort === cohort;
}

/**
 * Facilitators list the addresses the app no longer mails: those that belong to an application
 * of the cohort, and those that belong to none known (e.g. an invitee, named by the message's
 * tags, or a facilitator), newest first.
 */
export function undeliverableRoutes(deps: UndeliverableRouteDependencies) {
  return {
    async list(event: APIGatewayProxyEventV2): Promise<HttpResponse> {
      const query = parseQuery(event, undeliverableQuerySchema);
      if (!query.ok) return query.response;
      const { cohort } = query.value;
      const items = (await deps.suppressions.list())
        .filter((suppression) => belongsTo(suppression, cohort))
        .map((suppression) => view(suppression, cohort));
      return jsonResponse(200, { cohort, count: items.length, items });
    },
  };
}
