import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { ApplicantLinks } from '../applicant-links/links.ts';
import type { ApplicationRecord, ApplicationRepository } from '../applications/repository.ts';
import { applicantDisplayName } from '../domain/applicant.ts';
import type { CohortDefinition } from '../domain/cohort/definition.ts';
import { getCohort } from '../domain/cohort/registry.ts';
import { zoneTitle } from '../domain/zones.ts';
import { RosterChanged } from '../events/roster-changed.ts';
import type { AuditTrail } from '../platform/dynamodb/audit-trail.ts';
import type { EventPublisher } from '../platform/events/publish.ts';
import { parseBody, parsePath, parseQuery } from '../platform/http/parameters.ts';
import { errorResponse, type HttpResponse, jsonResponse, validationErrorResponse } from '../platform/http/response.ts';
import type { FieldError } from '../platform/schemas/validation-errors.ts';
import type { Roster, RosterMember } from './model.ts';
import { listParticipants, type Participant, participantStatus, recipientsOf } from './participants.ts';
import { changesInWindow, nextChangeAllowedAt, tooManyRosterChanges } from './roster-change-limit.ts';
import { rosterPath } from './roster-link.ts';
import { RosterConflictError, type RosterRepository } from './roster-repository.ts';
import {
  MAX_ROSTER_BODY_BYTES,
  type RosterBody,
  rosterBodySchema,
  rosterListQuerySchema,
  rosterPathSchema,
  rosterQuerySchema,
} from './schemas.ts';

export interface RosterRouteDependencies {
  readonly applications: ApplicationRepository;
  readonly rosters: RosterRepository;
  readonly audit: AuditTrail;
  readonly publisher: EventPublisher;
  readonly links: ApplicantLinks;
  readonly now: () => Date;
}

/** Attempts at writing the next version when another change lands first. */
const SAVE_ATTEMPTS = 3;

/** The same answer for a wrong secret and an unknown application: nothing tells a stranger whether an id exists. */
function forbidden(): HttpResponse {
  return errorResponse(
    403,
    'Forbidden',
    'This link is not valid for this application. Use the link from your selection email.',
  );
}

