import { ApplicationSubmitted } from './application-submitted.ts';
import type { EventContract } from './contract.ts';
import { ApplicationWindowClosed, BoardResolutionReminderDue, ResultsReleaseDue } from './season-milestones.ts';

/** Every event type of the system, for the generated JSON Schemas and their tests. */
export const eventCatalog: readonly EventContract[] = [ApplicationSubmitted, ApplicationWindowClosed, ResultsReleaseDue, BoardResolutionReminderDue];
