/**
 * The docs stay honest: every relative link in README.md, docs/**.md and events/*.md names a
 * file or folder of this repository (never one beside it), and a `#anchor` names a heading of
 * the Markdown file it points at. Web links (http, https, mailto) are not followed: the suite
 * runs offline. Links inside code (fenced blocks, `inline code`) are not links.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The Markdown files whose links are checked, relative to the repository root. */
function documentationFiles(): string[] {
  const underDocs = (folder: string): string[] =>
    readdirSync(path.join(ROOT, folder), { withFileTypes: true }).flatMap((entry) => {
      const relative = path.posix.join(folder, entry.name);
      if (entry.isDirectory()) return underDocs(relative);
      return entry.name.endsWith('.md') ? [relative] : [];
    });
  const events = readdirSync(path.join(ROOT, 'events'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `events/${name}`);
  return ['README.md', ...(existsSync(path.join(ROOT, 'docs')) ? underDocs('docs') : []), ...events];
}

interface MarkdownLink {
  readonly line: number;
  readonly target: string;
}

/** Each line outside fenced code, with its number, inline code spans blanked out. */
function proseLines(markdown: string): { line: number; text: string }[] {
  const lines: { line: number; text: string }[] = [];
  let fence: string | null = null;
  markdown.split('\n').forEach((text, index) => {
    const marker = /^\s*(`{3,}|~{3,})/.exec(text)?.[1];
    if (marker && (fence === null || marker.startsWith(fence))) {
      fence = fence === null ? marker : null;
      return;
    }
    if (fence === null) lines.push({ line: index + 1, text: text.replace(/(`+)[^`]*?\1/g, '') });
  });
  return lines;
}

/** Inline links and images `[text](target "title")` and reference definitions `[name]: target`. */
function linksOf(markdown: string): MarkdownLink[] {
  return proseLines(markdown).flatMap(({ line, text }) => [
    ...[...text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((match) => ({ line, target: match[1]! })),
    ...[...text.matchAll(/^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/g)].map((match) => ({ line, target: match[1]! })),
  ]);
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const { text } of proseLines(markdown)) {
    const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(text)?.[1];
    if (heading === undefined) continue;
    const slug = heading
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
      .replace(/ /g, '-');
    const repeats = seen.get(slug) ?? 0;
    seen.set(slug, repeats + 1);
    anchors.add(repeats === 0 ? slug : `${slug}-${repeats}`);
  }
  return anchors;
}

/** What is wrong with the relative links of one Markdown file (empty when every one resolves). */
function brokenLinks(file: string, markdown: string): string[] {
  const problems: string[] = [];
  for (const { line, target } of linksOf(markdown)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
    const [targetPath = '', anchor] = target.split('#', 2).map((part) => decodeURIComponent(part));
    const where = `${file}:${line} ${target}`;
    if (targetPath === '') {
      if (anchor && !headingAnchors(markdown).has(anchor)) problems.push(`${where}: no heading with this anchor`);
      continue;
    }
    const base = targetPath.startsWith('/') ? ROOT : path.dirname(path.join(ROOT, file));
    const resolved = path.join(base, targetPath);
    const fromRoot = path.relative(ROOT, resolved);
    if (fromRoot.startsWith('..') || path.isAbsolute(fromRoot)) {
      problems.push(`${where}: leaves the repository`);
    } else if (!existsSync(resolved)) {
      problems.push(`${where}: no such file or folder`);
    } else if (anchor && statSync(resolved).isFile() && resolved.endsWith('.md')) {
      if (!headingAnchors(readFileSync(resolved, 'utf8')).has(anchor)) {
        problems.push(`${where}: no heading with this anchor`);
      }
    }
  }
  return problems;
}

describe('links in the documentation', () => {
  const files = documentationFiles();

  it('reads the README, the docs and the event contracts folder', () => {
    expect(files).toContain('README.md');
    expect(files).toContain('events/README.md');
    expect(files.filter((file) => file.startsWith('docs/')).length).toBeGreaterThan(0);
  });

  it.each(files)('every relative link in %s resolves inside the repository', (file) => {
    expect(brokenLinks(file, readFileSync(path.join(ROOT, file), 'utf8'))).toEqual([]);
  });

  it('reports a missing file, a link out of the repository and an unknown anchor, and ignores code and web links', () => {
    const markdown = [
      '# Example',
      '[the README](../README.md), [this heading](#example), [a folder](../shared/)',
      '[missing](no-such-file.md) and [outside](../../outside-the-repository.md)',
      '[bad anchor](../README.md#no-such-heading)',
      '`[in code](not-checked.md)` and [the web](https://example.org/missing.md)',
      '```md',
      '[in a fence](not-checked-either.md)',
      '```',
    ].join('\n');
    expect(brokenLinks('docs/example.md', markdown)).toEqual([
      'docs/example.md:3 no-such-file.md: no such file or folder',
      'docs/example.md:3 ../../outside-the-repository.md: leaves the repository',
      'docs/example.md:4 ../README.md#no-such-heading: no heading with this anchor',
    ]);
  });
});
