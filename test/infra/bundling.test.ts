import { execFile } from 'node:child_process';
import { access, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_ROOT, BUNDLE_SIZE_LIMIT, type BuiltBundle, bundleLambda } from '../../infra/bundling/lambda-bundle.ts';
import { defaultProvider } from '../../infra/bundling/lambda-credential-provider.ts';
import { literalSchemaKeys } from '../../infra/bundling/sdk-schema-plugin.ts';
import { UNREACHABLE_SDK_MODULES } from '../../infra/bundling/sdk-unreachable-plugin.ts';
import LRUCache from '../../infra/bundling/small-lru-cache.ts';
import { functionDefinitions } from '../../infra/routing.ts';

/** Bytes a bundle holds from the modules whose path contains `fragment`. */
function bytesFrom(bundle: BuiltBundle, fragment: string): number {
  const output = Object.values(bundle.metafile.outputs).find((candidate) => candidate.entryPoint !== undefined);
  return Object.entries(output?.inputs ?? {})
    .filter(([input]) => input.includes(fragment))
    .reduce((sum, [, input]) => sum + input.bytesInOutput, 0);
}

describe('the SDK schema plugin', () => {
  it('writes computed keys naming interned strings as literal keys', () => {
    const source = [
      'const _h = "http";',
      'const _e = "error";',
      'export var Op$ = [9, n0, _O, { [_h]: ["POST", "/", 200] }, () => In$];',
      'export var Err$ = [-3, n0, _E, { [_e]: _c, [_h]: 400 }];',
    ].join('\n');
    expect(literalSchemaKeys(source)).toBe(
      [
        'const _h = "http";',
        'const _e = "error";',
        'export var Op$ = [9, n0, _O, { "http": ["POST", "/", 200] }, () => In$];',
        'export var Err$ = [-3, n0, _E, { "error": _c, "http": 400 }];',
      ].join('\n'),
    );
  });

  it('leaves keys it cannot resolve, and arrays, as they are', () => {
    const source = 'const _a = "a";\nconst x = { [_unknown]: 1, [_a + "b"]: 2 };\nconst list = cond ? [_a] : [];';
    expect(literalSchemaKeys(source)).toBe(source);
  });
});

describe('the SDK package.json plugin', () => {
  it('keeps the only field the SDK clients read from their package.json: version', async () => {
    const root = path.join(BUNDLE_ROOT, 'node_modules/@aws-sdk');
    const clients = (await readdir(root)).filter((name) => name.startsWith('client-'));
    expect(clients.length).toBeGreaterThan(0);
    const uses = new Set<string>();
    for (const client of clients) {
      const folder = path.join(root, client, 'dist-es');
      for (const file of (await readdir(folder, { recursive: true })).filter((name) => name.endsWith('.js'))) {
        const source = await readFile(path.join(folder, file), 'utf8');
        if (!source.includes('package.json')) continue;
        for (const [, use] of source.matchAll(/\bpackageInfo\b(?! from)(\.\w+)?/g))
          uses.add(use ?? '(the whole object)');
      }
    }
    expect([...uses]).toEqual(['.version']);
  });
});

describe('the Lambda credential provider', () => {
  const saved = { ...process.env };
  afterAll(() => {
    process.env = saved;
  });

  it('answers the credentials Lambda puts in the environment', async () => {
    process.env.AWS_ACCESS_KEY_ID = 'AKIDEXAMPLE';
    process.env.AWS_SECRET_ACCESS_KEY = 'secret';
    process.env.AWS_SESSION_TOKEN = 'session';
    await expect(defaultProvider()()).resolves.toMatchObject({
      accessKeyId: 'AKIDEXAMPLE',
      secretAccessKey: 'secret',
      sessionToken: 'session',
    });
  });

  it('fails without them instead of looking elsewhere', async () => {
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    process.env.AWS_PROFILE = 'someone';
    await expect(defaultProvider()()).rejects.toThrow(/environment variable credentials/);
  });
});

describe('the LRU standing in for mnemonist’s in the bundles', () => {
  it('drops the least recently used entry beyond its capacity, where a get counts as a use and a peek does not', () => {
    const cache = new LRUCache<string, number>(2);
    cache.set('a', 1).set('b', 2);
    expect(cache.get('a')).toBe(1);
    expect(cache.peek('b')).toBe(2);

    cache.set('c', 3);

    expect([cache.has('a'), cache.has('b'), cache.has('c')]).toEqual([true, false, true]);
    cache.set('a', 10).set('d', 4);
    expect([cache.get('a'), cache.has('c'), cache.get('d'), cache.size]).toEqual([10, false, 4, 2]);
    cache.clear();
    expect(cache.size).toBe(0);
  });
});

