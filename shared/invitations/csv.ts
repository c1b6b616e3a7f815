import { CsvError, parse } from 'csv-parse/sync';
import { applicantName } from '../applications/schemas.ts';
import { INVITEE_KINDS, ZONES_OF_KIND } from '../domain/invitees.ts';
import { ZONE_CODES, type ZoneCode } from '../domain/zones.ts';
import { emailAddress, singleLine } from '../platform/schemas/text.ts';
import * as z from '../platform/schemas/zod.ts';
import { type InviteeDetails, inviteeIdOf } from './model.ts';

/**
 * The invitee CSV file (RFC 4180: comma-separated, a header row, values with commas,
 * quotes or line breaks in double quotes, UTF-8 with or without a byte order mark).
 *
 * Columns, in any order (header names are case-insensitive; spaces and dashes count as "_"):
 *
 * - `kind` (required): `district` or `partner`
 * - `organization` (required): the district's or organization's name, one line, at most 200 characters, with a
 *   letter or digit
 * - `county_district_code` (required for districts): Missouri county-district code `NNN-NNN`; must be empty for a
 *   partner
 * - `contact_name` (required): one line, at most 120 characters
 * - `contact_email` (required): the address the invitation and reminders go to
 * - `zone_interest` (optional): zones separated by `;` (districts: SDZ, ILDZ; partners: CNZ); empty = all open to its
 *   kind
 *
 * Row numbers are the spreadsheet's: the header is row 1. Rows whose cells are all empty
 * are skipped.
 */
export const INVITEE_COLUMNS = [
  'kind',
  'organization',
  'county_district_code',
  'contact_name',
  'contact_email',
  'zone_interest',
] as const;
export type InviteeColumn = (typeof INVITEE_COLUMNS)[number];
const REQUIRED_COLUMNS: readonly InviteeColumn[] = ['kind', 'organization', 'contact_name', 'contact_email'];

/** At most this many data rows per import (Missouri has about 550 districts). */
export const MAX_INVITEE_ROWS = 5000;
/** At most this many errors are listed; `errorCount` still counts them all. */
export const MAX_LISTED_ERRORS = 1000;

/** One problem of the file: `row` and `column` when it is a cell's, `field` reads "row 7, contact_email". */
export interface CsvRowError {
  readonly row?: number;
  readonly column?: string;
  readonly field: string;
  readonly message: string;
}

/** A valid row: the invitee's details, its id, and the row it came from. */
export interface InviteeRow extends InviteeDetails {
  readonly row: number;
  readonly inviteeId: string;
}

export type CsvParseResult =
  | { ok: true; rows: InviteeRow[]; blankRows: number }
  | { ok: false; errors: CsvRowError[]; errorCount: number };

const kindSchema = z.enum(INVITEE_KINDS, { error: 'must be district or partner' });
const countyDistrictCode = z
  .string()
  .check(z.regex(/^\d{3}-\d{3}$/, 'must be a Missouri county-district code like 096-092'));

/** Each cell's own check; the checks between cells (code for districts only, zones by kind) follow. */
const cellSchemas: Readonly<Record<'kind' | 'organization' | 'contact_name' | 'contact_email', z.ZodMiniType>> = {
  kind: kindSchema,
  organization: applicantName,
  contact_name: singleLine(120),
  contact_email: emailAddress,
};

function firstMessage(schema: z.ZodMiniType, value: string): string | undefined {
  const result = schema.safeParse(value);
  return result.success ? undefined : (result.error.issues[0]?.message ?? 'is invalid');
}

/** Every problem of one row's cells, one message per cell; empty when the row is valid. */
function checkRow(cells: Readonly<Record<string, string>>): Array<{ column: InviteeColumn; message: string }> {
  const problems: Array<{ column: InviteeColumn; message: string }> = [];
  for (const [column, schema] of Object.entries(cellSchemas) as Array<[InviteeColumn, z.ZodMiniType]>) {
    const value = cells[column];
    const message = value === undefined ? 'is required' : firstMessage(schema, value);
    if (message) problems.push({ column, message });
  }
  const kind = kindSchema.safeParse(cells.kind).data;
  const code = cells.county_district_code;
  if (kind === 'district' && code === undefined)
    problems.push({ column: 'county_district_code', message: 'is required for a district' });
  else if (kind === 'partner' && code !== undefined)
    problems.push({ column: 'county_district_code', message: 'must be empty for a partner' });
  else if (code !== undefined) {
    const message = firstMessage(countyDistrictCode, code);
    if (message) problems.push({ column: 'county_district_code', message });
  }
  const interest = cells.zone_interest;
  if (interest !== undefined && kind !== undefined && zoneInterestOf(kind, interest) === undefined) {
    const open = ZONES_OF_KIND[kind];
    problems.push({
      column: 'zone_interest',
      message: `must name zones open to a ${kind}: ${open.join(', ')}${open.length > 1 ? ' (separated by ;)' : ''}`,
    });
  }
  return problems;
}

/** The zones named, in catalog order, or undefined if one is unknown or not open to the kind. */
function zoneInterestOf(kind: InviteeDetails['kind'], value: string): ZoneCode[] | undefined {
  const named = value
    .split(/[;,|\s]+/)
    .map((zone) => zone.trim().toUpperCase())
    .filter(Boolean);
  const open = ZONES_OF_KIND[kind];
  if (named.some((zone) => !open.includes(zone as ZoneCode))) return undefined;
  return ZONE_CODES.filter((zone) => named.includes(zone));
}