function notParticipant(record: ApplicationRecord): HttpResponse {
  return errorResponse(
    409,
    'NotParticipant',
    `This ${zoneTitle(record.zone)} application is not a participant of the cohort: only a selected (or ` +
      'accepted) application whose result was sent names a roster.',
    { status: record.status },
  );
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/**
 * The roster a body names for this application, checked against the zone's fields and the
 * cohort's limits (rosterLimits); errors name the field.
 */
export function rosterMembersFrom(
  body: RosterBody,
  record: Pick<ApplicationRecord, 'zone'>,
  cohort: CohortDefinition,
): { ok: true; members: RosterMember[] } | { ok: false; errors: FieldError[] } {
  const limits = cohort.rosterLimits[record.zone];
  const zone = zoneTitle(record.zone);
  const errors: FieldError[] = [];
  const members: RosterMember[] = [];

  if (limits.leadFacilitators > 0) {
    const named = body.leadFacilitators;
    if (named === undefined) {
      errors.push({
        field: 'leadFacilitators',
        message: `is required: name 1 to ${plural(limits.leadFacilitators, 'lead facilitator')}`,
      });
    } else if (named.length === 0) {
      errors.push({ field: 'leadFacilitators', message: 'must name at least 1 lead facilitator' });
    } else if (named.length > limits.leadFacilitators) {
      errors.push({
        field: 'leadFacilitators',
        message:
          `must name at most ${plural(limits.leadFacilitators, 'lead facilitator')}: the ${zone} allows ` +
          `${limits.leadFacilitators} per participant, and ${named.length} were named`,
      });
    } else {
      const seen = new Set<string>();
      named.forEach((person, index) => {
        if (seen.has(person.email))
          errors.push({ field: `leadFacilitators.${index}.email`, message: 'names the same person twice' });
        seen.add(person.email);
        members.push({ role: 'lead-facilitator', ...person });
      });
    }
  } else if (body.leadFacilitators !== undefined) {
    errors.push({
      field: 'leadFacilitators',
      message:
        `is not used by the ${zone}: name ` +
        `${limits.representatives > 0 ? 'a representative and an alternate' : 'no one'}`,
    });
  }

  for (const role of ['representative', 'alternate'] as const) {
    const limit = role === 'representative' ? limits.representatives : limits.alternates;
    const person = body[role];
    if (limit > 0 && person === undefined)
      errors.push({ field: role, message: `is required: the ${zone} names one designated ${role}` });
    if (limit === 0 && person !== undefined)
      errors.push({ field: role, message: `is not used by the ${zone}: name lead facilitators` });
    if (limit > 0 && person !== undefined) members.push({ role, ...person });
  }
  if (
    body.representative &&
    body.alternate &&
    body.representative.email === body.alternate.email &&
    limits.representatives > 0 &&
    limits.alternates > 0
  ) {
    errors.push({ field: 'alternate.email', message: 'must differ from the representative' });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, members };
}

const memberKey = (member: RosterMember) => `${member.role}|${member.email}|${member.name}|${member.title}`;

/** Two rosters name the same people in the same roles (order does not matter). */
export function sameMembers(left: readonly RosterMember[], right: readonly RosterMember[]): boolean {
  const a = left.map(memberKey).sort();
  const b = right.map(memberKey).sort();
  return a.length === b.length && a.every((key, index) => key === b[index]);
}

/** Who was added and removed between two versions, by address. */
export function rosterDifference(
  previous: readonly RosterMember[],
  next: readonly RosterMember[],
): { added: string[]; removed: string[] } {
  const before = new Set(previous.map((member) => member.email));
  const after = new Set(next.map((member) => member.email));
  return {
    added: [...after].filter((email) => !before.has(email)),
    removed: [...before].filter((email) => !after.has(email)),
  };
}

/**
 * A participant names its roster through the link of its selection email (authorized by the
 * application's secret): SDZ and ILDZ up to the cohort's number of lead facilitators, CNZ one
 * representative and one alternate. Changes are allowed at any time, up to
 * ROSTER_CHANGES_PER_HOUR in an hour; each is a new version, confirmed by email (each copied
 * address at most once a day: roster-confirmation.ts). Facilitators list a cohort's rosters.
 */
export function rosterRoutes(deps: RosterRouteDependencies) {
  async function authorize(
    applicationId: string,
    secret: string,
  ): Promise<{ ok: true; record: ApplicationRecord } | { ok: false; response: HttpResponse }> {
    if (!(await deps.links.verify(applicationId, secret))) return { ok: false, response: forbidden() };
    const record = await deps.applications.get(applicationId);
    if (!record) return { ok: false, response: forbidden() };
    if (!(await participantStatus(deps.applications, record))) return { ok: false, response: notParticipant(record) };
    return { ok: true, record };
  }

  function changeWith(record: ApplicationRecord, cohort: CohortDefinition) {
    const limits = cohort.rosterLimits[record.zone];
    const person = { name: 'Full name', title: 'Title', email: 'name@example.org' };
    return {
      method: 'PUT',
      url: deps.links.url(rosterPath(record.applicationId)),
      contentType: 'application/json',
      body: {
        secret: 'the secret from your email',
        ...(limits.leadFacilitators > 0 ? { leadFacilitators: [person] } : {}),
        ...(limits.representatives > 0 ? { representative: person } : {}),
        ...(limits.alternates > 0 ? { alternate: person } : {}),
      },
    };
  }

  function view(record: ApplicationRecord, roster: Roster | undefined, extra: Record<string, unknown> = {}) {
    const cohort = getCohort(record.cohort);
    return {
      applicationId: record.applicationId,
      cohort: record.cohort,
      zone: record.zone,
      zoneName: zoneTitle(record.zone),
      applicant: applicantDisplayName(record.application),
      limits: cohort.rosterLimits[record.zone],
      version: roster?.version ?? null,
      updatedAt: roster?.updatedAt ?? null,
      members: roster?.members ?? [],
      /** Who gets the session reminders now (without a roster: the stand-ins). */
      receivesSessionEmails: recipientsOf({ record, roster }),
      changeWith: changeWith(record, cohort),
      ...extra,
    };
  }

  async function announce(roster: Roster): Promise<void> {
    await deps.publisher.publish(
      RosterChanged,
      {
        applicationId: roster.applicationId,
        cohort: roster.cohort,
        zone: roster.zone,
        version: roster.version,
        changedAt: roster.updatedAt,
      },
      deps.now(),
    );
    await deps.rosters.markAnnounced(roster.applicationId, roster.version);
  }

  return {
    /** GET /applications/{applicationId}/roster?secret= */
    async get(event: APIGatewayProxyEventV2): Promise<HttpResponse> {
      const path = parsePath(event, rosterPathSchema);
      if (!path.ok) return path.response;
      const query = parseQuery(event, rosterQuerySchema);
      if (!query.ok) return query.response;
      const auth = await authorize(path.value.applicationId, query.value.secret);
      if (!auth.ok) return auth.response;
      return jsonResponse(200, view(auth.record, await deps.rosters.get(auth.record.applicationId)));
    },

    /**
     * PUT /applications/{applicationId}/roster {secret, leadFacilitators | representative, alternate}:
     * the whole roster, replacing the one before. The same roster again changes nothing
     * (200, changed: false) and finishes whatever an interrupted attempt left undone.
     */
    async put(event: APIGatewayProxyEventV2): Promise<HttpResponse> {
      const path = parsePath(event, rosterPathSchema);
      if (!path.ok) return path.response;
      const body = parseBody(event, rosterBodySchema, MAX_ROSTER_BODY_BYTES);
      if (!body.ok) return body.response;
      const auth = await authorize(path.value.applicationId, body.value.secret);
      if (!auth.ok) return auth.response;
      const record = auth.record;
      const named = rosterMembersFrom(body.value, record, getCohort(record.cohort));
      if (!named.ok) return validationErrorResponse(named.errors);

      for (let attempt = 1; ; attempt += 1) {
        const current = await deps.rosters.get(record.applicationId);
        if (current && sameMembers(current.members, named.members)) {
          if (current.announcedVersion < current.version) await announce(current);
          return jsonResponse(200, view(record, current, { changed: false }));
        }
        const now = deps.now();
        // Checked on the version read, and the save is conditional on it: a change that lands
        // meanwhile makes this attempt read again and count again (roster-change-limit.ts).
        const recent = changesInWindow(current, now);
        const retryAt = nextChangeAllowedAt(recent);
        if (retryAt) return tooManyRosterChanges(retryAt, now, getCohort(record.cohort));
        const at = now.toISOString();
        const next: Roster = {
          applicationId: record.applicationId,
          cohort: record.cohort,
          zone: record.zone,
          version: (current?.version ?? 0) + 1,
          members: named.members,
          previousMembers: current?.members ?? [],
          updatedAt: at,
          announcedVersion: current?.announcedVersion ?? 0,
          recentChanges: [...recent, at],
        };
        try {
          await deps.rosters.save(next, current?.version);
        } catch (error) {
          if (!(error instanceof RosterConflictError)) throw error;
          if (attempt >= SAVE_ATTEMPTS)
            return errorResponse(
              409,
              'RosterConflict',
              'The roster was changed by another request at the same moment; read it again and resend.',
            );
          continue;
        }
        const difference = rosterDifference(next.previousMembers, next.members);
        await deps.audit.record(record.applicationId, {
          at,
          actor: 'applicant',
          action: next.version === 1 ? 'roster-named' : 'roster-changed',
          details: {
            version: next.version,
            members: next.members.map(({ role, name, email }) => ({ role, name, email })),
            ...difference,
          },
        });
        await announce(next);
        return jsonResponse(200, view(record, next, { changed: true }));
      }
    },

    /** GET /facilitator/rosters?cohort[&zone]: every participant, its roster, and who receives its session emails. */
    async list(event: APIGatewayProxyEventV2): Promise<HttpResponse> {
      const query = parseQuery(event, rosterListQuerySchema);
      if (!query.ok) return query.response;
      const { cohort, zone } = query.value;
      const participants = await listParticipants(deps, cohort, zone ? [zone] : undefined);
      const item = (participant: Participant) => ({
        applicationId: participant.record.applicationId,
        zone: participant.record.zone,
        applicant: applicantDisplayName(participant.record.application),
        roster: participant.roster
          ? {
              version: participant.roster.version,
              updatedAt: participant.roster.updatedAt,
              members: participant.roster.members,
            }
          : null,
        receivesSessionEmails: recipientsOf(participant),
      });
      return jsonResponse(200, {
        cohort,
        zone: zone ?? null,
        items: participants.map(item),
        withoutRoster: participants
          .filter((participant) => !participant.roster)
          .map((participant) => participant.record.applicationId),
      });
    },
  };
}
