import { knownCohortIdSchema } from '../domain/cohort/registry.ts';
import { defineEvent, EVENT_SOURCE } from '../platform/events/contract.ts';
import * as z from '../platform/schemas/zod.ts';

/**
 * A facilitator imported invitees after the cohort's invitation date: the invitation
 * campaign runs again for the cohort, and the per-invitee ledger sends only to invitees
 * never invited (those of this import), through the same once-only path as InvitationsDue.
 */
export const InviteesImported = defineEvent({
  source: EVENT_SOURCE,
  detailType: 'InviteesImported',
  description:
    "Invitees were imported after the cohort's invitation date: whoever of the cohort's invitees has not had " +
    'the invitation gets it now, once.',
  producers: ['facilitatorInvitees'],
  detail: z.strictObject({
    cohort: knownCohortIdSchema,
    /** Digest of the imported file, e.g. "3f9a0c1d2e4b5a69". */
    importId: z.string().check(z.regex(/^[0-9a-f]{16}$/)),
    importedAt: z.iso.datetime(),
    /** Rows of the file (new, changed and unchanged invitees). */
    rows: z.number().check(z.int(), z.minimum(1), z.maximum(100_000)),
  }),
});

export type InviteesImportedDetail = z.infer<typeof InviteesImported.detail>;
