import { type FieldError, requiredFieldMessages, toFieldErrors } from '../schemas/validation-errors.ts';
import type * as z from '../schemas/zod.ts';
import type { EventContract } from './contract.ts';

/** The EventBridge envelope as a Lambda target receives it. */
export interface EventEnvelope {
  readonly id?: string;
  readonly source?: unknown;
  readonly 'detail-type'?: unknown;
  readonly detail?: unknown;
  readonly time?: string;
}

export type ParsedEvent<Schema extends z.ZodMiniType> =
  | { ok: true; detail: z.output<Schema>; eventId: string | undefined }
  | { ok: false; errors: FieldError[] };

/** Checks that an incoming event is of the contract's type and its detail is valid. */
export function parseEvent<Schema extends z.ZodMiniType>(
  contract: EventContract<Schema>,
  event: unknown,
): ParsedEvent<Schema> {
  const envelope = (typeof event === 'object' && event !== null ? event : {}) as EventEnvelope;
  if (envelope.source !== contract.source || envelope['detail-type'] !== contract.detailType) {
    return {
      ok: false,
      errors: [{ field: 'detail-type', message: `must be ${contract.detailType} from ${contract.source}` }],
    };
  }
  const parsed = contract.detail.safeParse(envelope.detail, { error: requiredFieldMessages });
  if (!parsed.success) return { ok: false, errors: toFieldErrors(parsed.error, 'detail') };
  return { ok: true, detail: parsed.data, eventId: envelope.id };
}
