import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { BUNDLE_ROOT } from '../../../infra/bundling/lambda-bundle.ts';
import type { ProbeReport } from './probe.ts';

export interface Sample extends ProbeReport {
  /** From spawning the process to its report of the handler's result. */
  readonly totalMs: number;
}

/**
 * The Node the measured processes run: Lambda's major, 24. The one running this benchmark
 * when it is 24 (npm scripts put node_modules' first on the PATH), else node_modules' own.
 */
export function lambdaNode(): { readonly path: string; readonly version: string } {
  const candidates = [process.execPath, path.join(BUNDLE_ROOT, 'node_modules/node/bin/node')];
  for (const candidate of candidates) {
    if (!existsSync(candidate)) continue;
    const version = execFileSync(candidate, ['--version'], { encoding: 'utf8' }).trim();
    if (version.startsWith('v24.')) return { path: candidate, version };
  }
  throw new Error('No Node 24 found: run `npm ci` (it installs the `node` dev dependency)');
}

/**
 * The flags Lambda's Node.js bootstrap starts Node with (as in copies of its
 * /var/runtime/bootstrap): a tenth of the memory for the young generation (two semi-spaces),
 * the rest for the old one. They shape garbage collection during a cold start, so every
 * measured process gets them, whatever its bundle.
 */
export function lambdaRuntimeFlags(memoryMb: number): string[] {
  const newSpace = Math.floor(memoryMb / 10);
  return [
    '--expose-gc',
    '--max-http-header-size=81920',
    `--max-semi-space-size=${Math.floor(newSpace / 2)}`,
    `--max-old-space-size=${memoryMb - newSpace}`,
  ];
}

export interface ProbeRun {
  readonly node: string;
  readonly probe: string;
  readonly bundle: string;
  readonly eventFile: string;
  readonly functionName: string;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  readonly env: Readonly<Record<string, string>>;
}

/** Longest a measured process may take before it counts as hung. */
const RUN_LIMIT_MS = 60_000;

/**
 * Starts a fresh Node 24 on the probe and times it from the spawn to the report. Its stdout (the functions' logs) is
 * dropped, as Lambda ships it elsewhere; stderr is kept for the error message of a failed run.
 */
export function runProbe(run: ProbeRun): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(
      run.node,
      [
        ...lambdaRuntimeFlags(run.memoryMb),
        run.probe,
        run.bundle,
        run.eventFile,
        run.functionName,
        String(run.timeoutSeconds),
        String(run.memoryMb),
      ],
      {
        env: run.env,
        stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
      },
    );
    let report = '';
    let reportedAt: number | undefined;
    let stderr = '';
    const limit = setTimeout(() => child.kill('SIGKILL'), RUN_LIMIT_MS);
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const channel = child.stdio[3] as NodeJS.ReadableStream;
    channel.on('data', (chunk: Buffer) => {
      report += chunk.toString('utf8');
      if (reportedAt === undefined && report.includes('\n')) reportedAt = performance.now();
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(limit);
      const line = report.split('\n')[0];
      if (reportedAt === undefined || !line) {
        reject(
          new Error(
            `${run.functionName}: ${run.bundle} reported nothing (exit ${code ?? signal}): ${stderr.slice(-2000)}`,
          ),
        );
        return;
      }
      resolve({ ...(JSON.parse(line) as ProbeReport), totalMs: reportedAt - started });
    });
  });
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
