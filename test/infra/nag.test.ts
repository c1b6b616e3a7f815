/**
 * cdk-nag 3 runs as a CDK policy-validation plugin: at synthesis, aws-cdk-lib writes every
 * plugin's unacknowledged findings to `validation-report.json` in the cloud assembly and,
 * unless `@aws-cdk/core:failSynthOnValidationErrors` is false, makes `synth()` throw (in a
 * test process) or the CLI fail. Acknowledged findings are dropped by cdk-nag itself before
 * the report, so acknowledgements are checked here from the construct metadata.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App, CfnResource, type IPolicyValidationPlugin, Stack, Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BuiltApp, buildApp } from '../../infra/app.ts';

/** The parts of aws-cdk-lib's validation-report.json (cloud-assembly-schema) read here. */
interface ValidationReport {
  readonly pluginReports: readonly {
    readonly pluginName: string;
    readonly conclusion: 'success' | 'failure';
    readonly violations: readonly {
      readonly ruleName: string;
      readonly severity: string;
      readonly violatingConstructs: readonly { readonly constructPath: string }[];
    }[];
  }[];
}

interface Acknowledgement {
  readonly id: string;
  readonly reason: string;
  readonly at: IConstruct;
}

const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };
/** Report instead of throw, so the test can read and print the findings precisely. */
const REPORT_ONLY = { '@aws-cdk/core:failSynthOnValidationErrors': false };

const outdirs: string[] = [];
function freshOutdir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'srsn-nag-'));
  outdirs.push(dir);
  return dir;
}

function readReport(assemblyDirectory: string): ValidationReport {
  return JSON.parse(readFileSync(path.join(assemblyDirectory, 'validation-report.json'), 'utf8')) as ValidationReport;
}

/** One line per unacknowledged finding, e.g. "AwsSolutions-SQS4 at Stack/Queue/Resource". */
function findings(report: ValidationReport, pluginName?: string): string[] {
  return report.pluginReports
    .filter((plugin) => pluginName === undefined || plugin.pluginName === pluginName)
    .flatMap((plugin) =>
      plugin.violations.flatMap((violation) =>
        violation.violatingConstructs.map(
          (construct) =>
            `${plugin.pluginName}: ${violation.ruleName} (${violation.severity}) at ${construct.constructPath}`,
        ),
      ),
    );
}

/** Every `Validations.of(x).acknowledge(...)` in the tree, with the construct it was made on. */
function acknowledgementsIn(root: IConstruct): Acknowledgement[] {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([qualifiedId, reason]) => ({
          id: qualifiedId.replace(/^annotation::/i, ''),
          reason,
          at: construct,
        })),
      ),
  );
}

/**
 * Records which acknowledgement silenced each finding: cdk-nag asks `isAcknowledged(resource,
 * ruleId)` for every non-compliant resource and walks up the tree; this finds the same
 * construct. Relies on that (private) method existing, and fails loudly if it does not.
 */
function recordAcknowledgementUse(pack: IPolicyValidationPlugin, used: Set<string>): void {
  const internals = pack as unknown as { isAcknowledged?: (resource: CfnResource, ruleId: string) => boolean };
  const original = internals.isAcknowledged;
  if (typeof original !== 'function') throw new Error('cdk-nag no longer has NagPack.isAcknowledged; update this test');
  internals.isAcknowledged = (resource, ruleId) => {
    const acknowledged = original.call(pack, resource, ruleId);
    if (acknowledged) {
      for (let scope: IConstruct | undefined = resource; scope !== undefined; scope = scope.node.scope) {
        if (acknowledgementsIn(scope).some((ack) => ack.at === scope && ack.id === ruleId)) {
          used.add(`${ruleId} at ${scope.node.path}`);
          break;
        }
      }
    }
    return acknowledged;
  };
}

