/**
 * The CDK side of lambda-bundle.ts: a function's code asset, bundled on this machine with
 * the shared options. NodejsFunction cannot do this (it runs esbuild's command line, which
 * takes no plugins), so the asset runs bundle-cli.ts, the same way NodejsFunction runs
 * esbuild: synchronously, into the asset's output folder, hashed by its output.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { AssetHashType, DockerImage, type ILocalBundling } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { BUNDLE_ROOT } from './lambda-bundle.ts';

/** Lambda's handler setting for a bundle: the `handler` export of index.js. */
export const BUNDLE_HANDLER = 'index.handler';

const BUNDLE_CLI = path.join(BUNDLE_ROOT, 'infra/bundling/bundle-cli.ts');

class LocalEsbuild implements ILocalBundling {
  constructor(private readonly entry: string) {}

  tryBundle(outputDir: string): boolean {
    // The Node that runs the CDK app (24, from node_modules) with tsx's loader for the .ts files.
    const result = spawnSync(process.execPath, ['--import', 'tsx', BUNDLE_CLI, this.entry, outputDir], {
      cwd: BUNDLE_ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (result.error) throw result.error;
    if (result.status !== 0) throw new Error(`Bundling ${this.entry} failed (exit ${result.status ?? result.signal})`);
    return true;
  }
}

/** The code asset of the function whose entry (relative to the repository root) is `entry`. */
export function bundledCode(entry: string): lambda.Code {
  return lambda.Code.fromAsset(BUNDLE_ROOT, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      local: new LocalEsbuild(entry),
      // Required by the API, never pulled: local bundling either succeeds or throws.
      image: DockerImage.fromRegistry('dummy'),
    },
  });
}
