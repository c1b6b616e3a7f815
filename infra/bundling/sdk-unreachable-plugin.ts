import type { Plugin } from 'esbuild';

/** A module of @smithy/core that a Lambda function of this project never runs, and why. */
interface UnreachableModule {
  /** Its path under node_modules/@smithy/core/dist-es/submodules. */
  readonly path: string;
  readonly why: string;
  /**
   * What stands in for its exports: the same names, failing loudly should they ever run (the region lookup finds none,
   * and the SDK reports the missing region).
   */
  readonly standIn: string;
}

const fail = (what: string) =>
  `throw new Error(` +
  `${JSON.stringify(`${what} is left out of this Lambda bundle (infra/bundling/sdk-unreachable-plugin.ts)`)});`;

/**
 * Modules every client pulls in through a branch Lambda's Node 24 never takes with the
 * settings of shared/platform/aws/sdk-settings.ts. Like the event streams (no-event-streams.ts),
 * they are ~10 KB of every bundle.
 */
export const UNREACHABLE_SDK_MODULES: readonly UnreachableModule[] = [
  {
    path: 'checksum/sha256/Sha256Js.js',
    why: "SHA-256 in JavaScript, for runtimes whose crypto lacks it; Node's has it",
    standIn: `export class Sha256Js { constructor() { ${fail('The JavaScript SHA-256')} } }`,
  },
  {
    path: 'retry/util-retry/AdaptiveRetryStrategy.js',
    why: "the 'adaptive' retry mode (and its rate limiter); every client is given 'standard'",
    standIn: `export class AdaptiveRetryStrategy { constructor() { ${fail("The 'adaptive' retry mode")} } }`,
  },
  {
    path: 'serde/util-stream/sdk-stream-mixin.browser.js',
    why:
      "helpers for web-stream response bodies; Node's HTTP handler gives Node streams (the SDK reports any other " +
      'kind as unexpected)',
    standIn: `export const sdkStreamMixin = () => { ${fail('Web-stream bodies')} };`,
  },
  {
    path: 'config/config-resolver/regionConfig/getInstanceMetadataRegion.js',
    why: 'asking EC2 instance metadata for the region when none is configured; Lambda sets AWS_REGION',
    standIn: 'export const getInstanceMetadataRegion = async () => undefined;',
  },
];

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Replaces each module of UNREACHABLE_SDK_MODULES by its stand-in in the Lambda bundles. */
export function sdkUnreachableCodeLeftOut(): Plugin {
  return {
    name: 'sdk-unreachable-code-left-out',
    setup(build) {
      for (const module of UNREACHABLE_SDK_MODULES) {
        const segments = ['@smithy', 'core', 'dist-es', 'submodules', ...module.path.split('/')].map(escaped);
        const filter = new RegExp(`[\\\\/]${segments.join('[\\\\/]')}$`);
        build.onLoad({ filter }, () => ({ contents: module.standIn, loader: 'js' }));
      }
    },
  };
}
