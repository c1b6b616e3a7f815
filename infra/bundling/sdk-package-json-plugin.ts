import { readFile } from 'node:fs/promises';
import type { Plugin } from 'esbuild';

/** An AWS SDK client's own package.json, which its runtimeConfig imports whole. */
const SDK_CLIENT_PACKAGE_JSON = /[\\/]@aws-sdk[\\/]client-[^\\/]+[\\/]package\.json$/;

/**
 * Gives each SDK client's `import packageInfo from "../package.json"` only the `version`
 * it reads (for the User-Agent header) instead of the whole manifest: ~2 KB less per
 * client in every bundle. Anything else read from it would be undefined, so the bundling
 * test checks that `version` is the only field the clients' code uses.
 */
export function sdkPackageVersionOnly(): Plugin {
  return {
    name: 'sdk-package-version-only',
    setup(build) {
      build.onLoad({ filter: SDK_CLIENT_PACKAGE_JSON }, async ({ path }) => {
        const { version } = JSON.parse(await readFile(path, 'utf8')) as { version: string };
        return { contents: JSON.stringify({ version }), loader: 'json' };
      });
    },
  };
}
