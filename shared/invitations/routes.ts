import { createHash } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { endedWith, type ScheduledMeeting } from '../domain/cohort/calendar.ts';
import type { CohortId } from '../domain/cohort/cohort-id.ts';
import { getCohort, knownCohortIdSchema } from '../domain/cohort/registry.ts';
import { InviteesImported } from '../events/invitees-imported.ts';
import { keys } from '../platform/dynamodb/keys.ts';
import { decodePageToken, encodePageToken, TABLE_KEY_ATTRIBUTES } from '../platform/dynamodb/page-token.ts';
import type { EventPublisher } from '../platform/events/publish.ts';
import type { Facilitator } from '../platform/http/facilitator-auth.ts';
import { parseQuery } from '../platform/http/parameters.ts';
import { header } from '../platform/http/request.ts';
import { errorResponse, type HttpResponse, jsonResponse } from '../platform/http/response.ts';
import { logger } from '../platform/logger.ts';
import * as z from '../platform/schemas/zod.ts';
import { type ClosedWindowRows, closedOnList, rowsInvitedOnlyToClosedWindows } from './closed-windows.ts';
import { type InviteeRow, MAX_LISTED_ERRORS, parseInviteeCsv } from './csv.ts';
import { type Invitee, invitationsDueAt, inviteeApplicantKey, sameDetails } from './model.ts';
import { type InviteeChange, type InviteeRepository, InviteeWriteFailedError } from './repository.ts';

/** The largest CSV body accepted: about 6,000 rows of contact details. */
export const MAX_CSV_BYTES = 1024 * 1024;

export interface InviteeRouteDependencies {
  readonly invitees: InviteeRepository;
  readonly publisher: EventPublisher;
  readonly now: () => Date;
}

const importQuerySchema = z.strictObject({ cohort: knownCohortIdSchema });
const listQuerySchema = z.strictObject({
  cohort: knownCohortIdSchema,
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(500)), 100),
  nextToken: z.optional(z.string().check(z.maxLength(2000))),
});

/** Page tokens of the invitee list: the Query's LastEvaluatedKey, only ever inside the cohort's partition. */
function decodeToken(token: string, cohort: CohortId): Record<string, string> | undefined {
  const key = decodePageToken(token, TABLE_KEY_ATTRIBUTES);
  return key && key.pk === keys.inviteesOf(cohort) && key.sk?.startsWith('INVITEE#') ? key : undefined;
}

type CsvBody = { ok: true; text: string; digest: string } | { ok: false; response: HttpResponse };

/** The CSV body: text/csv (415), at most MAX_CSV_BYTES (413), UTF-8 (400). */
function readCsvBody(event: APIGatewayProxyEventV2): CsvBody {
  const mediaType = header(event, 'content-type')?.split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'text/csv') {
    return { ok: false, response: errorResponse(415, 'UnsupportedMediaType', 'Send the invitee file as text/csv.') };
  }
  const raw =
    event.body === undefined ? Buffer.alloc(0) : Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
  if (raw.byteLength > MAX_CSV_BYTES) {
    return {
      ok: false,
      response: errorResponse(
        413,
        'PayloadTooLarge',
        `The file must be at most ${MAX_CSV_BYTES} bytes; split it into several imports.`,
        { maxBytes: MAX_CSV_BYTES },
      ),
    };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    return {
      ok: false,
      response: errorResponse(400, 'ValidationError', 'The file is not UTF-8 text.', {
        errors: [{ field: 'body', message: 'must be UTF-8 text (save the CSV as UTF-8)' }],
      }),
    };
  }
  return { ok: true, text, digest: createHash('sha256').update(raw).digest('hex').slice(0, 16) };
}

function view(invitee: Invitee) {
  return {
    inviteeId: invitee.inviteeId,
    kind: invitee.kind,
    organization: invitee.organization,
    countyDistrictCode: invitee.countyDistrictCode ?? null,
    contactName: invitee.contactName,
    contactEmail: invitee.contactEmail,
    zoneInterest: invitee.zoneInterest,
    importedAt: invitee.importedAt,
    updatedAt: invitee.updatedAt,
  };
}

