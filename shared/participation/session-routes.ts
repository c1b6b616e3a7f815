import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { monthlySessions, type ScheduledMeeting } from '../domain/cohort/calendar.ts';
import type { CohortId } from '../domain/cohort/cohort-id.ts';
import type { CohortDefinition } from '../domain/cohort/definition.ts';
import { getCohort } from '../domain/cohort/registry.ts';
import { SessionChanged } from '../events/session-changed.ts';
import { SessionMaterialsPosted } from '../events/session-materials-posted.ts';
import type { EventPublisher } from '../platform/events/publish.ts';
import type { Facilitator } from '../platform/http/facilitator-auth.ts';
import { parseBody, parsePath, parseQuery } from '../platform/http/parameters.ts';
import { errorResponse, type HttpResponse, jsonResponse, validationErrorResponse } from '../platform/http/response.ts';
import type { LocalDate, LocalTime } from '../platform/time/local-date.ts';
import { formatDateTime, formatTimeRange, zonedInstant } from '../platform/time/zoned.ts';
import type { SessionChange, SessionMaterials, SessionOverride, SessionStatus } from './model.ts';
import {
  materialsSchema,
  sessionCancelSchema,
  sessionListQuerySchema,
  sessionMoveSchema,
  sessionPathSchema,
} from './schemas.ts';
import { SessionConflictError, type SessionRepository } from './session-repository.ts';
import { type EffectiveSession, effectiveSession, isAsScheduled, scheduledSession } from './sessions.ts';

export interface SessionRouteDependencies {
  readonly sessions: SessionRepository;
  readonly publisher: EventPublisher;
  readonly now: () => Date;
}

/** How far ahead a session may be moved. */
const MAX_DAYS_AHEAD = 366;

/**
 * The changes a session keeps, newest last: every move or cancellation adds one, and the item
 * must stay under DynamoDB's 400 KB limit (a 500 beyond it). Mailings read only the newest.
 */
export const MAX_KEPT_CHANGES = 20;

/**
 * The material revisions a session keeps, newest last: every post of other links adds one, two
 * 2,000-character links weigh about 4 KB, and the item must stay under DynamoDB's 400 KB limit.
 */
export const MAX_KEPT_REVISIONS = 20;

function sessionView(
  cohort: CohortDefinition,
  session: EffectiveSession,
  override: SessionOverride | undefined,
  materials: SessionMaterials | undefined,
) {
  const zone = cohort.timeZone;
  return {
    sessionId: session.scheduled.id,
    sessionDate: session.scheduled.date,
    title: session.meeting.title,
    status: session.status,
    sequence: session.sequence,
    scheduled: {
      start: session.scheduled.start.toISOString(),
      end: session.scheduled.end.toISOString(),
      central: formatTimeRange(session.scheduled.start, session.scheduled.end, zone),
    },
    current: {
      date: session.date,
      start: session.meeting.start.toISOString(),
      end: session.meeting.end.toISOString(),
      central: formatTimeRange(session.meeting.start, session.meeting.end, zone),
    },
    location: session.meeting.location,
    changes: override?.changes ?? [],
    materials: materials
      ? {
          revision: materials.revision,
          videoUrl: materials.videoUrl,
          slidesUrl: materials.slidesUrl,
          postedBy: materials.postedBy,
          postedAt: materials.postedAt,
          revisions: materials.revisions,
        }
      : null,
  };
}

function noSuchSession(cohort: CohortDefinition, sessionDate: string): HttpResponse {
  return errorResponse(404, 'NoSuchSession', `The ${cohort.name} has no monthly session scheduled on ${sessionDate}.`, {
    sessionDates: monthlySessions(cohort).map((session) => session.date),
  });
}

function alreadyStarted(cohort: CohortDefinition, session: EffectiveSession): HttpResponse {
  return errorResponse(
    409,
    'SessionAlreadyStarted',
    `This session started on ${formatDateTime(session.meeting.start, cohort.timeZone)}; a session that has ` +
      'started cannot be moved or cancelled.',
    {
      start: session.meeting.start.toISOString(),
    },
  );
}

/**
 * Facilitators move or cancel a monthly session, and post its video and slides. A change is
 * stored as the session's next SEQUENCE (one conditional write), then announced with one
 * event whose consumer emails every roster member; repeating a request changes nothing and
 * completes an announcement a failed attempt left undone.
 */
