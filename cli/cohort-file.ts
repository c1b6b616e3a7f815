/**
 * Cohort definitions as files: read one to create a cohort from (JSON, or YAML for a
 * person to edit), write one out to edit. A parse error names the file and the line, and
 * the API's refusal of a field can be traced back to its line (lineOf).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { isNode, LineCounter, parseDocument, stringify, type YAMLError } from 'yaml';
import { UsageError } from './command-line.ts';

export type DefinitionFormat = 'json' | 'yaml';

/** The format a file name asks for: .json, or .yaml/.yml; anything else is refused, naming the option. */
export function formatOf(path: string, option: string): DefinitionFormat {
  const extension = extname(path).toLowerCase();
  if (extension === '.json') return 'json';
  if (extension === '.yaml' || extension === '.yml') return 'yaml';
  throw new UsageError(`${option} must name a .json, .yaml or .yml file, got '${path}'`);
}

/** 1-based line and column of a character offset. */
function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}

export interface DefinitionFile {
  readonly definition: unknown;
  /** The line of the value at a dotted path ("zones.CNZ.due", "informationalMeetings.1.joinUrl"), if the file has it. */
  lineOf(path: string): number | undefined;
}

/** The YAML document of a text, with a line counter: JSON is YAML too, so this also finds lines in a JSON file. */
function yamlDocument(text: string) {
  const lineCounter = new LineCounter();
  return { document: parseDocument(text, { lineCounter, prettyErrors: false }), lineCounter };
}

function lineFinder(text: string): (path: string) => number | undefined {
  const { document, lineCounter } = yamlDocument(text);
  if (document.errors.length > 0) return () => undefined;
  return (path) => {
    const node = document.getIn(path.split('.'), true);
    if (!isNode(node) || !node.range) return undefined;
    return lineCounter.linePos(node.range[0]).line;
  };
}

/** JSON's own message, without V8's "in JSON at position N" (the line and column say where). */
function jsonError(file: string, text: string, error: unknown): UsageError {
  const message = error instanceof Error ? error.message : String(error);
  const at = /^(.*?)(?: in JSON)? at position (\d+)/s.exec(message);
  if (at) {
    const { line, column } = position(text, Number(at[2]));
    return new UsageError(`${file} line ${line}, column ${column}: ${at[1]} (not valid JSON)`);
  }
  if (/Unexpected end of JSON input/.test(message)) {
    return new UsageError(`${file} line ${position(text, text.length).line}: the JSON ends too soon`);
  }
  // V8 gives no position for some mistakes ("Unexpected token"): the YAML parser often finds the line.
  const yamlError = yamlDocument(text).document.errors[0];
  const line = yamlError?.linePos?.[0]?.line;
  const first = message.split('\n')[0] ?? message;
  return new UsageError(
    line ? `${file} line ${line}: not valid JSON (${first})` : `${file}: not valid JSON (${first})`,
  );
}

/**
 * A YAML syntax error, at the line of the token that made it one. yaml places each error at the start of the node
 * it is about (its line numbers are right, 1-based): an over-indented `  timeZone: bad: yaml` under `name: ...` makes
 * the name's value run onto that line, and the first error points at the name's value, a line too early. So of the
 * errors about the node the first one names, the one reaching furthest is said, at the line where it ends.
 */
function yamlError(file: string, errors: readonly YAMLError[], lineCounter: LineCounter): UsageError {
  const [first] = errors as [YAMLError, ...YAMLError[]];
  const start = first.pos[0];
  const furthest = errors
    .filter((error) => error.pos[0] === start)
    .reduce((far, error) => (error.pos[1] > far.pos[1] ? error : far), first);
  const line = lineCounter.linePos(Math.max(start, furthest.pos[1] - 1)).line;
  const begins = lineCounter.linePos(start).line;
  // yaml's message may end with " at line N, column M:" and a snippet; the line is said first instead.
  const reason = furthest.message.replace(/ at line \d+, column \d+:?[\s\S]*$/, '');
  const continuing = begins === line ? '' : `, read as continuing line ${begins}`;
  return new UsageError(`${file} line ${line}: ${reason}${continuing} (not valid YAML)`);
}

/** Reads and parses a definition file; a missing file or a syntax error is a UsageError naming the file (and line). */
export async function readDefinitionFile(file: string, option: string): Promise<DefinitionFile> {
  const format = formatOf(file, option);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new UsageError(`cannot read ${file}${typeof code === 'string' ? ` (${code})` : ''}`);
  }
  if (format === 'json') {
    let definition: unknown;
    try {
      definition = JSON.parse(text);
    } catch (error) {
      throw jsonError(file, text, error);
    }
    return { definition, lineOf: lineFinder(text) };
  }
  const { document, lineCounter } = yamlDocument(text);
  if (document.errors.length > 0) throw yamlError(file, document.errors, lineCounter);
  const definition: unknown = document.toJS();
  if (definition === null || definition === undefined) throw new UsageError(`${file} is empty`);
  return { definition, lineOf: lineFinder(text) };
}

/** A definition as the text of a file of the format given: YAML for people to edit, or JSON. */
export function definitionText(definition: unknown, format: DefinitionFormat): string {
  return format === 'json' ? `${JSON.stringify(definition, null, 2)}\n` : stringify(definition, { lineWidth: 0 });
}

/** Writes a new file; an existing one is left alone (the operator may be editing it). */
export async function writeDefinitionFile(file: string, text: string): Promise<void> {
  try {
    await writeFile(file, text, { encoding: 'utf8', flag: 'wx' });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'EEXIST') throw new UsageError(`${file} exists already: name a new file, or remove it first`);
    throw new UsageError(`cannot write ${file}${typeof code === 'string' ? ` (${code})` : ''}`);
  }
}
