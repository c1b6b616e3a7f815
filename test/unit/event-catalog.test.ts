/**
 * The event catalogue tells the truth: each contract lives in its own file of shared/events,
 * names the functions that really publish it (checked against the publish calls in their
 * tree-shaken bundles), and is consumed by a rule of the routing table unless its contract
 * says why not.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { consumersOf, contractFileOf, renderCatalog, rulesMatching } from '../../events/catalog-markdown.ts';
import { type EventRule, eventRules, type FunctionName, functionDefinitions } from '../../infra/routing.ts';
import { sesDeliveryEvents } from '../../shared/delivery/ses-events.ts';
import { eventCatalog } from '../../shared/events/catalog.ts';
import { EVENT_SOURCE, type EventContract, patternOf } from '../../shared/platform/events/contract.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CONTRACTS_DIR = path.join(ROOT, 'shared/events');
/** The files of shared/events that are not contracts. */
const NOT_CONTRACTS = ['catalog.ts', 'detail-fields.ts'];

const contracts = eventCatalog.map((contract) => [contract.detailType, contract] as const);
const functionNames = Object.keys(functionDefinitions) as FunctionName[];

/** `publisher.publish(Contract, ...)` and `publisher.publishAll(Contract, ...)`. */
const PUBLISH_CALL = /\.publish(?:All)?\(\s*(\w+)\s*,/g;

/**
 * The contracts (by name) a function's code publishes: the publish calls left in its bundle
 * once esbuild has dropped the code it never reaches (an imported module's unused exports
 * included). Packages stay outside: only this repository's code publishes.
 */
async function contractsPublishedBy(entry: string): Promise<Set<string>> {
  const bundle = await build({
    entryPoints: [path.join(ROOT, entry)],
    bundle: true,
    write: false,
    packages: 'external',
    format: 'esm',
    platform: 'node',
    treeShaking: true,
    logLevel: 'silent',
  });
  const text = bundle.outputFiles.map((file) => file.text).join('\n');
  // esbuild renames an identifier that collides with another by appending a number.
  return new Set([...text.matchAll(PUBLISH_CALL)].map(([, name]) => (name as string).replace(/\d+$/, '')));
}

const publishedBy: ReadonlyMap<FunctionName, ReadonlySet<string>> = new Map(
  await Promise.all(
    functionNames.map(async (name) => [name, await contractsPublishedBy(functionDefinitions[name].entry)] as const),
  ),
);

const publishersOf = (contract: EventContract) =>
  functionNames.filter((name) => publishedBy.get(name)?.has(contract.detailType));

/** Every .ts file under a folder of the repository. */
function sourceFiles(folder: string): string[] {
  return readdirSync(path.join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => path.join(folder, file));
}

describe('one contract per file, all in shared/events', () => {
  it.each(contracts)('%s is exported under its own name by its own file', async (name, contract) => {
    const module = (await import(path.join(ROOT, contractFileOf(contract)))) as Record<string, unknown>;
    expect(module[name]).toBe(contract);
  });

  it('holds no file besides the contracts of the catalog (and their shared detail fields)', () => {
    const expected = eventCatalog.map((contract) => path.basename(contractFileOf(contract)));
    expect(readdirSync(CONTRACTS_DIR).sort()).toEqual([...expected, ...NOT_CONTRACTS].sort());
  });

  it('defines events nowhere else, except SES’s own in the delivery feature', () => {
    const defining = ['shared', 'functions', 'infra']
      .flatMap(sourceFiles)
      .filter((file) => /\bdefineEvent\(\{/.test(readFileSync(path.join(ROOT, file), 'utf8')))
      .filter((file) => !file.startsWith('shared/events/'));
    expect(defining).toEqual(['shared/delivery/ses-events.ts']);
  });
});

describe('each contract names its producers truly', () => {
  it.each(contracts)('%s: its producers are functions of the routing table allowed to publish', (_name, contract) => {
    expect(contract.producers.length).toBeGreaterThan(0);
    for (const producer of contract.producers) {
      expect(functionNames, `${producer} is not a function of infra/routing.ts`).toContain(producer);
      expect(functionDefinitions[producer as FunctionName].access).toMatchObject({ publishEvents: true });
    }
  });

  it.each(contracts)('%s: its producers are exactly the functions whose code publishes it', (_name, contract) => {
    expect([...contract.producers].sort()).toEqual(publishersOf(contract).sort());
  });

  it('finds the publish calls it checks against: every function allowed to publish publishes a catalog event', () => {
    const allowed = functionNames.filter((name) => 'publishEvents' in functionDefinitions[name].access);
    const catalogNames = new Set(eventCatalog.map((contract) => contract.detailType));
    expect(allowed.length).toBeGreaterThan(0);
    for (const name of allowed) {
      const published = [...(publishedBy.get(name) ?? [])];
      expect(published.length, `${name} may publish but publishes nothing`).toBeGreaterThan(0);
      expect(published.filter((contract) => !catalogNames.has(contract))).toEqual([]);
    }
  });

  it('names SES as the producer of SES’s events', () => {
    for (const contract of sesDeliveryEvents) expect(contract.producers).toEqual(['Amazon SES (configuration set)']);
  });
});

describe('every event has a consumer, or its contract says why not', () => {
  it.each(contracts)('%s is matched by a rule, or gives the reason it is not', (_name, contract) => {
    const rules = rulesMatching(contract).map((rule) => rule.id);
    if (contract.unconsumedBecause === undefined)
      expect(rules, `no rule consumes ${contract.detailType}: add one, or say why in unconsumedBecause`).not.toEqual(
        [],
      );
    else expect(rules, `${contract.detailType} is consumed: drop its unconsumedBecause`).toEqual([]);
  });

  it('lets ApplicationRolledOver go unconsumed on purpose: an announcement for subscribers outside the system', () => {
    const rolledOver = eventCatalog.find((contract) => contract.detailType === 'ApplicationRolledOver');
    expect(rolledOver?.unconsumedBecause).toMatch(/subscribers outside this system/);
  });

  it('routes every rule to a known event type', () => {
    const known = [...eventCatalog, ...sesDeliveryEvents];
    for (const rule of eventRules)
      expect(
        known.some((contract) => rulesMatching(contract).includes(rule)),
        rule.id,
      ).toBe(true);
  });
});

describe('rulesMatching', () => {
  const [first, second] = eventCatalog;
  if (!first || !second) throw new Error('the catalog has fewer than two events');
  const ruleFor = (contract: EventContract, id: string): EventRule => ({
    id,
    description: id,
    pattern: patternOf(contract),
    target: 'sendBulkMail',
    retryAttempts: 0,
    maxEventAgeHours: 1,
  });

  it('matches by source and detail-type, and lists each consumer once', () => {
    const rules = [ruleFor(first, 'A'), ruleFor(second, 'B'), ruleFor(first, 'C')];
    expect(rulesMatching(first, rules).map((rule) => rule.id)).toEqual(['A', 'C']);
    expect(consumersOf(first, rules)).toEqual(['sendBulkMail']);
    expect(rulesMatching({ ...first, source: 'aws.ses' }, rules)).toEqual([]);
  });

  it('refuses a rule that filters on the detail, which it could not place', () => {
    const filtered = { ...ruleFor(first, 'Filtered'), pattern: { ...patternOf(first), detail: { zone: ['SDZ'] } } };
    expect(() => rulesMatching(first, [filtered])).toThrow(/Filtered filters on detail/);
  });
});

describe('the rendered catalogue', () => {
  const catalogue = renderCatalog();

  it.each(contracts)('%s: has its section with producers, rules and consumers', (name, contract) => {
    const section = catalogue.slice(catalogue.indexOf(`### ${name}\n`)).split('\n### ')[0] ?? '';
    expect(section).toContain(contract.description);
    for (const producer of contract.producers) expect(section).toContain(`\`${producer}\``);
    for (const rule of rulesMatching(contract)) expect(section).toContain(`rule \`${rule.id}\` → \`${rule.target}\``);
    if (contract.unconsumedBecause) expect(section).toContain(contract.unconsumedBecause);
    expect(section).toContain(`(examples/${name}.json)`);
    expect(section).toContain(`(schemas/${name}.schema.json)`);
  });

  it('lists SES’s sending events as an outside source, with their rule and consumer', () => {
    const outside = catalogue.slice(catalogue.indexOf('## Outside sources'));
    for (const contract of sesDeliveryEvents)
      expect(outside).toContain(`| \`${contract.detailType}\` | ${contract.description} |`);
    expect(outside).toContain('rule `DeliveryFeedbackOnSesEvents` sends them to `handleDeliveryEvents`');
  });

  it('links only files that exist', () => {
    const links = [...catalogue.matchAll(/\]\(([^)#]+)\)/g)].map(([, target]) => target as string);
    expect(links.length).toBeGreaterThan(eventCatalog.length * 3);
    for (const target of links) expect(() => readFileSync(path.join(ROOT, 'events', target)), target).not.toThrow();
  });

  it('names each event of its own source once in the summary table', () => {
    for (const contract of eventCatalog) {
      expect(contract.source).toBe(EVENT_SOURCE);
      expect(catalogue.match(new RegExp(`^\\| \\[${contract.detailType}\\]`, 'gm'))).toHaveLength(1);
    }
  });
});