afterAll(() => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

describe('cdk-nag AwsSolutions checks on the real stack', () => {
  let built: BuiltApp;
  let report: ValidationReport;
  const usedAcknowledgements = new Set<string>();
  const checkedResources: string[] = [];

  beforeAll(() => {
    // Bundling only produces the asset files; the resources nag checks are the same without it.
    built = buildApp({ outdir: freshOutdir(), context: { ...NO_BUNDLING, ...REPORT_ONLY } });
    if (built.nag === undefined) throw new Error('buildApp registered no AwsSolutions pack');
    recordAcknowledgementUse(built.nag, usedAcknowledgements);
    const pack = built.nag as unknown as { checkResource: (node: CfnResource) => void };
    const checkResource = pack.checkResource.bind(built.nag);
    pack.checkResource = (node) => {
      checkedResources.push(node.node.path);
      checkResource(node);
    };
    report = readReport(built.app.synth().directory);
  });

  it('checked every CloudFormation resource of the stack', () => {
    const resources = built.stack.node
      .findAll()
      .filter((construct) => CfnResource.isCfnResource(construct))
      .map((construct) => construct.node.path);
    expect(resources.length).toBeGreaterThan(0);
    expect(checkedResources).toEqual(expect.arrayContaining(resources));
  });

  it('leaves no AwsSolutions finding unacknowledged', () => {
    expect(findings(report, built.nag?.name)).toEqual([]);
  });

  it('gets no finding from any validation plugin, the built-in CloudFormation validation included', () => {
    expect(findings(report)).toEqual([]);
    expect(report.pluginReports.filter((plugin) => plugin.conclusion === 'failure')).toEqual([]);
  });

  it('gives every acknowledgement a specific written reason', () => {
    const acknowledgements = acknowledgementsIn(built.app);
    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const { id, reason, at } of acknowledgements) {
      const where = `${id} at ${at.node.path}`;
      expect(id, where).toMatch(/^AwsSolutions-[A-Z]+\d+(\[.+\])?$/);
      expect(reason.trim().length, `reason of ${where}`).toBeGreaterThanOrEqual(40);
    }
  });

  it('scopes acknowledgements to the resources concerned, never to the app or the stack', () => {
    for (const { id, at } of acknowledgementsIn(built.app)) {
      expect(at instanceof App || Stack.isStack(at), `${id} at ${at.node.path || '(app)'}`).toBe(false);
    }
    // IAM5 findings are acknowledged one wildcard at a time, not the rule as a whole.
    for (const { id, at } of acknowledgementsIn(built.app).filter((ack) => ack.id.startsWith('AwsSolutions-IAM5'))) {
      expect(id, at.node.path).toMatch(/^AwsSolutions-IAM5\[.+\]$/);
    }
  });

  it('has no acknowledgement that no finding needs', () => {
    const declared = acknowledgementsIn(built.app).map(({ id, at }) => `${id} at ${at.node.path}`);
    expect(declared.filter((ack) => !usedAcknowledgements.has(ack))).toEqual([]);
  });
});

describe('a finding left unacknowledged', () => {
  /** The real app plus one queue nobody acknowledged (it breaks SQS3 and SQS4). */
  function appWithUnacknowledgedQueue(context: Record<string, unknown>): BuiltApp {
    const built = buildApp({
      outdir: freshOutdir(),
      cloudFormationValidation: false,
      context: { ...NO_BUNDLING, ...context },
    });
    new sqs.Queue(built.stack, 'UnacknowledgedQueue');
    return built;
  }

  it('shows up in the validation report this suite reads', () => {
    const { app, stack } = appWithUnacknowledgedQueue(REPORT_ONLY);
    const reported = findings(readReport(app.synth().directory), 'AwsSolutions');
    expect(reported).toEqual(
      expect.arrayContaining([
        `AwsSolutions: AwsSolutions-SQS3 (error) at ${stack.node.path}/UnacknowledgedQueue/Resource`,
        `AwsSolutions: AwsSolutions-SQS4 (error) at ${stack.node.path}/UnacknowledgedQueue/Resource`,
      ]),
    );
  });

  it('makes synthesis fail', () => {
    const { app } = appWithUnacknowledgedQueue({});
    expect(() => app.synth()).toThrow(/AwsSolutions-SQS4/);
  });
});
