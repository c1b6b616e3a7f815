/**
 * `npm run events:generate`: writes one JSON Schema per event type of the catalog to
 * events/schemas/<DetailType>.schema.json, from the zod contracts in shared/events, and
 * the catalogue events/CATALOG.md (events/catalog-markdown.ts) from the contracts and
 * infra/routing.ts. The schema describes the whole EventBridge envelope as a target
 * receives it; its `detail` is zod's own JSON Schema of the contract's detail. Schema
 * files of event types no longer in the catalog are removed.
 * test/unit/event-contracts.test.ts fails when a committed file differs from what this
 * script would write.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { eventCatalog } from '../shared/events/catalog.ts';
import type { EventContract } from '../shared/platform/events/contract.ts';
import * as z from '../shared/platform/schemas/zod.ts';
import { renderCatalog } from './catalog-markdown.ts';

export const EVENTS_DIR = path.dirname(fileURLToPath(import.meta.url));
export const SCHEMAS_DIR = path.join(EVENTS_DIR, 'schemas');
export const EXAMPLES_DIR = path.join(EVENTS_DIR, 'examples');
export const CATALOG_FILE = path.join(EVENTS_DIR, 'CATALOG.md');

export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';
const SCHEMA_SUFFIX = '.schema.json';

export type JsonSchema = { readonly [keyword: string]: unknown };

export function schemaFileName(contract: EventContract): string {
  return `${contract.detailType}${SCHEMA_SUFFIX}`;
}

/** A stable, location-independent identifier of the schema of one event type. */
export function schemaId(contract: EventContract): string {
  return `urn:srsn-innovation-zones:events:${contract.detailType}`;
}

/**
 * zod's JSON Schema of the detail. `io: 'input'` describes what the consumer's
 * `contract.detail.parse` accepts, i.e. what may be put on the bus (also the only
 * choice that stays representable if a contract ever gains a transform).
 */
export function detailSchema(contract: EventContract): JsonSchema {
  const { $schema: _dialect, ...schema } = z.toJSONSchema(contract.detail, {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'throw',
  }) as Record<string, unknown>;
  return schema;
}

/**
 * The JSON Schema of the full EventBridge event of one contract. No
 * `additionalProperties: false` on the envelope: EventBridge may add fields
 * (e.g. `replay-name` on replayed events). The detail itself is as strict as its contract.
 */
export function buildEventSchema(contract: EventContract): JsonSchema {
  return {
    $schema: JSON_SCHEMA_DIALECT,
    $id: schemaId(contract),
    title: contract.detailType,
    description: contract.description,
    $comment: 'Generated from the zod contract in shared/events by `npm run events:generate`; do not edit by hand.',
    type: 'object',
    properties: {
      version: { type: 'string', const: '0' },
      id: { type: 'string', minLength: 1 },
      'detail-type': { type: 'string', const: contract.detailType },
      source: { type: 'string', const: contract.source },
      account: { type: 'string', pattern: '^\\d{12}$' },
      time: { type: 'string', format: 'date-time' },
      region: { type: 'string', minLength: 1 },
      resources: { type: 'array', items: { type: 'string' } },
      detail: detailSchema(contract),
    },
    required: ['version', 'id', 'detail-type', 'source', 'account', 'time', 'region', 'resources', 'detail'],
  };
}

/** The exact text of the schema file: pretty-printed, trailing newline. */
export function renderEventSchema(contract: EventContract): string {
  return `${JSON.stringify(buildEventSchema(contract), null, 2)}\n`;
}

export interface GenerateResult {
  readonly written: readonly string[];
  readonly removed: readonly string[];
}

/** Writes the event catalogue (events/CATALOG.md). */
export function generateCatalog(file: string = CATALOG_FILE): string {
  writeFileSync(file, renderCatalog());
  return file;
}

/** Writes every catalog schema into `directory` and removes schema files of unknown event types. */
export function generateEventSchemas(
  directory: string = SCHEMAS_DIR,
  catalog: readonly EventContract[] = eventCatalog,
): GenerateResult {
  const detailTypes = catalog.map((contract) => contract.detailType);
  const duplicate = detailTypes.find((detailType, index) => detailTypes.indexOf(detailType) !== index);
  if (duplicate !== undefined) throw new Error(`Event type ${duplicate} is in the catalog twice`);

  mkdirSync(directory, { recursive: true });
  const written = catalog.map((contract) => {
    const file = path.join(directory, schemaFileName(contract));
    writeFileSync(file, renderEventSchema(contract));
    return file;
  });
  const expected = new Set(catalog.map(schemaFileName));
  const removed = readdirSync(directory)
    .filter((name) => name.endsWith(SCHEMA_SUFFIX) && !expected.has(name))
    .map((name) => path.join(directory, name));
  for (const file of removed) rmSync(file);
  return { written, removed };
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (invokedDirectly) {
  const { written, removed } = generateEventSchemas();
  for (const file of written) console.log(`wrote   ${path.relative(process.cwd(), file)}`);
  for (const file of removed) console.log(`removed ${path.relative(process.cwd(), file)}`);
  console.log(`wrote   ${path.relative(process.cwd(), generateCatalog())}`);
}
