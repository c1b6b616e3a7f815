/**
 * The event contracts as files (events/): one generated JSON Schema per catalog event,
 * kept in step with the zod contracts, and hand-written examples that must satisfy both.
 *
 * The examples are checked against the committed JSON Schema with ajv (draft 2020-12, with
 * formats), as any consumer outside this repository would, and independently against the
 * zod contract itself.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { renderCatalog } from '../../events/catalog-markdown.ts';
import {
  buildEventSchema,
  CATALOG_FILE,
  EXAMPLES_DIR,
  generateCatalog,
  generateEventSchemas,
  JSON_SCHEMA_DIALECT,
  renderEventSchema,
  SCHEMAS_DIR,
  schemaFileName,
} from '../../events/generate.ts';
import { LocalEventBus } from '../../infra/local/event-bus.ts';
import type { LocalFunctions } from '../../infra/local/functions.ts';
import { eventCatalog } from '../../shared/events/catalog.ts';
import { parseEvent } from '../../shared/platform/events/consume.ts';
import { defineEvent, EVENT_SOURCE, type EventContract } from '../../shared/platform/events/contract.ts';
import * as z from '../../shared/platform/schemas/zod.ts';

/** The keys `aws events put-events --entries` accepts in one entry. */
const PUT_EVENTS_ENTRY_KEYS = ['Time', 'Source', 'Resources', 'DetailType', 'Detail', 'EventBusName', 'TraceHeader'];
const LOCAL_BUS_NAME = 'srsn-local';

interface PutEventsEntry {
  Source: string;
  DetailType: string;
  Detail: string;
  EventBusName?: string;
  Time?: string;
  Resources?: string[];
}

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}

function committedSchemaFile(contract: EventContract): string {
  return path.join(SCHEMAS_DIR, schemaFileName(contract));
}

function exampleFile(contract: EventContract): string {
  return path.join(EXAMPLES_DIR, `${contract.detailType}.json`);
}

/** The example entries of a contract, as a fresh copy. */
function examplesOf(contract: EventContract): PutEventsEntry[] {
  return readJson(exampleFile(contract)) as PutEventsEntry[];
}

/** The event a rule target receives for a PutEvents entry, as EventBridge (and the local bus) builds it. */
function envelopeOf(entry: PutEventsEntry): Record<string, unknown> {
  return {
    version: '0',
    id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
    'detail-type': entry.DetailType,
    source: entry.Source,
    account: '123456789012',
    time: entry.Time ?? '2022-09-01T20:15:00Z',
    region: 'us-east-1',
    resources: entry.Resources ?? [],
    detail: JSON.parse(entry.Detail) as unknown,
  };
}

/** A validator for the committed JSON Schema file (stand-in for ajv, see the header). */
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats.default(ajv);

function jsonSchemaValidator(contract: EventContract) {
  const schema = readJson(committedSchemaFile(contract)) as { $id: string };
  return ajv.getSchema(schema.$id) ?? ajv.compile(schema);
}

function isValidAgainstSchema(contract: EventContract, envelope: unknown): boolean {
  return jsonSchemaValidator(contract)(envelope) === true;
}

const contracts = eventCatalog.map((contract) => [contract.detailType, contract] as const);

describe('the event catalog', () => {
  it('has at least one contract and no detail-type twice', () => {
    const detailTypes = eventCatalog.map((contract) => contract.detailType);
    expect(detailTypes.length).toBeGreaterThan(0);
    expect(new Set(detailTypes).size).toBe(detailTypes.length);
  });

  it.each(contracts)('%s comes from the app source', (_name, contract) => {
    expect(contract.source).toBe(EVENT_SOURCE);
  });
});

