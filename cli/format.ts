/**
 * Output formatting of the facilitator CLI: plain aligned tables (no table library; the
 * output stays greppable and pipes cleanly), instants in Central time, and values from
 * applicants made safe for a terminal.
 */

import { formatWallClock } from '../shared/platform/time/wall-clock.ts';

/** Every date of the season is Central time (docs/domain.md); the CLI shows instants there too. */
export const SEASON_TIME_ZONE = 'America/Chicago';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** "2022-09-15 09:00 CDT": an instant as Central wall-clock time, sortable, with its offset name. */
export function centralTime(iso: string): string {
  const instant = new Date(iso);
  if (!ISO_INSTANT.test(iso) || Number.isNaN(instant.getTime())) return iso;
  return formatWallClock(instant, SEASON_TIME_ZONE);
}

export function isInstant(value: unknown): value is string {
  return typeof value === 'string' && ISO_INSTANT.test(value) && !Number.isNaN(new Date(value).getTime());
}

// Control characters could move the cursor or recolour the terminal, and bidirectional
// overrides could make text read differently than it is: both are shown escaped.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this expression's purpose.
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function escapeUnsafe(text: string): string {
  return text.replace(UNSAFE, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Text for a terminal line: control characters escaped, tabs and line breaks as spaces. */
export function safeLine(text: string): string {
  return escapeUnsafe(text.replace(/[\t\n\r]+/g, ' '));
}

/** Multi-line text for a terminal: line breaks kept, every other control character escaped. */
export function safeText(text: string): string {
  return escapeUnsafe(text.replace(/\r\n?/g, '\n')).replace(/\t/g, '  ');
}

/** Text on one line of at most `max` characters: a longer one is cut, ending with an ellipsis. */
export function shortened(text: string, max = 70): string {
  const characters = [...safeLine(text)];
  return characters.length <= max
    ? characters.join('')
    : `${characters
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`;
}

/**
 * One value as a table cell or a key-value line: instants in Central time, lists comma-joined, objects as key=value.
 */
export function cell(value: unknown): string {
  if (value === null || value === undefined || value === '') return '-';
  if (isInstant(value)) return centralTime(value);
  if (typeof value === 'string') return safeLine(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.length === 0 ? '-' : value.map(cell).join(', ');
  if (typeof value === 'object') return pairs(value as Record<string, unknown>);
  return safeLine(String(value));
}

/** "decision=selected version=2": an object on one line. */
export function pairs(object: Record<string, unknown>): string {
  const entries = Object.entries(object);
  if (entries.length === 0) return '-';
  return entries
    .map(([key, value]) => `${safeLine(key)}=${isRecord(value) ? `{${pairs(value)}}` : cell(value)}`)
    .join(' ');
}

/** Display width: code points, so accented names line up (the names here are Latin script). */
function width(text: string): number {
  return [...text].length;
}

export interface Column<Row> {
  readonly header: string;
  readonly value: (row: Row) => unknown;
}

/** A plain table: upper-case headers, columns separated by two spaces, no trailing blanks. */
export function table<Row>(rows: readonly Row[], columns: readonly Column<Row>[]): string {
  const lines = [
    columns.map((column) => column.header.toUpperCase()),
    ...rows.map((row) => columns.map((column) => cell(column.value(row)))),
  ];
  const widths = columns.map((_, index) => Math.max(...lines.map((line) => width(line[index] ?? ''))));
  return lines
    .map((line) =>
      line
        .map((text, index) =>
          index === line.length - 1 ? text : text + ' '.repeat((widths[index] ?? 0) - width(text)),
        )
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** A table of objects whose shape the CLI does not fix: one column per key, in order of first appearance. */
export function objectTable(rows: readonly Record<string, unknown>[], preferredOrder: readonly string[] = []): string {
  const keys: string[] = [];
  for (const key of preferredOrder) if (rows.some((row) => key in row)) keys.push(key);
  for (const row of rows) for (const key of Object.keys(row)) if (!keys.includes(key)) keys.push(key);
  return table(
    rows,
    keys.map((key) => ({ header: headerOf(key), value: (row: Record<string, unknown>) => row[key] })),
  );
}

/** "applicationId" -> "application id" */
export function headerOf(key: string): string {
  return safeLine(key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase());
}

/** Aligned "label  value" lines. */
export function keyValues(entries: ReadonlyArray<readonly [string, unknown]>): string {
  const labelWidth = Math.max(0, ...entries.map(([label]) => width(label)));
  return entries
    .map(([label, value]) => `${label}${' '.repeat(labelWidth - width(label))}  ${cell(value)}`.trimEnd())
    .join('\n');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A response body the CLI has no dedicated view for: scalar fields as aligned lines, then
 * each list of objects as a table under its name. Keeps the CLI useful as routes grow.
 */
export function describe(body: unknown, preferredColumns: readonly string[] = []): string {
  if (!isRecord(body)) return Array.isArray(body) ? listOf(body, preferredColumns) : cell(body);
  const scalars: Array<[string, unknown]> = [];
  const lists: string[] = [];
  for (const [key, value] of Object.entries(body)) {
    if (Array.isArray(value) && value.some(isRecord)) {
      lists.push(`${headerOf(key)} (${value.length}):\n${indent(listOf(value, preferredColumns))}`);
    } else {
      scalars.push([headerOf(key), value]);
    }
  }
  return [scalars.length > 0 ? keyValues(scalars) : '', ...lists].filter(Boolean).join('\n\n');
}

function listOf(values: readonly unknown[], preferredColumns: readonly string[]): string {
  if (values.length === 0) return '(none)';
  return values.every(isRecord)
    ? objectTable(values, preferredColumns)
    : values.map((value) => `- ${cell(value)}`).join('\n');
}

export function indent(text: string, by = '  '): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? line : by + line))
    .join('\n');
}

/**
 * A nested value as indented "key: value" lines (objects nested, lists as "- " items,
 * multi-line text as an indented block): how `show` prints an application as submitted.
 */
export function outline(value: unknown, depth = 0): string {
  const pad = '  '.repeat(depth);
  if (Array.isArray(value)) {
    if (value.length === 0) return `${pad}(none)`;
    return value
      .map((item) =>
        isRecord(item) || Array.isArray(item)
          ? `${pad}- ${outline(item, depth + 1).slice(pad.length + 2)}`
          : `${pad}-${textBlock(item, depth + 1).replace(/^(?!\n)/, ' ')}`,
      )
      .join('\n');
  }
  if (!isRecord(value)) return `${pad}${textBlock(value, depth)}`;
  return Object.entries(value)
    .map(([key, item]) => {
      const label = `${pad}${headerOf(key)}:`;
      if (
        (isRecord(item) && Object.keys(item).length > 0) ||
        (Array.isArray(item) && item.some((entry) => isRecord(entry) || Array.isArray(entry)))
      ) {
        return `${label}\n${outline(item, depth + 1)}`;
      }
      const rendered = Array.isArray(item) ? cell(item) : textBlock(item, depth + 1);
      return rendered.startsWith('\n') ? label + rendered : `${label} ${rendered}`;
    })
    .join('\n');
}

/** A scalar for `outline`: multi-line text continues on indented lines. */
function textBlock(value: unknown, depth: number): string {
  if (typeof value !== 'string' || !/[\r\n]/.test(value)) return cell(value);
  const pad = '  '.repeat(depth);
  return `\n${safeText(value)
    .split('\n')
    .map((line) => (line === '' ? '' : pad + line))
    .join('\n')}`;
}

/** "1 application", "3 applications" */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
