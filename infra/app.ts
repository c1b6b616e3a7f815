/**
 * The CDK app (cdk.json runs `npx tsx infra/app.ts`). `buildApp` builds it without
 * synthesizing, for tests; run as the entry point it synthesizes into the CLI's outdir.
 * Synthesis needs no AWS credentials and no network: the stack is environment-agnostic
 * unless the CLI supplies CDK_DEFAULT_ACCOUNT/CDK_DEFAULT_REGION.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { deploymentConfigOf } from './config.ts';
import { InnovationZonesStack } from './stack.ts';

export const STACK_NAME = 'SrsnInnovationZones';

export interface BuildAppOptions {
  /** Context on top of cdk.json's (the CLI's `-c` values still win, as with `cdk synth`). */
  readonly context?: Readonly<Record<string, unknown>>;
  readonly outdir?: string;
  /** Run the cdk-nag AwsSolutions checks at synthesis (default true). */
  readonly nag?: boolean;
  /**
   * aws-cdk-lib's built-in CloudFormation template validation (default true). It costs about
   * 3 s per synthesis; tests that only inspect the template may turn it off.
   */
  readonly cloudFormationValidation?: boolean;
}

export interface BuiltApp {
  readonly app: App;
  readonly stack: InnovationZonesStack;
  /** The AwsSolutions pack registered on the app, if any. */
  readonly nag: AwsSolutionsChecks | undefined;
}

/** cdk.json's context, so that an App built outside the CLI (tests) sees the same defaults. */
function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(new URL('../cdk.json', import.meta.url), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  return cdkJson.context ?? {};
}

export function buildApp(options: BuildAppOptions = {}): BuiltApp {
  const app = new App({
    context: { ...cdkJsonContext(), ...options.context },
    ...(options.outdir === undefined ? {} : { outdir: options.outdir }),
    builtinCloudFormationValidation: options.cloudFormationValidation ?? true,
  });
  const stack = new InnovationZonesStack(app, STACK_NAME, {
    description: 'SRSN Innovation Zones: event-driven backend of the application and participation season',
    config: deploymentConfigOf(app.node),
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  });
  const nag = options.nag === false ? undefined : new AwsSolutionsChecks(app);
  if (nag !== undefined) Validations.of(app).addPlugins(nag);
  return { app, stack, nag };
}

function isEntryPoint(): boolean {
  const argv1 = process.argv[1];
  if (argv1 === undefined) return false;
  try {
    return realpathSync(argv1) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  buildApp().app.synth();
}
