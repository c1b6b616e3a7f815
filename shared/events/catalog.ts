import { ApplicationSubmitted } from './application-submitted.ts';
import type { EventContract } from './contract.ts';

/** Every event type of the system, for the generated JSON Schemas and their tests. */
export const eventCatalog: readonly EventContract[] = [ApplicationSubmitted];
