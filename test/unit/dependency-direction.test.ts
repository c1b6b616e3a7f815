import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseResult, type IViolation } from 'dependency-cruiser';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { beforeAll, describe, expect, it } from 'vitest';
import configuration from '../../.dependency-cruiser.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TS_CONFIG = `${ROOT}tsconfig.json`;
/** The entry points of the code; the cruise follows every import from them, into shared/ and beyond. */
const ENTRY_FOLDERS = ['shared', 'functions', 'infra', 'cli', 'events'];
/** A small tree that breaks each rule once (test/fixtures/dependency-direction): the rules must catch it. */
const FIXTURE = fileURLToPath(new URL('../fixtures/dependency-direction/', import.meta.url));

/** Cruises `folders` under `baseDir` with the project's rules, as `npm run deps` does. */
async function cruiseWithRules(baseDir: string, folders: string[]): Promise<ICruiseResult> {
  const { options, ...ruleSet } = configuration;
  const { output } = await cruise(
    folders,
    { ...options, ruleSet, validate: true, baseDir, tsConfig: { fileName: TS_CONFIG } },
    {},
    { tsConfig: extractTSConfig(TS_CONFIG) },
  );
  if (typeof output === 'string') throw new Error('dependency-cruiser returned a report instead of a result');
  return output;
}

function describeViolation(violation: IViolation): string {
  const cycle = violation.cycle ? ` (cycle: ${violation.cycle.map((step) => step.name).join(' -> ')})` : '';
  return `${violation.rule.name}: ${violation.from} -> ${violation.to}${cycle}`;
}

describe('the direction of dependencies (.dependency-cruiser.ts)', () => {
  let project: ICruiseResult;
  beforeAll(async () => {
    project = await cruiseWithRules(ROOT, ENTRY_FOLDERS);
  });

  it('holds in the code: no rule is broken', () => {
    expect(project.summary.violations.map(describeViolation)).toEqual([]);
  });

  it('sees type-only imports and .ts specifiers, so a type cannot slip past the rules', () => {
    const receipt = project.modules.find((module) => module.source === 'shared/templates/email/receipt.ts');

    expect(receipt?.dependencies).toContainEqual(
      expect.objectContaining({
        resolved: 'shared/templates/email/view-models.ts',
        dependencyTypes: expect.arrayContaining(['type-only']),
      }),
    );
  });

  it('catches each kind of violation, a template importing a feature and a cycle among them', async () => {
    const result = await cruiseWithRules(FIXTURE, ['shared', 'functions']);

    expect(result.summary.violations.map(describeViolation).sort()).toEqual([
      'domain-imports-only-domain-and-platform: shared/domain/zone.ts -> shared/release/plan.ts',
      'event-contracts-import-no-feature: shared/events/result-released.ts -> shared/release/plan.ts',
      'functions-import-no-infra: functions/publish-result/handler.ts -> infra/local/seed/cohort.ts',
      'no-circular-folders: shared/release -> shared/templates/email (cycle: shared/templates/email -> shared/release)',
      'no-circular-folders: shared/templates/email -> shared/release (cycle: shared/release -> shared/templates/email)',
      'no-circular: shared/release/plan.ts -> shared/templates/email/result.ts (cycle: shared/templates/email/result.ts -> shared/release/plan.ts)',
      'platform-imports-only-platform: shared/platform/clock.ts -> shared/domain/zone.ts',
      'shared-imports-no-entry-point: shared/release/handler-name.ts -> functions/publish-result/handler.ts',
      'templates-import-no-feature: shared/templates/email/result.ts -> shared/release/plan.ts',
    ]);
  });
});
