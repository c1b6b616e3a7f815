import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { endedWith, monthlySessions } from '../domain/cohort/calendar.ts';
import { CohortCopyError, carriedOver, copyCohortForward } from '../domain/cohort/copy-forward.ts';
import { datesNotPast } from '../domain/cohort/dates-not-past.ts';
import { type CohortDefinition, cohortDefinitionSchema } from '../domain/cohort/definition.ts';
import { forgetDraft, rememberCohort } from '../domain/cohort/registry.ts';
import { CohortChanged } from '../events/cohort-changed.ts';
import type { EventPublisher } from '../platform/events/publish.ts';
import type { Facilitator } from '../platform/http/facilitator-auth.ts';
import { parseBody, parsePath, parseQuery } from '../platform/http/parameters.ts';
import { readJsonObjectBody } from '../platform/http/request.ts';
import { errorResponse, type HttpResponse, jsonResponse, validationErrorResponse } from '../platform/http/response.ts';
import { type FieldError, requiredFieldMessages, toFieldErrors } from '../platform/schemas/validation-errors.ts';
import {
  type CohortChangeRecord,
  type CohortRepository,
  CohortWriteConflict,
  type StoredCohort,
} from './cohort-repository.ts';
import { refusedPaths, reviewScheduledChange } from './scheduled-changes.ts';
import {
  changeBodySchema,
  cohortPathSchema,
  copyBodySchema,
  versionBodySchema,
  versionQuerySchema,
} from './schemas.ts';
import { setPaths } from './set-paths.ts';

export interface CohortWriteDependencies {
  readonly repository: CohortRepository;
  readonly publisher: EventPublisher;
  readonly now: () => Date;
}

/** A whole definition with its texts; far above any real cohort's ~20 KB. */
const MAX_DEFINITION_BYTES = 256 * 1024;

type Outcome<T> = { ok: true; value: T } | { ok: false; response: HttpResponse };

const exists = (id: string) => errorResponse(409, 'CohortExists', `A cohort ${id} exists already.`);
const notFound = (id: string) => errorResponse(404, 'NotFound', `No cohort ${id}.`);
const versionConflict = (stored: StoredCohort) =>
  errorResponse(
    409,
    'VersionConflict',
    `Cohort ${stored.id} is at version ${stored.version} now: read it again and make the change on that version.`,
    { version: stored.version },
  );

const changeRefused = (id: string, errors: readonly FieldError[]) =>
  errorResponse(
    409,
    'ChangeRefused',
    `Cohort ${id} is scheduled: only what lies ahead may change, and nothing that already happened. ` +
      'Nothing was changed.',
    { errors },
  );

/** A definition to be stored: valid field by field, and (new or in a draft) no date already past. */
function validDefinition(input: unknown, now: Date): Outcome<CohortDefinition> {
  const parsed = cohortDefinitionSchema.safeParse(input, { error: requiredFieldMessages });
  if (!parsed.success) return { ok: false, response: validationErrorResponse(toFieldErrors(parsed.error)) };
  const past = datesNotPast(parsed.data, now);
  return past.length > 0 ? { ok: false, response: validationErrorResponse(past) } : { ok: true, value: parsed.data };
}