describe('generated JSON Schemas', () => {
  it.each(contracts)('%s has a committed schema file', (_name, contract) => {
    expect(
      existsSync(committedSchemaFile(contract)),
      `${path.relative(process.cwd(), committedSchemaFile(contract))} is missing: run \`npm run events:generate\``,
    ).toBe(true);
  });

  it.each(contracts)('%s: the committed schema equals the freshly generated one', (_name, contract) => {
    const file = committedSchemaFile(contract);
    const committed = existsSync(file) ? readFileSync(file, 'utf8') : '';
    expect(
      committed,
      `${path.relative(process.cwd(), file)} is stale: run \`npm run events:generate\` and commit the result`,
    ).toBe(renderEventSchema(contract));
  });

  it('has no schema file for an event type that is not in the catalog', () => {
    const expected = new Set(eventCatalog.map(schemaFileName));
    const orphans = readdirSync(SCHEMAS_DIR).filter((name) => !expected.has(name));
    expect(orphans, 'orphaned schema files: run `npm run events:generate`').toEqual([]);
  });

  it.each(contracts)(
    '%s: the schema describes the EventBridge envelope with fixed source and detail-type',
    (_name, contract) => {
      const schema = buildEventSchema(contract) as {
        $schema: string;
        $id: string;
        title: string;
        description: string;
        properties: Record<string, Record<string, unknown>>;
        required: string[];
      };
      expect(schema.$schema).toBe(JSON_SCHEMA_DIALECT);
      expect(schema.$id).toContain(contract.detailType);
      expect(schema.title).toBe(contract.detailType);
      expect(schema.description).toBe(contract.description);
      expect(schema.properties.source?.const).toBe(contract.source);
      expect(schema.properties['detail-type']?.const).toBe(contract.detailType);
      expect(schema.required).toEqual(expect.arrayContaining(['source', 'detail-type', 'detail', 'id', 'time']));
    },
  );

  it.each(contracts)(
    "%s: the detail schema is zod's JSON Schema of the contract, without a nested $schema",
    (_name, contract) => {
      const { $schema: _dialect, ...expected } = z.toJSONSchema(contract.detail, { io: 'input' }) as Record<
        string,
        unknown
      >;
      const detail = (buildEventSchema(contract) as { properties: { detail: Record<string, unknown> } }).properties
        .detail;
      expect(detail).toEqual(expected);
      expect(detail).not.toHaveProperty('$schema');
    },
  );

  it('gives every schema its own $id', () => {
    const ids = eventCatalog.map((contract) => buildEventSchema(contract).$id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('is pretty-printed with a trailing newline', () => {
    for (const contract of eventCatalog) {
      const text = renderEventSchema(contract);
      expect(text.endsWith('}\n')).toBe(true);
      expect(text).toContain('\n  "properties": {');
      expect(JSON.parse(text)).toEqual(buildEventSchema(contract));
    }
  });

  it('would notice a changed contract: a schema built from a modified detail differs from the committed file', () => {
    const [first] = eventCatalog;
    if (!first) throw new Error('empty catalog');
    const changed = defineEvent({ ...first, detail: z.strictObject({ applicationId: z.string(), extra: z.number() }) });
    expect(renderEventSchema(changed)).not.toBe(readFileSync(committedSchemaFile(first), 'utf8'));
  });

  it('writes one rendered schema per contract, and removes schema files of unknown event types', () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'srsn-event-schemas-'));
    try {
      writeFileSync(path.join(directory, 'Retired.schema.json'), '{}\n');
      writeFileSync(path.join(directory, 'notes.txt'), 'kept\n');
      const result = generateEventSchemas(directory);
      expect(result.removed.map((file) => path.basename(file))).toEqual(['Retired.schema.json']);
      expect(readdirSync(directory).sort()).toEqual([...eventCatalog.map(schemaFileName), 'notes.txt'].sort());
      for (const contract of eventCatalog) {
        expect(readFileSync(path.join(directory, schemaFileName(contract)), 'utf8')).toBe(renderEventSchema(contract));
      }
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('refuses a catalog with the same detail-type twice', () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'srsn-event-schemas-'));
    try {
      const [first] = eventCatalog;
      if (!first) throw new Error('empty catalog');
      expect(() => generateEventSchemas(directory, [first, first])).toThrow(/twice/);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

describe('the generated catalogue (events/CATALOG.md)', () => {
  it('is committed and equals the freshly generated one', () => {
    const committed = existsSync(CATALOG_FILE) ? readFileSync(CATALOG_FILE, 'utf8') : '';
    expect(committed, 'events/CATALOG.md is stale: run `npm run events:generate` and commit the result').toBe(
      renderCatalog(),
    );
  });

  it('would notice a changed contract: a catalogue rendered from a modified contract differs', () => {
    const [first, ...rest] = eventCatalog;
    if (!first) throw new Error('empty catalog');
    const changed = { ...first, producers: [...first.producers, 'facilitatorExtensions'] };
    expect(renderCatalog([changed, ...rest])).not.toBe(readFileSync(CATALOG_FILE, 'utf8'));
  });

  it('is what the generator writes', () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'srsn-event-catalog-'));
    try {
      const file = generateCatalog(path.join(directory, 'CATALOG.md'));
      expect(readFileSync(file, 'utf8')).toBe(renderCatalog());
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

describe('example events', () => {
  it.each(contracts)('%s has an example file', (_name, contract) => {
    expect(existsSync(exampleFile(contract)), `write ${path.relative(process.cwd(), exampleFile(contract))}`).toBe(
      true,
    );
  });

  it('has no example file for an event type that is not in the catalog', () => {
    const expected = new Set(eventCatalog.map((contract) => `${contract.detailType}.json`));
    expect(readdirSync(EXAMPLES_DIR).filter((name) => !expected.has(name))).toEqual([]);
  });

  it.each(contracts)(
    '%s: the example is a PutEvents --entries array: Source, DetailType, Detail as a JSON string, EventBusName',
    (_name, contract) => {
      const entries = examplesOf(contract);
      expect(Array.isArray(entries)).toBe(true);
      expect(entries.length).toBeGreaterThanOrEqual(1);
      expect(entries.length).toBeLessThanOrEqual(10);
      for (const entry of entries) {
        expect(
          Object.keys(entry).every((key) => PUT_EVENTS_ENTRY_KEYS.includes(key)),
          Object.keys(entry).join(', '),
        ).toBe(true);
        expect(entry.Source).toBe(contract.source);
        expect(entry.DetailType).toBe(contract.detailType);
        expect(typeof entry.Detail).toBe('string');
        expect(entry.EventBusName).toBe(LOCAL_BUS_NAME);
        const detail = JSON.parse(entry.Detail) as unknown;
        expect(typeof detail === 'object' && detail !== null && !Array.isArray(detail)).toBe(true);
      }
    },
  );

  it.each(contracts)('%s: every example validates against the committed JSON Schema', (_name, contract) => {
    for (const entry of examplesOf(contract)) {
      const validate = jsonSchemaValidator(contract);
      const valid = validate(envelopeOf(entry));
      expect(validate.errors ?? []).toEqual([]);
      expect(valid).toBe(true);
    }
  });

  it.each(contracts)(
    '%s: every example detail satisfies the zod contract and the consumer parses the event',
    (_name, contract) => {
      for (const entry of examplesOf(contract)) {
        const detail = contract.detail.safeParse(JSON.parse(entry.Detail));
        expect(detail.error?.issues ?? []).toEqual([]);
        const parsed = parseEvent(contract, envelopeOf(entry));
        expect(parsed).toMatchObject({ ok: true });
      }
    },
  );

  it.each(contracts)('%s: the local bus accepts every example as sent by POST /_local/events', (_name, contract) => {
    const bus = new LocalEventBus(
      { busName: LOCAL_BUS_NAME, functions: {} as LocalFunctions, now: () => new Date('2022-09-01T20:15:00Z') },
      [],
    );
    const result = bus.putEvents(examplesOf(contract));
    expect(result.FailedEntryCount).toBe(0);
    expect(result.Entries.every((entry) => typeof entry.EventId === 'string')).toBe(true);
  });
});

describe('invalid variants of the examples are rejected', () => {
  const [name, contract] = contracts.find(([detailType]) => detailType === 'ApplicationSubmitted') ?? [];
  if (!contract || !name) throw new Error('ApplicationSubmitted is not in the catalog');

  /** The first example with its detail changed. */
  function variant(change: (detail: Record<string, unknown>) => void): PutEventsEntry {
    const [entry] = examplesOf(contract as EventContract);
    if (!entry) throw new Error('no example');
    const detail = JSON.parse(entry.Detail) as Record<string, unknown>;
    change(detail);
    return { ...entry, Detail: JSON.stringify(detail) };
  }

  it.each([
    ['an unknown detail field', (detail: Record<string, unknown>) => (detail.contactEmail = 'dana@example.org')],
    ['a missing submittedAt', (detail: Record<string, unknown>) => delete detail.submittedAt],
    ['an unknown zone', (detail: Record<string, unknown>) => (detail.zone = 'XYZ')],
    ['a malformed cohort', (detail: Record<string, unknown>) => (detail.cohort = '2021/2022')],
    ['a malformed application id', (detail: Record<string, unknown>) => (detail.applicationId = 'SDZ/2022/1')],
    [
      'a submittedAt that is not an ISO instant',
      (detail: Record<string, unknown>) => (detail.submittedAt = 'September 1, 2022'),
    ],
    [
      'a submittedAt with a local offset',
      (detail: Record<string, unknown>) => (detail.submittedAt = '2022-09-01T15:15:00-05:00'),
    ],
  ])(`${name}: rejects %s, by JSON Schema and by zod`, (_label, change) => {
    const entry = variant(change);
    expect(isValidAgainstSchema(contract, envelopeOf(entry))).toBe(false);
    expect(contract.detail.safeParse(JSON.parse(entry.Detail)).success).toBe(false);
    expect(parseEvent(contract, envelopeOf(entry)).ok).toBe(false);
  });

  it(`${name}: a well-formed cohort is data to the JSON Schema; zod refuses one that does not exist, naming it`, () => {
    const entry = variant((detail) => (detail.cohort = '2026-2027'));
    expect(isValidAgainstSchema(contract, envelopeOf(entry))).toBe(true);
    expect(parseEvent(contract, envelopeOf(entry))).toEqual({
      ok: false,
      errors: [{ field: 'detail.cohort', message: 'no cohort 2026-2027' }],
    });
  });

  it(`${name}: rejects an event of another detail-type or source against this schema`, () => {
    const [entry] = examplesOf(contract);
    if (!entry) throw new Error('no example');
    expect(isValidAgainstSchema(contract, envelopeOf({ ...entry, DetailType: 'ApplicationWithdrawn' }))).toBe(false);
    expect(isValidAgainstSchema(contract, envelopeOf({ ...entry, Source: 'aws.ses' }))).toBe(false);
  });

  it(`${name}: rejects an envelope without its detail or with a malformed account`, () => {
    const [entry] = examplesOf(contract);
    if (!entry) throw new Error('no example');
    const { detail: _detail, ...withoutDetail } = envelopeOf(entry);
    expect(isValidAgainstSchema(contract, withoutDetail)).toBe(false);
    expect(isValidAgainstSchema(contract, { ...envelopeOf(entry), account: 'local' })).toBe(false);
  });

  it(`${name}: accepts extra envelope fields EventBridge may add (replay-name)`, () => {
    const [entry] = examplesOf(contract);
    if (!entry) throw new Error('no example');
    expect(isValidAgainstSchema(contract, { ...envelopeOf(entry), 'replay-name': 'replay-2022-09-02' })).toBe(true);
  });

  it(`${name}: the local bus refuses an example sent to another bus`, () => {
    const [entry] = examplesOf(contract);
    if (!entry) throw new Error('no example');
    const bus = new LocalEventBus(
      { busName: LOCAL_BUS_NAME, functions: {} as LocalFunctions, now: () => new Date() },
      [],
    );
    expect(bus.putEvents([{ ...entry, EventBusName: 'some-other-bus' }]).FailedEntryCount).toBe(1);
  });
});
