/**
 * `npx tsx infra/bundling/bundle-cli.ts <entry> <outdir> [--sourcemap]`: bundles one
 * function with the shared options. The CDK construct runs it (lambda-code.ts) because
 * CDK's local bundling is synchronous and esbuild plugins only run in its asynchronous API.
 *
 * To read a stack trace logged by a deployed function, rebuild its bundle at the deployed
 * commit with `--sourcemap`: index.js.map then maps the trace's index.js positions to the
 * TypeScript sources (e.g. with `node --enable-source-maps` on a copy, or any source-map tool).
 */
import { parseArgs } from 'node:util';
import { BUNDLE_SIZE_LIMIT, bundleLambda } from './lambda-bundle.ts';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { sourcemap: { type: 'boolean', default: false } },
});
const [entry, outdir] = positionals;
if (!entry || !outdir) {
  process.stderr.write('usage: bundle-cli.ts <entry relative to the repository root> <output folder> [--sourcemap]\n');
  process.exit(2);
}
const bundle = await bundleLambda(entry, outdir, { sourcemap: values.sourcemap });
const note =
  bundle.bytes > BUNDLE_SIZE_LIMIT ? ` (over the ${BUNDLE_SIZE_LIMIT.toLocaleString('en-US')}-byte limit)` : '';
process.stderr.write(`Bundled ${entry}: ${bundle.bytes.toLocaleString('en-US')} bytes${note}\n`);
