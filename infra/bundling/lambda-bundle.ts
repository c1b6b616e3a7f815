/**
 * The one definition of how a Lambda function is bundled. The CDK construct ships exactly
 * this (through bundle-cli.ts), and the cold-start benchmark and the bundle-size test build
 * with it, so what they measure is what runs in Lambda.
 *
 * No aws-cdk-lib here: the benchmark and tests load this file.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build, type Metafile } from 'esbuild';
import { sdkPackageVersionOnly } from './sdk-package-json-plugin.ts';
import { sdkSchemaTreeShaking } from './sdk-schema-plugin.ts';
import { sdkUnreachableCodeLeftOut } from './sdk-unreachable-plugin.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Repository root: function entries are relative to it, and esbuild resolves from it. */
export const BUNDLE_ROOT = path.resolve(here, '../..');

/** The file Lambda loads (handler `index.handler`); CommonJS, so `.js` with no package.json. */
export const BUNDLE_FILE = 'index.js';

/** The largest bundle the project accepts (issue 5), in bytes of minified JavaScript. */
export const BUNDLE_SIZE_LIMIT = 400_000;

/**
 * esbuild's options for every function. Why each one:
 * - CommonJS output: Node loads the built-in modules a CommonJS bundle `require`s directly,
 *   while an ES module gets each through an ES-module facade built from all its exports;
 *   the facades cost tens of ms per cold start (`node:http`'s pulls in undici for its
 *   WebSocket export). Dynamic `import()` is turned into `require` for the same reason.
 * - `module` before `main`: the SDK's and other packages' ES builds, which esbuild tree-shakes.
 * - Everything bundled, the AWS SDK included, rather than the copy in the Lambda runtime:
 *   the deployed code runs the SDK versions package-lock.json pins and the tests ran with.
 * - The SDK's default credential chain, event-stream support and the LRU of DynamoDB's
 *   endpoint-discovery cache are replaced (see the modules named in `alias`), its schema
 *   modules made tree-shakable (sdk-schema-plugin.ts), only the version kept of each
 *   client's package.json (sdk-package-json-plugin.ts), and the modules Lambda never runs
 *   left out (sdk-unreachable-plugin.ts).
 * - zod parses without compiling parsers (zod-jitless.ts, run before anything else).
 * - No source map, and so no `--enable-source-maps`: with it Node reads and decodes the whole
 *   map while loading the bundle, 40-80 ms of every cold start on the benchmark machine.
 *   Stack traces in the logs point into index.js; `bundle-cli.ts --sourcemap` rebuilds the
 *   same bundle (byte for byte) with its map, to read them.
 */
export const LAMBDA_BUILD_OPTIONS = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node24',
  mainFields: ['module', 'main'],
  minify: true,
  sourcemap: false,
  supported: { 'dynamic-import': false },
  external: [],
  alias: {
    '@aws-sdk/credential-provider-node': path.join(here, 'lambda-credential-provider.ts'),
    '@smithy/core/event-streams': path.join(here, 'no-event-streams.ts'),
    'mnemonist/lru-cache': path.join(here, 'small-lru-cache.ts'),
  },
  inject: [path.join(here, 'zod-jitless.ts')],
  plugins: [sdkSchemaTreeShaking(), sdkPackageVersionOnly(), sdkUnreachableCodeLeftOut()],
  absWorkingDir: BUNDLE_ROOT,
  logLevel: 'warning',
} as const satisfies BuildOptions;

export interface BuiltBundle {
  readonly file: string;
  /** Size of the minified JavaScript (a source map beside it not counted). */
  readonly bytes: number;
  readonly metafile: Metafile;
}

/**
 * Bundles one function's entry (relative to the repository root, as in routing.ts) into
 * `outdir`/index.js; with `sourcemap`, also index.js.map for reading stack traces (the
 * JavaScript is the same but for its last line, the map's name). Any esbuild warning fails
 * the build: each one (an `import.meta` in CommonJS, a missing export) is a function that
 * breaks at run time.
 */
export async function bundleLambda(
  entry: string,
  outdir: string,
  options: { sourcemap?: boolean } = {},
): Promise<BuiltBundle> {
  await mkdir(outdir, { recursive: true });
  const file = path.join(outdir, BUNDLE_FILE);
  const result = await build({
    ...LAMBDA_BUILD_OPTIONS,
    ...(options.sourcemap ? { sourcemap: true } : {}),
    entryPoints: [path.resolve(BUNDLE_ROOT, entry)],
    outfile: file,
    metafile: true,
  });
  if (result.warnings.length > 0) {
    throw new Error(
      `Bundling ${entry} gave ${result.warnings.length} warning(s): ` +
        `${result.warnings.map((warning) => warning.text).join('; ')}`,
    );
  }
  const output = result.metafile.outputs[path.relative(BUNDLE_ROOT, file).split(path.sep).join('/')];
  if (!output) throw new Error(`esbuild reported no output ${file} for ${entry}`);
  return { file, bytes: output.bytes, metafile: result.metafile };
}
