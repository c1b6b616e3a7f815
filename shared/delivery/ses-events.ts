import { defineEvent, type EventContract, type EventPattern } from '../platform/events/contract.ts';
import * as z from '../platform/schemas/zod.ts';

/**
 * SES's own sending events, as its configuration set publishes them to the account's default
 * bus (the stack forwards `source: aws.ses` to the app bus). They are SES's contracts, not
 * ours: the schemas below check only the fields the app reads and let every other field
 * through (SES adds fields over time, and refusing its events would lose bounces). For the
 * same reason they are not in shared/events/catalog.ts, which lists and generates the JSON
 * Schemas of the events this system publishes (events/CATALOG.md lists them as an outside
 * source). AWS's reference: "Amazon SES events" in the EventBridge events reference, and
 * "Contents of event data that Amazon SES publishes".
 */
export const SES_SOURCE = 'aws.ses';

/** SES publishes them through the stack's configuration set; the stack forwards them from the default bus. */
const SES_PRODUCERS = ['Amazon SES (configuration set)'];

const address = z.string().check(z.minLength(3), z.maxLength(320));
const instant = z.string().check(z.minLength(1), z.maxLength(40));

/** The `mail` object of every event: the message, its recipients and its tags. */
const mail = z.looseObject({
  messageId: z.string().check(z.minLength(1), z.maxLength(256)),
  timestamp: instant,
  destination: z.array(address).check(z.maxLength(100)),
  /** Each tag's values: our EmailTags (`application`, `notification`) plus SES's own (`ses:*`). */
  tags: z.optional(z.record(z.string(), z.array(z.string()))),
});

export const SesEmailBounced = defineEvent({
  source: SES_SOURCE,
  producers: SES_PRODUCERS,
  detailType: 'Email Bounced',
  description:
    'SES: a recipient mail server refused the message, permanently (hard bounce) or after retries (soft bounce).',
  detail: z.looseObject({
    eventType: z.literal('Bounce'),
    mail,
    bounce: z.looseObject({
      bounceType: z.enum(['Permanent', 'Transient', 'Undetermined']),
      // Free text from receiving servers: kept short, never a reason to drop the bounce.
      bounceSubType: z.pipe(
        z.string(),
        z.transform((value) => value.slice(0, 100)),
      ),
      bouncedRecipients: z
        .array(
          z.looseObject({
            emailAddress: address,
            diagnosticCode: z.optional(
              z.pipe(
                z.string(),
                z.transform((value) => value.slice(0, 2000)),
              ),
            ),
          }),
        )
        .check(z.minLength(1), z.maxLength(100)),
      timestamp: instant,
      feedbackId: z.optional(z.string().check(z.maxLength(256))),
    }),
  }),
});

export const SesEmailComplaintReceived = defineEvent({
  source: SES_SOURCE,
  producers: SES_PRODUCERS,
  detailType: 'Email Complaint Received',
  description: 'SES: a recipient marked the message as spam.',
  detail: z.looseObject({
    eventType: z.literal('Complaint'),
    mail,
    complaint: z.looseObject({
      complainedRecipients: z.array(z.looseObject({ emailAddress: address })).check(z.minLength(1), z.maxLength(100)),
      timestamp: instant,
      feedbackId: z.optional(z.string().check(z.maxLength(256))),
      complaintFeedbackType: z.optional(z.string().check(z.maxLength(100))),
    }),
  }),
});

export const SesEmailDelivered = defineEvent({
  source: SES_SOURCE,
  producers: SES_PRODUCERS,
  detailType: 'Email Delivered',
  description: "SES: the recipients' mail server accepted the message.",
  detail: z.looseObject({
    eventType: z.literal('Delivery'),
    mail,
    delivery: z.looseObject({
      recipients: z.array(address).check(z.minLength(1), z.maxLength(100)),
      timestamp: instant,
    }),
  }),
});

export const SesEmailRejected = defineEvent({
  source: SES_SOURCE,
  producers: SES_PRODUCERS,
  detailType: 'Email Rejected',
  description: 'SES accepted the message but refused to send it (e.g. it found a virus).',
  detail: z.looseObject({
    eventType: z.literal('Reject'),
    mail,
    reject: z.looseObject({ reason: z.string().check(z.maxLength(500)) }),
  }),
});

/** The SES events the app consumes, each routed to the delivery-feedback handler. */
export const sesDeliveryEvents = [
  SesEmailBounced,
  SesEmailComplaintReceived,
  SesEmailDelivered,
  SesEmailRejected,
] as const satisfies readonly EventContract[];

/** One rule for all of them. */
export const sesDeliveryEventsPattern: EventPattern = {
  source: [SES_SOURCE],
  'detail-type': sesDeliveryEvents.map((contract) => contract.detailType),
};

export type SesBounceDetail = z.output<typeof SesEmailBounced.detail>;
export type SesComplaintDetail = z.output<typeof SesEmailComplaintReceived.detail>;
export type SesDeliveryDetail = z.output<typeof SesEmailDelivered.detail>;
export type SesRejectDetail = z.output<typeof SesEmailRejected.detail>;
