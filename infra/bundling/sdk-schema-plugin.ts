import { readFile } from 'node:fs/promises';
import type { Plugin } from 'esbuild';
import { defined } from '../defined.ts';

/** The generated schema modules of the AWS SDK v3 clients (one or more per client). */
const SDK_SCHEMA_MODULE = /[\\/]@aws-sdk[\\/]client-[^\\/]+[\\/]dist-es[\\/]schemas[\\/]schemas_\d+\.js$/;

/** `const _h = "http";`: the generator's interned strings (never escaped: names of traits and shapes). */
const INTERNED_STRING = /^const (_\w+) = ("[^"\\\r\n]*");$/gm;

/** A computed object key naming an interned string: `{ [_h]: ...` or `, [_e]: ...`. */
const COMPUTED_KEY = /([{,]\s*)\[(_\w+)\]:/g;

/**
 * Writes the interned strings used as object keys in the SDK's schema modules as literal
 * keys (`{ [_h]: x }` becomes `{ "http": x }`), which is the same object.
 *
 * Why: esbuild keeps every statement holding a computed key, since evaluating a key may
 * run code, so each client's schema module was bundled whole, every operation of the
 * service included (SES v2's alone is ~45 KB minified). With literal keys esbuild drops the
 * schemas of the operations nobody calls. Upstream: aws/aws-sdk-js-v3#7607 and the fix
 * proposed in smithy-lang/smithy-typescript#1889; once released this plugin changes nothing.
 */
export function sdkSchemaTreeShaking(): Plugin {
  return {
    name: 'sdk-schema-tree-shaking',
    setup(build) {
      build.onLoad({ filter: SDK_SCHEMA_MODULE }, async ({ path }) => ({
        contents: literalSchemaKeys(await readFile(path, 'utf8')),
        loader: 'js',
      }));
    },
  };
}

/** The module's source with each computed key that names an interned string made literal. */
export function literalSchemaKeys(source: string): string {
  const interned = new Map<string, string>();
  for (const [, name, literal] of source.matchAll(INTERNED_STRING))
    interned.set(defined(name, 'the name of an interned string'), defined(literal, 'its literal'));
  return source.replace(COMPUTED_KEY, (whole, before: string, name: string) => {
    const literal = interned.get(name);
    return literal === undefined ? whole : `${before}${literal}:`;
  });
}