/** Facilitators import the campaign's invitees from CSV, and list them. */
export function inviteeRoutes(deps: InviteeRouteDependencies) {
  return {
    /**
     * POST /facilitator/invitees?cohort=2026-2027 with a text/csv body (columns in
     * shared/invitations/csv.ts). Every row is checked before anything is written: 400 with
     * every row's problems and nothing stored, or 200 with the counts. Invitees are upserted
     * by (cohort, invitee id): a new one is created, a changed one updated, an identical one
     * left alone, so importing the same file again changes nothing. After the invitation
     * date, the import also starts the invitation of those never invited, unless a row's zones
     * have all closed: 409 WindowsClosed and nothing stored or sent. Once the cohort's last monthly session
     * is over, every file is refused: 409 CohortEnded. A failed write is
     * undone (503, nothing imported); if the undo fails too, 500 (re-sending the file repairs it).
     */
    async importCsv(event: APIGatewayProxyEventV2, facilitator: Facilitator): Promise<HttpResponse> {
      const query = parseQuery(event, importQuerySchema);
      if (!query.ok) return query.response;
      // A cohort whose last monthly session is over invites no one: an import would invite at once to apply to
      // a cohort with nothing left to take part in (years on, a CNZ window without a due date would still be
      // open to partners). Refused whatever the file holds, before its rows are read: the one step is to import
      // it into a cohort still running.
      const ended = endedWith(getCohort(query.value.cohort), deps.now());
      if (ended) return cohortEndedResponse(query.value.cohort, ended);
      const body = readCsvBody(event);
      if (!body.ok) return body.response;
      const parsed = parseInviteeCsv(body.text);
      if (!parsed.ok) {
        const listed =
          parsed.errors.length < parsed.errorCount ? ` (the first ${parsed.errors.length} are listed)` : '';
        return errorResponse(
          400,
          'ValidationError',
          `The file has ${parsed.errorCount} problem${parsed.errorCount === 1 ? '' : 's'}${listed}; nothing ` +
            'was imported.',
          {
            errorCount: parsed.errorCount,
            errors: parsed.errors,
          },
        );
      }

      const cohortId = query.value.cohort;
      const cohort = getCohort(cohortId);
      const now = deps.now();
      const at = now.toISOString();
      const dueAt = invitationsDueAt(cohort);
      const invitationsSent = dueAt !== undefined && now >= dueAt;
      // Past the invitation date an import invites at once, so a row whose every zone has closed would be
      // invited to apply where applications are refused. The whole file is refused (nothing stored, nothing
      // sent) rather than imported without those rows: a partial import would leave the facilitator to work
      // out which invitees were kept. Before the invitation date nothing is sent yet, and nothing is refused.
      const closed = invitationsSent ? rowsInvitedOnlyToClosedWindows(cohort, parsed.rows, now) : undefined;
      if (closed) return closedWindowsResponse(cohortId, closed);
      const existing = new Map((await deps.invitees.all(cohortId)).map((invitee) => [invitee.inviteeId, invitee]));
      const changes: InviteeChange[] = [];
      let created = 0;
      let updated = 0;
      for (const row of parsed.rows) {
        const before = existing.get(row.inviteeId);
        if (before && sameDetails(before, row)) continue;
        if (before) updated += 1;
        else created += 1;
        changes.push({ invitee: toInvitee(cohortId, row, before, facilitator.id, at), before });
      }
      try {
        await deps.invitees.putAll(changes.map((change) => change.invitee));
      } catch (error) {
        if (!(error instanceof InviteeWriteFailedError)) throw error;
        return undoImport(deps.invitees, changes.slice(0, error.attempted), {
          cohort: cohortId,
          importId: body.digest,
          error,
        });
      }
      const counts = { rows: parsed.rows.length, created, updated, unchanged: parsed.rows.length - changes.length };
      if (changes.length > 0) {
        await deps.invitees.recordImport({
          cohort: cohortId,
          importId: body.digest,
          importedAt: at,
          importedBy: facilitator.id,
          ...counts,
        });
      }

      if (invitationsSent) {
        // Past the invitation date: the campaign runs again; its ledger sends only to invitees never invited.
        await deps.publisher.publish(
          InviteesImported,
          { cohort: cohortId, importId: body.digest, importedAt: at, rows: counts.rows },
          now,
        );
      }
      logger.info('Invitees imported', {
        cohort: cohortId,
        importId: body.digest,
        ...counts,
        blankRows: parsed.blankRows,
        invitationsSent,
      });
      return jsonResponse(200, {
        cohort: cohortId,
        importId: body.digest,
        ...counts,
        blankRows: parsed.blankRows,
        invitations: {
          dueAt: dueAt?.toISOString() ?? null,
          // scheduled: they go out at dueAt; sending: the date has passed, new invitees are invited now.
          status: invitationsSent ? 'sending' : 'scheduled',
        },
      });
    },

    /** GET /facilitator/invitees?cohort&limit&nextToken: the cohort's invitees by id, a page at a time. */
    async list(event: APIGatewayProxyEventV2): Promise<HttpResponse> {
      const query = parseQuery(event, listQuerySchema);
      if (!query.ok) return query.response;
      const { cohort, limit, nextToken } = query.value;
      const startKey = nextToken === undefined ? undefined : decodeToken(nextToken, cohort);
      if (nextToken !== undefined && !startKey) {
        return errorResponse(400, 'ValidationError', 'The request is invalid: see errors for each field.', {
          errors: [{ field: 'query.nextToken', message: 'is not a page token of this list' }],
        });
      }
      const page = await deps.invitees.page(cohort, { limit, ...(startKey ? { startKey } : {}) });
      return jsonResponse(200, {
        cohort,
        items: page.items.map(view),
        nextToken: encodePageToken(page.nextKey) ?? null,
      });
    },
  };
}