export function sessionRoutes(deps: SessionRouteDependencies) {
  async function load(
    cohortId: CohortId,
    sessionDate: string,
  ): Promise<
    | {
        ok: true;
        cohort: CohortDefinition;
        scheduled: ScheduledMeeting;
        override: SessionOverride | undefined;
        session: EffectiveSession;
      }
    | { ok: false; response: HttpResponse }
  > {
    const cohort = getCohort(cohortId);
    const scheduled = scheduledSession(cohort, sessionDate);
    if (!scheduled) return { ok: false, response: noSuchSession(cohort, sessionDate) };
    const override = await deps.sessions.getOverride(cohortId, sessionDate);
    return { ok: true, cohort, scheduled, override, session: effectiveSession(cohort, scheduled, override) };
  }

  async function announce(override: SessionOverride): Promise<void> {
    await deps.publisher.publish(
      SessionChanged,
      {
        cohort: override.cohort,
        sessionId: override.sessionId,
        sessionDate: override.sessionDate,
        sequence: override.sequence,
        change: override.status === 'cancelled' ? 'cancelled' : 'moved',
        changedAt: override.changes.at(-1)?.at ?? deps.now().toISOString(),
      },
      deps.now(),
    );
    await deps.sessions.markOverrideAnnounced(override.cohort, override.sessionDate, override.sequence);
  }

  /** Stores the next change, announces it, answers with the session; 409 when another change landed first. */
  async function change(
    loaded: { cohort: CohortDefinition; scheduled: ScheduledMeeting; override: SessionOverride | undefined },
    next: { status: SessionStatus; date: LocalDate; start: LocalTime; end: LocalTime; note: string | undefined },
    facilitator: Facilitator,
  ): Promise<HttpResponse> {
    const { cohort, scheduled, override } = loaded;
    const sequence = (override?.sequence ?? 0) + 1;
    const at = deps.now().toISOString();
    const entry: SessionChange = {
      sequence,
      status: next.status,
      date: next.date,
      start: next.start,
      end: next.end,
      by: facilitator.id,
      at,
      ...(next.note ? { note: next.note } : {}),
    };
    const stored: SessionOverride = {
      cohort: cohort.id,
      sessionDate: scheduled.date,
      sessionId: scheduled.id,
      sequence,
      status: next.status,
      date: next.date,
      start: next.start,
      end: next.end,
      changes: [...(override?.changes ?? []), entry].slice(-MAX_KEPT_CHANGES),
      announcedSequence: override?.announcedSequence ?? 0,
    };
    try {
      await deps.sessions.saveOverride(stored, override?.sequence ?? 0);
    } catch (error) {
      if (!(error instanceof SessionConflictError)) throw error;
      return errorResponse(
        409,
        'SessionConflict',
        'Another facilitator changed this session at the same moment; read it again and retry.',
      );
    }
    await announce(stored);
    const materials = await deps.sessions.getMaterials(stored.cohort, scheduled.date);
    return jsonResponse(200, {
      ...sessionView(cohort, effectiveSession(cohort, scheduled, stored), stored, materials),
      changed: true,
    });
  }

  /** The same request again: nothing changes, and an announcement left undone is made now. */
  async function unchanged(loaded: {
    cohort: CohortDefinition;
    override: SessionOverride | undefined;
    session: EffectiveSession;
  }): Promise<HttpResponse> {
    if (loaded.override && loaded.override.announcedSequence < loaded.override.sequence)
      await announce(loaded.override);
    const materials = await deps.sessions.getMaterials(loaded.cohort.id, loaded.session.scheduled.date);
    return jsonResponse(200, {
      ...sessionView(loaded.cohort, loaded.session, loaded.override, materials),
      changed: false,
    });
  }

  return {
    /** GET /facilitator/sessions?cohort: every monthly session as it stands, with its changes and materials. */
    async list(event: APIGatewayProxyEventV2): Promise<HttpResponse> {
      const query = parseQuery(event, sessionListQuerySchema);
      if (!query.ok) return query.response;
      const cohort = getCohort(query.value.cohort);
      const { overrides, materials } = await deps.sessions.listCohort(query.value.cohort);
      const items = monthlySessions(cohort).map((scheduled) => {
        const override = overrides.get(scheduled.date);
        return sessionView(
          cohort,
          effectiveSession(cohort, scheduled, override),
          override,
          materials.get(scheduled.date),
        );
      });
      return jsonResponse(200, { cohort: cohort.id, timeZone: cohort.timeZone, items });
    },

    /**
     * PUT /facilitator/sessions/{sessionDate} {cohort, date?, start, end, note?}: moves the
     * session (or reinstates a cancelled one) to a date and times in Central time.
     */
    async move(event: APIGatewayProxyEventV2, facilitator: Facilitator): Promise<HttpResponse> {
      const path = parsePath(event, sessionPathSchema);
      if (!path.ok) return path.response;
      const body = parseBody(event, sessionMoveSchema);
      if (!body.ok) return body.response;
      const loaded = await load(body.value.cohort, path.value.sessionDate);
      if (!loaded.ok) return loaded.response;
      const { cohort, session, scheduled } = loaded;
      const now = deps.now();
      if (session.meeting.start <= now) return alreadyStarted(cohort, session);

      const date = body.value.date ?? session.date;
      const { start, end } = body.value;
      const startsAt = zonedInstant(date, start, cohort.timeZone);
      if (end <= start) return validationErrorResponse([{ field: 'end', message: 'must be after start' }]);
      if (startsAt <= now) {
        return validationErrorResponse([
          {
            field: body.value.date ? 'date' : 'start',
            message: `must place the session in the future (now is ${formatDateTime(now, cohort.timeZone)})`,
          },
        ]);
      }
      if (startsAt.getTime() - now.getTime() > MAX_DAYS_AHEAD * 86_400_000) {
        return validationErrorResponse([{ field: 'date', message: `must be within ${MAX_DAYS_AHEAD} days` }]);
      }
      if (session.status !== 'cancelled' && date === session.date && start === session.start && end === session.end)
        return unchanged(loaded);
      const status: SessionStatus = isAsScheduled(cohort, scheduled, date, start, end) ? 'scheduled' : 'moved';
      return change(loaded, { status, date, start, end, note: body.value.note }, facilitator);
    },

    /** POST /facilitator/sessions/{sessionDate}/cancel {cohort, note?} */
    async cancel(event: APIGatewayProxyEventV2, facilitator: Facilitator): Promise<HttpResponse> {
      const path = parsePath(event, sessionPathSchema);
      if (!path.ok) return path.response;
      const body = parseBody(event, sessionCancelSchema);
      if (!body.ok) return body.response;
      const loaded = await load(body.value.cohort, path.value.sessionDate);
      if (!loaded.ok) return loaded.response;
      const { cohort, session } = loaded;
      if (session.status === 'cancelled') return unchanged(loaded);
      if (session.meeting.start <= deps.now()) return alreadyStarted(cohort, session);
      return change(
        loaded,
        { status: 'cancelled', date: session.date, start: session.start, end: session.end, note: body.value.note },
        facilitator,
      );
    },

    /**
     * POST /facilitator/sessions/{sessionDate}/materials {cohort, videoUrl, slidesUrl}: after the
     * session has started. 201 for the first post; the same links again: 200, nothing sent;
     * other links: the next revision (200), emailed as updated materials.
     */
    async postMaterials(event: APIGatewayProxyEventV2, facilitator: Facilitator): Promise<HttpResponse> {
      const path = parsePath(event, sessionPathSchema);
      if (!path.ok) return path.response;
      const body = parseBody(event, materialsSchema);
      if (!body.ok) return body.response;
      const loaded = await load(body.value.cohort, path.value.sessionDate);
      if (!loaded.ok) return loaded.response;
      const { cohort, session, scheduled, override } = loaded;
      if (session.status === 'cancelled')
        return errorResponse(409, 'SessionCancelled', 'This session is cancelled: it has no materials.');
      if (session.meeting.start > deps.now()) {
        return errorResponse(
          409,
          'SessionNotHeld',
          'Materials are posted after the session; it starts on ' +
            `${formatDateTime(session.meeting.start, cohort.timeZone)}.`,
          {
            start: session.meeting.start.toISOString(),
          },
        );
      }
      const cohortId = cohort.id;
      const current = await deps.sessions.getMaterials(cohortId, scheduled.date);
      const { videoUrl, slidesUrl } = body.value;
      const announceMaterials = async (materials: SessionMaterials) => {
        await deps.publisher.publish(
          SessionMaterialsPosted,
          {
            cohort: cohortId,
            sessionId: scheduled.id,
            sessionDate: scheduled.date,
            revision: materials.revision,
            postedAt: materials.postedAt,
          },
          deps.now(),
        );
        await deps.sessions.markMaterialsAnnounced(cohortId, scheduled.date, materials.revision);
      };
      if (current && current.videoUrl === videoUrl && current.slidesUrl === slidesUrl) {
        if (current.announcedRevision < current.revision) await announceMaterials(current);
        return jsonResponse(200, { ...sessionView(cohort, session, override, current), changed: false });
      }
      const revision = (current?.revision ?? 0) + 1;
      const postedAt = deps.now().toISOString();
      const materials: SessionMaterials = {
        cohort: cohortId,
        sessionDate: scheduled.date,
        sessionId: scheduled.id,
        revision,
        videoUrl,
        slidesUrl,
        postedBy: facilitator.id,
        postedAt,
        announcedRevision: current?.announcedRevision ?? 0,
        revisions: [
          ...(current?.revisions ?? []),
          { revision, videoUrl, slidesUrl, postedBy: facilitator.id, postedAt },
        ].slice(-MAX_KEPT_REVISIONS),
      };
      try {
        await deps.sessions.saveMaterials(materials, current?.revision ?? 0);
      } catch (error) {
        if (!(error instanceof SessionConflictError)) throw error;
        return errorResponse(
          409,
          'SessionConflict',
          'Another facilitator posted materials for this session at the same moment; read it again and retry.',
        );
      }
      await announceMaterials(materials);
      return jsonResponse(revision === 1 ? 201 : 200, {
        ...sessionView(cohort, session, override, materials),
        changed: true,
      });
    },
  };
}
