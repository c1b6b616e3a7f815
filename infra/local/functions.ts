import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { functionDefinitions, type FunctionName } from '../routing.ts';
import { lambdaContext } from './lambda-context.ts';

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

/**
 * Loads the real handler modules (the same files Lambda bundles) and invokes them
 * in-process with a Lambda context. Modules load once, like a warm Lambda.
 */
export class LocalFunctions {
  private readonly loaded = new Map<FunctionName, Promise<Handler>>();

  constructor(private readonly repositoryRoot: string) {}

  async invoke(name: FunctionName, event: unknown): Promise<unknown> {
    const definition = functionDefinitions[name];
    const handler = await this.load(name);
    return handler(event, lambdaContext(name, definition.timeoutSeconds, definition.memoryMb));
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