/** 409 CohortEnded: the cohort's last monthly session is over; nothing is stored or sent, whatever the file. */
function cohortEndedResponse(cohort: CohortId, lastSession: ScheduledMeeting): HttpResponse {
  logger.info('Invitee import refused: cohort ended', { cohort, endedOn: lastSession.date });
  return errorResponse(
    409,
    'CohortEnded',
    `The ${cohort} cohort has ended (its last monthly session was on ${lastSession.date}), so no one is invited ` +
      'to it and nothing was imported. Import the file into a cohort still running.',
    { cohort, endedOn: lastSession.date },
  );
}

/**
 * 409 WindowsClosed: the file names invitees whose zones have all closed. The message names the
 * cohort and each closed zone's due date; `rows` lists the rows (at most MAX_LISTED_ERRORS).
 */
function closedWindowsResponse(cohort: CohortId, closed: ClosedWindowRows): HttpResponse {
  const count = closed.rows.length;
  logger.info('Invitee import refused: windows closed', {
    cohort,
    zones: closed.zones.map(({ zone }) => zone),
    rowCount: count,
  });
  return errorResponse(
    409,
    'WindowsClosed',
    `Applications to ${cohort} closed on ${closedOnList(closed.zones)}: ${count} row${count === 1 ? '' : 's'} of ` +
      `the file (see rows) would be invited only to closed windows, so nothing was imported. Import ` +
      `${count === 1 ? 'it' : 'them'} into the next cohort.`,
    {
      cohort,
      closedZones: closed.zones,
      rowCount: count,
      rows: closed.rows.slice(0, MAX_LISTED_ERRORS),
    },
  );
}

/**
 * A batch of the import failed: undo what it may have written (the invitees of every batch
 * sent, the failed one included), so nothing is half-imported and no stored invitee misses the
 * InviteesImported event. 503 when undone; 500 when the undo failed too (the import may be
 * partial; sending the same file again completes it, since imports are idempotent upserts).
 */
async function undoImport(
  invitees: InviteeRepository,
  attempted: readonly InviteeChange[],
  context: { cohort: CohortId; importId: string; error: InviteeWriteFailedError },
): Promise<HttpResponse> {
  const { cohort, importId, error } = context;
  try {
    await invitees.undo(attempted);
  } catch (undoError) {
    logger.error('Invitee import failed and could not be undone: it may be partial', {
      cohort,
      importId,
      attempted: attempted.length,
      error,
      undoError: undoError as Error,
    });
    return errorResponse(
      500,
      'ImportPartial',
      'The import failed and could not be undone: some invitees may have been imported. Send the same file ' +
        'again to complete the import.',
      { cohort, importId },
    );
  }
  logger.warn('Invitee import failed and was undone', { cohort, importId, undone: attempted.length, error });
  return errorResponse(
    503,
    'ImportFailed',
    'The import could not be written, so nothing was imported. Send the same file again.',
    { cohort, importId },
  );
}

function toInvitee(cohort: CohortId, row: InviteeRow, before: Invitee | undefined, by: string, at: string): Invitee {
  const { row: _row, inviteeId, ...details } = row;
  return {
    cohort,
    inviteeId,
    applicantKey: inviteeApplicantKey(details),
    ...details,
    importedAt: before?.importedAt ?? at,
    importedBy: before?.importedBy ?? by,
    updatedAt: at,
    updatedBy: by,
  };
}
