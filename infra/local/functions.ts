import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type FunctionName, functionDefinitions } from '../routing.ts';
import { lambdaContext } from './lambda-context.ts';

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

export type FaultTiming = 'before' | 'after';

/** One handler run, as an opt-in observer sees it: the handler's wall time, not the fault injection around it. */
export interface InvocationRecord {
  readonly name: FunctionName;
  /** The event the handler got (an API Gateway request, a bus event, a schedule tick). */
  readonly event: unknown;
  readonly durationMs: number;
  readonly ok: boolean;
}

export type InvocationObserver = (record: InvocationRecord) => void;

/** A failure the local runtime was asked to inject. */
export class InjectedFault extends Error {
  constructor(name: string, when: FaultTiming) {
    super(`Injected failure ${when} ${name} ran`);
    this.name = 'InjectedFault';
  }
}

/**
 * Loads the real handler modules (the same files Lambda bundles) and invokes them
 * in-process with a Lambda context. Modules load once, like a warm Lambda.
 */
export class LocalFunctions {
  private readonly loaded = new Map<FunctionName, Promise<Handler>>();
  private readonly faults = new Map<FunctionName, { when: FaultTiming; remaining: number }>();
  private observer: InvocationObserver | undefined;

  constructor(private readonly repositoryRoot: string) {}

  async invoke(name: FunctionName, event: unknown): Promise<unknown> {
    const definition = functionDefinitions[name];
    const handler = await this.load(name);
    const fault = this.takeFault(name);
    if (fault === 'before') throw new InjectedFault(name, fault);
    const context = lambdaContext(name, definition.timeoutSeconds, definition.memoryMb);
    const observer = this.observer;
    const result = observer
      ? await this.measured(observer, name, event, () => handler(event, context))
      : await handler(event, context);
    if (fault === 'after') throw new InjectedFault(name, fault);
    return result;
  }

  /**
   * Reports each handler run to `observer` (undefined stops it): what a cost model needs of
   * Lambda, invocations and their duration. Without an observer nothing is timed.
   */
  observe(observer: InvocationObserver | undefined): void {
    this.observer = observer;
  }

  private async measured(
    observer: InvocationObserver,
    name: FunctionName,
    event: unknown,
    run: () => Promise<unknown>,
  ): Promise<unknown> {
    const started = performance.now();
    let ok = false;
    try {
      const result = await run();
      ok = true;
      return result;
    } finally {
      observer({ name, event, durationMs: performance.now() - started, ok });
    }
  }

  /**
   * Makes the next `count` invocations of a function fail, before it runs (like a throttled
   * or unreachable function) or after it finished its work (like a timeout after the side
   * effects), so tests can prove retries change nothing and send nothing twice.
   */
  failNext(name: FunctionName, count: number, when: FaultTiming): void {
    this.faults.set(name, { when, remaining: count });
  }

  private takeFault(name: FunctionName): FaultTiming | undefined {
    const fault = this.faults.get(name);
    if (!fault || fault.remaining <= 0) return undefined;
    fault.remaining -= 1;
    return fault.when;
  }

  /** Imports every handler now, so a missing variable or a broken module fails at start-up. */
  async loadAll(): Promise<void> {
    await Promise.all((Object.keys(functionDefinitions) as FunctionName[]).map((name) => this.load(name)));
  }

  private load(name: FunctionName): Promise<Handler> {
    let pending = this.loaded.get(name);
    if (!pending) {
      const file = path.join(this.repositoryRoot, functionDefinitions[name].entry);
      pending = import(pathToFileURL(file).href).then((module: { handler?: Handler }) => {
        if (typeof module.handler !== 'function') throw new Error(`${file} does not export a handler`);
        return module.handler;
      });
      this.loaded.set(name, pending);
    }
    return pending;
  }
}
