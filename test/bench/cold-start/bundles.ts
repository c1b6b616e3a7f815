/**
 * The bundles compared for each function: what ships (the shared options of
 * infra/bundling/lambda-bundle.ts), a straightforward bundle of the same handler, and,
 * once for all, an empty handler built like what ships.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';
import { BUNDLE_FILE, BUNDLE_ROOT, bundleLambda, LAMBDA_BUILD_OPTIONS } from '../../../infra/bundling/lambda-bundle.ts';

export interface BuiltFile {
  readonly file: string;
  readonly bytes: number;
}

const EMPTY_HANDLER = 'test/bench/cold-start/empty-handler.ts';
const SDK_FLOOR_HANDLER = 'test/bench/cold-start/sdk-floor-handler.ts';
const PROBE = 'test/bench/cold-start/probe.ts';
const FULL_ZOD = 'test/bench/cold-start/full-zod.ts';

/** esbuild's ES module output has no `require`; the CommonJS packages a bundle inlines need one. */
const REQUIRE_SHIM =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

export async function shippedBundle(entry: string, outdir: string): Promise<BuiltFile> {
  const { file, bytes } = await bundleLambda(entry, outdir);
  return { file, bytes };
}

/**
 * A reference handler, built with the shipped options but without the injected zod setting
 * (which would put zod in it), so it holds nothing but its own imports.
 */
async function referenceBundle(entry: string, outdir: string): Promise<BuiltFile> {
  const file = path.join(outdir, BUNDLE_FILE);
  await build({ ...LAMBDA_BUILD_OPTIONS, inject: [], entryPoints: [path.resolve(BUNDLE_ROOT, entry)], outfile: file });
  return { file, bytes: (await stat(file)).size };
}

/** The empty handler: nothing but the runtime's own start is left to measure. */
export const emptyBundle = (outdir: string) => referenceBundle(EMPTY_HANDLER, outdir);

/** The SDK floor (sdk-floor-handler.ts): one DynamoDB read through the project's client. */
export const sdkFloorBundle = (outdir: string) => referenceBundle(SDK_FLOOR_HANDLER, outdir);

/**
 * The handler bundled the way one would without a thought for size: esbuild's defaults
 * for Node (each package's `main`, so the SDK's and zod's CommonJS builds, whole: every
 * client command, the full credential chain, zod with all its locales), ES module output,
 * not minified, no source map; and with full zod, as issue 5 describes it (full-zod.ts).
 */
export async function straightforwardBundle(entry: string, outdir: string): Promise<BuiltFile> {
  const file = path.join(outdir, 'index.mjs');
  await build({
    entryPoints: [path.resolve(BUNDLE_ROOT, entry)],
    absWorkingDir: BUNDLE_ROOT,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    banner: { js: REQUIRE_SHIM },
    alias: { 'zod/mini': path.resolve(BUNDLE_ROOT, FULL_ZOD) },
    outfile: file,
    logLevel: 'error',
  });
  return { file, bytes: (await stat(file)).size };
}

/** probe.ts as one plain ES module, so a measured process loads no TypeScript tooling. */
export async function probeScript(outdir: string): Promise<string> {
  const file = path.join(outdir, 'probe.mjs');
  await build({
    entryPoints: [path.resolve(BUNDLE_ROOT, PROBE)],
    absWorkingDir: BUNDLE_ROOT,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    outfile: file,
    logLevel: 'error',
  });
  return file;
}