describe('the SDK modules Lambda never runs', () => {
  it.each(UNREACHABLE_SDK_MODULES.map((module) => module.path))(
    'name %s, a module of the installed @smithy/core',
    async (modulePath) => {
      // Renamed or moved by an SDK update, it would be bundled again without a word.
      await expect(
        access(path.join(BUNDLE_ROOT, 'node_modules/@smithy/core/dist-es/submodules', modulePath)),
      ).resolves.toBeUndefined();
    },
  );
});

// Representative bundles, built with the shipped options: the HTTP intake (DynamoDB,
// EventBridge), an email sender (DynamoDB, SES), the two largest (the bulk sender and the
// facilitators' releases, with the ICS library), and the applicant pages (HTML, the stylesheet). Every function's size is in the cold-start
// benchmark (npm run bench:cold-start).
describe('the shipped bundles', () => {
  let outdir: string;
  const bundles: Record<string, BuiltBundle> = {};
  const measured = [
    'submitApplication',
    'sendReceipt',
    'sendBulkMail',
    'facilitatorReleases',
    'applicantPages',
  ] as const;

  beforeAll(async () => {
    outdir = await mkdtemp(path.join(tmpdir(), 'srsn-bundle-'));
    for (const name of measured) {
      bundles[name] = await bundleLambda(functionDefinitions[name].entry, path.join(outdir, name));
    }
  }, 60_000);
  afterAll(() => rm(outdir, { recursive: true, force: true }));

  it.each(measured)('keep %s under the size limit', (name) => {
    expect(bundles[name]!.bytes).toBeLessThanOrEqual(BUNDLE_SIZE_LIMIT);
  });

  it.each(UNREACHABLE_SDK_MODULES.map((module) => module.path))('hold only a stand-in for %s', (modulePath) => {
    const bundle = bundles.sendBulkMail!;
    // Each module weighs 1-3 KB; its stand-in a few dozen bytes, and the bundle did take it.
    const bytes = bytesFrom(bundle, `@smithy/core/dist-es/submodules/${modulePath}`);
    expect(bytes).toBeGreaterThan(0);
    expect(bytes).toBeLessThan(250);
  });

  it('hold no zod locale but English, no credential chain, only the SES operations in use, and the jitless zod setting', () => {
    const bundle = bundles.sendReceipt!;
    // Each other locale weighs 2-10 KB; what is left is at most the locales' index. English is
    // there because shared/platform/schemas/zod.ts sets it (zod/mini loads none).
    expect(bytesFrom(bundle, 'zod/v4/locales/') - bytesFrom(bundle, 'zod/v4/locales/en.js')).toBeLessThan(1_000);
    expect(bytesFrom(bundle, 'zod/v4/locales/en.js')).toBeGreaterThan(0);
    expect(bytesFrom(bundle, '@aws-sdk/credential-provider-node')).toBe(0);
    expect(bytesFrom(bundle, '@aws-sdk/nested-clients')).toBe(0);
    expect(bytesFrom(bundle, '@smithy/core/dist-es/submodules/event-streams')).toBe(0);
    expect(bytesFrom(bundle, 'node_modules/mnemonist/')).toBe(0);
    expect(bytesFrom(bundle, 'infra/bundling/small-lru-cache.ts')).toBeGreaterThan(0);
    expect(bytesFrom(bundle, 'infra/bundling/zod-jitless.ts')).toBeGreaterThan(0);
    // All SES v2 operations' schemas weigh ~45 KB; SendEmail and GetAccount a few.
    expect(bytesFrom(bundle, 'client-sesv2/dist-es/schemas/')).toBeLessThan(10_000);
  });

  it('load in a fresh Node as CommonJS and export the handler', async () => {
    const file = JSON.stringify(bundles.sendReceipt!.file);
    const script = `const m = require(${file}); process.stdout.write(typeof m.handler);`;
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], {
      env: {
        PATH: process.env.PATH,
        TABLE_NAME: 't',
        SENDER_ADDRESS: 'a@example.org',
        SES_CONFIGURATION_SET: 'c',
        AWS_REGION: 'us-east-1',
      },
    });
    expect(stdout).toBe('function');
  });
});
