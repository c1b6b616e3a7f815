/**
 * `node --import tsx infra/bundling/bundle-cli.ts <entry> <outdir>`: bundles one function
 * with the shared options. The CDK construct runs it (lambda-code.ts) because CDK's local
 * bundling is synchronous and esbuild plugins only run in its asynchronous API.
 */
import { bundleLambda, BUNDLE_SIZE_LIMIT } from './lambda-bundle.ts';

const [entry, outdir] = process.argv.slice(2);
if (!entry || !outdir) {
  process.stderr.write('usage: bundle-cli.ts <entry relative to the repository root> <output folder>\n');
  process.exit(2);
}
const bundle = await bundleLambda(entry, outdir);
const note = bundle.bytes > BUNDLE_SIZE_LIMIT ? ` (over the ${BUNDLE_SIZE_LIMIT.toLocaleString('en-US')}-byte limit)` : '';
process.stderr.write(`Bundled ${entry}: ${bundle.bytes.toLocaleString('en-US')} bytes${note}\n`);
