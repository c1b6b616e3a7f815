import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('the toolchain', () => {
  it('runs the tests on Node 24 from the npm registry, not the machine Node 20', () => {
    expect(process.versions.node.split('.')[0]).toBe('24');
  });

  it('lets the node package run its install script, without which npm falls back to the system Node', () => {
    const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      allowScripts?: Record<string, boolean>;
      devDependencies?: Record<string, string>;
    };
    expect(manifest.devDependencies?.node).toMatch(/^\^24\./);
    expect(manifest.allowScripts?.node).toBe(true);
  });
});
