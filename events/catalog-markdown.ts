/**
 * events/CATALOG.md, rendered from the contracts (shared/events, and SES's in
 * shared/delivery/ses-events.ts) and the routing table (infra/routing.ts): who publishes
 * each event, which rules route it to which functions, and its example and schema files.
 * Pure: `npm run events:generate` writes the result, and a test compares the committed file.
 */
import {
  DEFAULT_RULE_RETRY,
  type EventRule,
  eventRules,
  type FunctionName,
  functionDefinitions,
  httpRoutes,
  schedules,
} from '../infra/routing.ts';
import { sesDeliveryEvents, sesDeliveryEventsPattern } from '../shared/delivery/ses-events.ts';
import { eventCatalog } from '../shared/events/catalog.ts';
import { EVENT_SOURCE, type EventContract } from '../shared/platform/events/contract.ts';
import * as z from '../shared/platform/schemas/zod.ts';

/** The file that defines a contract of the catalog: shared/events/<kebab-case detail-type>.ts. */
export function contractFileOf(contract: EventContract): string {
  return `shared/events/${contract.detailType.replace(/(?<=[a-z0-9])(?=[A-Z])/g, '-').toLowerCase()}.ts`;
}

/** Where SES's contracts live: they are SES's events, read by the delivery feature. */
export const SES_CONTRACTS_FILE = 'shared/delivery/ses-events.ts';

/**
 * The rules whose pattern matches every event of this contract. The catalogue can only tell for
 * patterns on `source` and `detail-type`: a pattern on anything else (a detail filter) matches
 * some events of a type and not others, so it is refused rather than listed wrongly.
 */
export function rulesMatching(contract: EventContract, rules: readonly EventRule[] = eventRules): EventRule[] {
  return rules.filter((rule) => {
    const { source, 'detail-type': detailType, ...other } = rule.pattern;
    const filters = Object.keys(other);
    if (filters.length > 0)
      throw new Error(`Rule ${rule.id} filters on ${filters.join(', ')}: the event catalogue cannot place it`);
    return listIncludes(source, contract.source) && listIncludes(detailType, contract.detailType);
  });
}

function listIncludes(values: unknown, value: string): boolean {
  return values === undefined || (Array.isArray(values) && values.includes(value));
}

/** The functions a contract's events reach, in the order of its rules. */
export function consumersOf(contract: EventContract, rules: readonly EventRule[] = eventRules): FunctionName[] {
  return [...new Set(rulesMatching(contract, rules).map((rule) => rule.target))];
}

const code = (text: string) => `\`${text}\``;
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const list = (items: readonly string[], empty = '—') => (items.length > 0 ? items.join(', ') : empty);
const anchor = (contract: EventContract) => `[${contract.detailType}](#${contract.detailType.toLowerCase()})`;

/** How a function is invoked, from the routing table. */
function invokedBy(name: FunctionName, rules: readonly EventRule[]): string[] {
  const routes = httpRoutes
    .filter((route) => route.target === name)
    .map((route) => code(`${route.method} ${route.path}`));
  const ticks = schedules
    .filter((schedule) => schedule.target === name)
    .map((schedule) => `schedule ${code(schedule.id)} (every ${schedule.everyMinutes} minutes)`);
  const byRule = rules.filter((rule) => rule.target === name).map((rule) => `rule ${code(rule.id)}`);
  return [...(routes.length > 0 ? [`HTTP ${routes.join(', ')}`] : []), ...ticks, ...byRule];
}

/** The names of the detail's top-level fields. */
function detailFields(contract: EventContract): string[] {
  const schema = z.toJSONSchema(contract.detail, { io: 'input' }) as { properties?: Record<string, unknown> };
  return Object.keys(schema.properties ?? {});
}

/** A rule's own retry settings, where they differ from the default. */
function retryNote(rule: EventRule): string {
  const isDefault =
    rule.retryAttempts === DEFAULT_RULE_RETRY.retryAttempts &&
    rule.maxEventAgeHours === DEFAULT_RULE_RETRY.maxEventAgeHours;
  return isDefault ? '' : ` (retries ${rule.retryAttempts} times within ${rule.maxEventAgeHours} hours)`;
}

function summaryTable(catalog: readonly EventContract[], rules: readonly EventRule[]): string[] {
  return [
    '| Event | Producers | Rules | Consumers |',
    '| --- | --- | --- | --- |',
    ...catalog.map((contract) => {
      const matching = rulesMatching(contract, rules);
      const consumers = consumersOf(contract, rules).map(code);
      return (
        `| ${anchor(contract)} | ${list(contract.producers.map(code))} | ` +
        `${list(matching.map((rule) => code(rule.id)))} | ` +
        `${list(consumers, contract.unconsumedBecause ? 'none, on purpose' : '—')} |`
      );
    }),
  ];
}