/** A cell of a row checkRow passed: a cell it requires is there (its absence is a bug, not a bad file). */
function checkedCell(cells: Readonly<Record<string, string>>, column: InviteeColumn): string {
  const value = cells[column];
  if (value === undefined) throw new Error(`A row passed checkRow without its ${column}`);
  return value;
}

/** The zone interest of a row checkRow passed, which named only zones open to its kind. */
function checkedZoneInterest(kind: InviteeDetails['kind'], value: string): ZoneCode[] {
  const zones = zoneInterestOf(kind, value);
  if (zones === undefined) throw new Error('A row passed checkRow with a zone interest not open to its kind');
  return zones;
}

function headerName(cell: string): string {
  return cell
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

const cellError = (row: number, column: string, message: string): CsvRowError => ({
  row,
  column,
  field: `row ${row}, ${column}`,
  message,
});
const rowError = (row: number, message: string): CsvRowError => ({ row, field: `row ${row}`, message });
const bodyError = (message: string): CsvRowError => ({ field: 'body', message });

const SYNTAX_MESSAGES: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted value is not closed',
  INVALID_OPENING_QUOTE: 'a quote appears inside an unquoted value (quote the whole value and double any quote in it)',
  CSV_INVALID_CLOSING_QUOTE: 'a closing quote is followed by more text (double any quote inside a quoted value)',
};

function failed(errors: CsvRowError[]): CsvParseResult {
  return { ok: false, errors: errors.slice(0, MAX_LISTED_ERRORS), errorCount: errors.length };
}

/**
 * Reads and validates the whole file: either every row is valid and unique, or the answer
 * lists every problem (by row and column) and nothing is to be written.
 */
export function parseInviteeCsv(text: string): CsvParseResult {
  let records: Array<{ record: string[]; info: { records: number } }>;
  try {
    records = parse(text, {
      bom: true,
      relax_column_count: true,
      info: true,
      record_delimiter: ['\r\n', '\n', '\r'],
    }) as unknown as typeof records;
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = (error as CsvError & { lines?: number }).lines;
    return failed([
      bodyError(`is not valid CSV${line ? ` at line ${line}` : ''}: ${SYNTAX_MESSAGES[error.code] ?? 'unreadable'}`),
    ]);
  }

  const [header, ...data] = records;
  if (!header || header.record.every((cell) => cell.trim() === '')) {
    return failed([bodyError(`must be a CSV file whose first row names the columns: ${INVITEE_COLUMNS.join(', ')}`)]);
  }

  const columns = header.record.map(headerName);
  const headerErrors: CsvRowError[] = [];
  columns.forEach((name, index) => {
    if (name === '') headerErrors.push(rowError(1, `column ${index + 1} has no name`));
    else if (!(INVITEE_COLUMNS as readonly string[]).includes(name))
      headerErrors.push(cellError(1, name, `is not a known column (the columns are ${INVITEE_COLUMNS.join(', ')})`));
    else if (columns.indexOf(name) !== index) headerErrors.push(cellError(1, name, 'is named twice'));
  });
  for (const required of REQUIRED_COLUMNS) {
    if (!columns.includes(required)) headerErrors.push(cellError(1, required, 'the column is missing'));
  }
  if (headerErrors.length > 0) return failed(headerErrors);

  const nonBlank = data.filter(({ record }) => record.some((cell) => cell.trim() !== ''));
  if (nonBlank.length === 0) return failed([bodyError('has no data rows below the header')]);
  if (nonBlank.length > MAX_INVITEE_ROWS)
    return failed([bodyError(`has ${nonBlank.length} data rows; at most ${MAX_INVITEE_ROWS} can be imported at once`)]);

  const errors: CsvRowError[] = [];
  const rows: InviteeRow[] = [];
  const firstRowOf = new Map<string, number>();
  for (const { record, info } of nonBlank) {
    const row = info.records;
    if (record.length > columns.length) {
      errors.push(rowError(row, `has ${record.length} values but the header names ${columns.length} columns`));
      continue;
    }
    const cells: Record<string, string> = {};
    columns.forEach((name, index) => {
      const value = record[index]?.trim() ?? '';
      if (value !== '') cells[name] = value;
    });
    const problems = checkRow(cells);
    if (problems.length > 0) {
      errors.push(...problems.map((problem) => cellError(row, problem.column, problem.message)));
      continue;
    }
    const kind = cells.kind as InviteeDetails['kind'];
    const details: InviteeDetails = {
      kind,
      organization: checkedCell(cells, 'organization'),
      ...(kind === 'district' ? { countyDistrictCode: checkedCell(cells, 'county_district_code') } : {}),
      contactName: checkedCell(cells, 'contact_name'),
      contactEmail: checkedCell(cells, 'contact_email').toLowerCase(),
      zoneInterest: cells.zone_interest === undefined ? [] : checkedZoneInterest(kind, cells.zone_interest),
    };
    const inviteeId = inviteeIdOf(details);
    const first = firstRowOf.get(inviteeId);
    if (first !== undefined) {
      errors.push(
        details.kind === 'district'
          ? cellError(
              row,
              'county_district_code',
              `${details.countyDistrictCode} is already on row ${first}: each district once per file`,
            )
          : cellError(row, 'organization', `names the same organization as row ${first}: each partner once per file`),
      );
      continue;
    }
    firstRowOf.set(inviteeId, row);
    rows.push({ ...details, row, inviteeId });
  }
  if (errors.length > 0) return failed(errors);
  return { ok: true, rows, blankRows: data.length - nonBlank.length };
}