export function cohortWriteRoutes(deps: CohortWriteDependencies) {
  const { repository } = deps;

  async function storedOfPath(event: APIGatewayProxyEventV2): Promise<Outcome<StoredCohort>> {
    const path = parsePath(event, cohortPathSchema);
    if (!path.ok) return path;
    const stored = await repository.get(path.value.cohortId);
    return stored ? { ok: true, value: stored } : { ok: false, response: notFound(path.value.cohortId) };
  }

  /** Stores the next version; a scheduled or closed cohort's change is announced for the dispatcher to re-plan. */
  async function saveNext(
    stored: StoredCohort,
    next: Pick<StoredCohort, 'state' | 'definition'>,
    change: Omit<CohortChangeRecord, 'at' | 'action'> & { action: Exclude<CohortChangeRecord['action'], 'created'> },
    now: Date,
  ): Promise<Outcome<StoredCohort>> {
    const saved: StoredCohort = { ...stored, ...next, version: stored.version + 1, updatedAt: now.toISOString() };
    try {
      await repository.update(saved, stored.version, { ...change, at: saved.updatedAt });
    } catch (error) {
      if (!(error instanceof CohortWriteConflict)) throw error;
      const current = await repository.get(stored.id);
      return { ok: false, response: current ? versionConflict(current) : notFound(stored.id) };
    }
    if (saved.state === 'draft') rememberCohort({ id: saved.id, state: 'draft' });
    else {
      rememberCohort({ id: saved.id, state: saved.state, version: saved.version, definition: saved.definition });
      await deps.publisher.publish(
        CohortChanged,
        {
          cohort: saved.id,
          version: saved.version,
          state: saved.state,
          change: change.action,
          changedAt: saved.updatedAt,
        },
        now,
      );
    }
    return { ok: true, value: saved };
  }

  async function create(definition: CohortDefinition, actor: string, now: Date): Promise<Outcome<StoredCohort>> {
    const at = now.toISOString();
    const stored: StoredCohort = {
      id: definition.id,
      state: 'draft',
      version: 1,
      createdAt: at,
      updatedAt: at,
      definition,
    };
    try {
      await repository.create(stored, { at, actor, action: 'created', paths: [] });
    } catch (error) {
      if (error instanceof CohortWriteConflict) return { ok: false, response: exists(definition.id) };
      throw error;
    }
    rememberCohort({ id: stored.id, state: 'draft' });
    return { ok: true, value: stored };
  }

  /** The stored cohort a write names, at the version the caller read. */
  async function readForWrite(event: APIGatewayProxyEventV2, version: number): Promise<Outcome<StoredCohort>> {
    const stored = await storedOfPath(event);
    if (!stored.ok) return stored;
    return stored.value.version === version ? stored : { ok: false, response: versionConflict(stored.value) };
  }

  return {
    /** POST /facilitator/cohorts: a new cohort, as a draft, from a whole definition. */
    async create(event: APIGatewayProxyEventV2, facilitator: Facilitator): Promise<HttpResponse> {
      const body = readJsonObjectBody(event, MAX_DEFINITION_BYTES);
      if (!body.ok) return body.response;
      const now = deps.now();
      const definition = validDefinition(body.value, now);
      if (!definition.ok) return definition.response;
      const created = await create(definition.value, facilitator.id, now);
      return created.ok ? jsonResponse(201, created.value) : created.response;
    },

    /**
     * POST /facilitator/cohorts/{cohortId}/copies: the cohort one or more years on, every
     * computed date listed; stored as a draft only with save: true.
     */
    async copy(event: APIGatewayProxyEventV2, facilitator: Facilitator): Promise<HttpResponse> {
      const source = await storedOfPath(event);
      if (!source.ok) return source.response;
      const body = parseBody(event, copyBodySchema);
      if (!body.ok) return body.response;
      const { id, name, save } = body.value;
      let copy: ReturnType<typeof copyCohortForward>;
      try {
        copy = copyCohortForward(cohortDefinitionSchema.parse(source.value.definition), {
          id,
          ...(name ? { name } : {}),
        });
      } catch (error) {
        if (!(error instanceof CohortCopyError)) throw error;
        return validationErrorResponse([{ field: error.field, message: error.reason }]);
      }
      const now = deps.now();
      const definition = validDefinition(copy.definition, now);
      if (!definition.ok) return definition.response;
      if (await repository.get(id)) return exists(id);
      const review = {
        definition: definition.value,
        dates: copy.dates,
        sessions: monthlySessions(definition.value).map(({ date, start, end }) => ({ date, start, end })),
        shiftDays: copy.shiftDays,
        anchor: copy.anchor,
        carriedOver: carriedOver(definition.value),
      };
      if (!save) return jsonResponse(200, { saved: false, ...review });
      const created = await create(definition.value, facilitator.id, now);
      return created.ok ? jsonResponse(201, { saved: true, ...created.value, ...review }) : created.response;
    },

    /**
     * PATCH /facilitator/cohorts/{cohortId}: set some paths of the definition. A draft takes
     * any valid change; a scheduled cohort only what lies ahead (409 ChangeRefused says why).
     */
    async change(event: APIGatewayProxyEventV2, facilitator: Facilitator): Promise<HttpResponse> {
      const body = parseBody(event, changeBodySchema, MAX_DEFINITION_BYTES);
      if (!body.ok) return body.response;
      const stored = await readForWrite(event, body.value.version);
      if (!stored.ok) return stored.response;
      const before = cohortDefinitionSchema.parse(stored.value.definition);
      if (stored.value.state === 'closed')
        return errorResponse(409, 'CohortClosed', `Cohort ${before.id} is closed: it no longer changes.`);
      const applied = setPaths(before, body.value.set);
      if (!applied.ok) return validationErrorResponse(applied.errors);
      const now = deps.now();
      if (stored.value.state === 'scheduled') {
        const refused = refusedPaths(before, applied.value, Object.keys(body.value.set), now);
        if (refused.length > 0) return changeRefused(before.id, refused);
      }
      let after: CohortDefinition;
      let notes: string[] = [];
      if (stored.value.state === 'draft') {
        const valid = validDefinition(applied.value, now);
        if (!valid.ok) return valid.response;
        after = valid.value;
      } else {
        const parsed = cohortDefinitionSchema.safeParse(applied.value, { error: requiredFieldMessages });
        if (!parsed.success) return validationErrorResponse(toFieldErrors(parsed.error));
        after = parsed.data;
        const review = reviewScheduledChange(before, after, now);
        if (review.refusals.length > 0) return changeRefused(before.id, review.refusals);
        notes = review.notes;
      }
      if (JSON.stringify(after) === JSON.stringify(before))
        return jsonResponse(200, { ...stored.value, notes: ['Nothing changed: every path already held its value.'] });
      const paths = Object.keys(body.value.set);
      const saved = await saveNext(
        stored.value,
        { state: stored.value.state, definition: after },
        {
          actor: facilitator.id,
          action: 'changed',
          paths,
        },
        now,
      );
      return saved.ok ? jsonResponse(200, { ...saved.value, notes }) : saved.response;
    },

    /** POST /facilitator/cohorts/{cohortId}/schedule: a draft's milestones will fire. */
    async schedule(event: APIGatewayProxyEventV2, facilitator: Facilitator): Promise<HttpResponse> {
      const body = parseBody(event, versionBodySchema);
      if (!body.ok) return body.response;
      const stored = await readForWrite(event, body.value.version);
      if (!stored.ok) return stored.response;
      if (stored.value.state !== 'draft')
        return errorResponse(409, 'NotDraft', `Cohort ${stored.value.id} is ${stored.value.state} already.`);
      const now = deps.now();
      const definition = validDefinition(stored.value.definition, now);
      if (!definition.ok) return definition.response;
      const saved = await saveNext(
        stored.value,
        { state: 'scheduled', definition: definition.value },
        { actor: facilitator.id, action: 'scheduled', paths: [] },
        now,
      );
      return saved.ok ? jsonResponse(200, saved.value) : saved.response;
    },

    /** POST /facilitator/cohorts/{cohortId}/close: a cohort whose last session is over stops for good. */
    async close(event: APIGatewayProxyEventV2, facilitator: Facilitator): Promise<HttpResponse> {
      const body = parseBody(event, versionBodySchema);
      if (!body.ok) return body.response;
      const stored = await readForWrite(event, body.value.version);
      if (!stored.ok) return stored.response;
      if (stored.value.state !== 'scheduled')
        return errorResponse(
          409,
          'NotScheduled',
          `Cohort ${stored.value.id} is ${stored.value.state}: only a scheduled cohort closes.`,
        );
      const now = deps.now();
      const definition = cohortDefinitionSchema.parse(stored.value.definition);
      if (!endedWith(definition, now)) {
        const last = monthlySessions(definition).at(-1);
        return errorResponse(
          409,
          'CohortNotEnded',
          `Cohort ${definition.id} runs until its last monthly session${last ? ` on ${last.date}` : ''}: close it after that.`,
        );
      }
      const saved = await saveNext(
        stored.value,
        { state: 'closed', definition },
        { actor: facilitator.id, action: 'closed', paths: [] },
        now,
      );
      return saved.ok ? jsonResponse(200, saved.value) : saved.response;
    },

    /** DELETE /facilitator/cohorts/{cohortId}[?version=N]: a draft no one wants (it never sent anything). */
    async remove(event: APIGatewayProxyEventV2): Promise<HttpResponse> {
      const query = parseQuery(event, versionQuerySchema);
      if (!query.ok) return query.response;
      const stored =
        query.value.version === undefined ? await storedOfPath(event) : await readForWrite(event, query.value.version);
      if (!stored.ok) return stored.response;
      if (stored.value.state !== 'draft')
        return errorResponse(
          409,
          'NotDraft',
          `Cohort ${stored.value.id} is ${stored.value.state}: only a draft is deleted.`,
        );
      try {
        await repository.deleteDraft(stored.value.id, stored.value.version);
        forgetDraft(stored.value.id);
      } catch (error) {
        if (!(error instanceof CohortWriteConflict)) throw error;
        const current = await repository.get(stored.value.id);
        return current ? versionConflict(current) : notFound(stored.value.id);
      }
      return { statusCode: 204, headers: { 'cache-control': 'no-store' }, body: '' };
    },
  };
}
