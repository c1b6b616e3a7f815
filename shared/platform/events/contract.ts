import type * as z from '../schemas/zod.ts';

/** Every event this system publishes comes from this source. */
export const EVENT_SOURCE = 'srsn.innovation-zones';

/**
 * One event type, defined once: producers publish with it, consumers parse with it,
 * and the CDK rules and the local bus route with its pattern.
 */
export interface EventContract<Schema extends z.ZodMiniType = z.ZodMiniType> {
  readonly source: string;
  readonly detailType: string;
  readonly detail: Schema;
  readonly description: string;
  /**
   * Who puts it on the bus: the functions (by their name in infra/routing.ts) whose code
   * publishes it, or the outside service that sends another source's events. Listed in
   * events/CATALOG.md; test/unit/event-catalog.test.ts checks it against the publish calls.
   */
  readonly producers: readonly string[];
  /** Why no rule consumes it: without a consuming rule (or this reason) the catalogue test fails. */
  readonly unconsumedBecause?: string;
}

export function defineEvent<Schema extends z.ZodMiniType>(contract: EventContract<Schema>): EventContract<Schema> {
  return contract;
}

/** The EventBridge pattern that matches exactly this event type. */
export function patternOf(contract: EventContract): EventPattern {
  return { source: [contract.source], 'detail-type': [contract.detailType] };
}

/** The subset of the EventBridge pattern language used by our rules. */
export type EventPattern = {
  readonly [field: string]: readonly PatternValue[] | EventPattern;
};
export type PatternValue =
  | string
  | number
  | boolean
  | null
  | { readonly prefix: string }
  | { readonly suffix: string }
  | { readonly 'anything-but': string | number | readonly (string | number)[] }
  | { readonly exists: boolean };