function functionTable(
  catalog: readonly EventContract[],
  external: readonly EventContract[],
  rules: readonly EventRule[],
): string[] {
  const names = (Object.keys(functionDefinitions) as FunctionName[]).filter(
    (name) =>
      catalog.some((contract) => contract.producers.includes(name)) || rules.some((rule) => rule.target === name),
  );
  return [
    '| Function | Invoked by | Publishes | Consumes |',
    '| --- | --- | --- | --- |',
    ...names.map((name) => {
      const publishes = catalog.filter((contract) => contract.producers.includes(name)).map(anchor);
      const consumes = [...catalog, ...external]
        .filter((contract) => consumersOf(contract, rules).includes(name))
        .map((contract) => (contract.source === EVENT_SOURCE ? anchor(contract) : code(contract.detailType)));
      return `| ${code(name)} | ${cell(list(invokedBy(name, rules)))} | ${list(publishes)} | ${list(consumes)} |`;
    }),
  ];
}

function eventSection(contract: EventContract, rules: readonly EventRule[]): string[] {
  const matching = rulesMatching(contract, rules);
  const consumption =
    matching.length > 0
      ? matching.map(
          (rule) => `  - rule ${code(rule.id)} → ${code(rule.target)}: ${rule.description}${retryNote(rule)}`,
        )
      : [`  - none: ${contract.unconsumedBecause ?? 'no rule matches it, and its contract gives no reason'}`];
  const fields = detailFields(contract);
  return [
    `### ${contract.detailType}`,
    '',
    contract.description,
    '',
    `- Contract: [${code(contractFileOf(contract))}](../${contractFileOf(contract)})`,
    `- Produced by: ${list(contract.producers.map(code))}`,
    '- Consumed by:',
    ...consumption,
    ...(fields.length > 0 ? [`- Detail: ${fields.map(code).join(', ')}`] : []),
    `- Example: [${code(`examples/${contract.detailType}.json`)}](examples/${contract.detailType}.json)`,
    `- Schema: [${code(`schemas/${contract.detailType}.schema.json`)}](schemas/${contract.detailType}.schema.json)`,
    '',
  ];
}

function outsideSources(external: readonly EventContract[], rules: readonly EventRule[]): string[] {
  const sesRules = rules.filter((rule) => rule.pattern === sesDeliveryEventsPattern);
  return [
    '## Outside sources',
    '',
    `### Amazon SES sending events (${code(external[0]?.source ?? 'aws.ses')})`,
    '',
    "SES publishes them through the app's configuration set to the account's default bus; the stack's",
    `${code('ForwardSesEvents')} rule (${code('infra/stack.ts')}) forwards those of this app to the app bus, where`,
    `${list(sesRules.map((rule) => `rule ${code(rule.id)} sends them to ${code(rule.target)}`))}.`,
    `They are SES's contracts: [${code(SES_CONTRACTS_FILE)}](../${SES_CONTRACTS_FILE}) checks only the fields the app`,
    'reads, and there are no schema or example files for them here.',
    '',
    '| Event (detail-type) | Description | Producers | Rules | Consumers |',
    '| --- | --- | --- | --- | --- |',
    ...external.map((contract) => {
      const matching = rulesMatching(contract, rules).map((rule) => code(rule.id));
      const consumers = consumersOf(contract, rules).map(code);
      return (
        `| ${code(contract.detailType)} | ${cell(contract.description)} | ${cell(list(contract.producers))} | ` +
        `${list(matching)} | ${list(consumers)} |`
      );
    }),
    '',
  ];
}

export function renderCatalog(
  catalog: readonly EventContract[] = eventCatalog,
  external: readonly EventContract[] = sesDeliveryEvents,
  rules: readonly EventRule[] = eventRules,
): string {
  const lines = [
    '# Event catalogue',
    '',
    '<!-- Generated by `npm run events:generate` from shared/events and infra/routing.ts; do not edit by hand. -->',
    '',
    `Every event the system publishes (source ${code(EVENT_SOURCE)}, on the app's bus): who publishes it, which`,
    `rules of [${code('infra/routing.ts')}](../infra/routing.ts) route it to which functions, and its example and JSON`,
    'Schema. Generated from the contracts and the routing table, so it cannot go stale:',
    `${code('test/unit/event-contracts.test.ts')} fails when this file differs from what ` +
      `${code('npm run events:generate')}`,
    `writes. Every rule retries delivery ${DEFAULT_RULE_RETRY.retryAttempts} times within ` +
      `${DEFAULT_RULE_RETRY.maxEventAgeHours} hours unless it names its own settings,`,
    'then puts the event in its dead-letter queue.',
    '',
    '## Events',
    '',
    ...summaryTable(catalog, rules),
    '',
    '## Functions',
    '',
    'The functions that publish or consume events, and what invokes them.',
    '',
    ...functionTable(catalog, external, rules),
    '',
    '## Each event',
    '',
    ...catalog.flatMap((contract) => eventSection(contract, rules)),
    ...outsideSources(external, rules),
  ];
  return `${lines.join('\n').trimEnd()}\n`;
}
