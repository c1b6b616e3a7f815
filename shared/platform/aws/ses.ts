import { SESv2Client } from '@aws-sdk/client-sesv2';
import { sdkSettings } from './sdk-settings.ts';

/**
 * One SES v2 client per process; AWS_ENDPOINT_URL_SESV2 points it at aws-ses-v2-local locally.
 * One attempt per call: an SDK retry after a timeout could send an email SES already accepted,
 * and a throttled retry would slip past the bulk sender's pace. Our own retries (the event's
 * redelivery, the paced sender's backoff) go through the notification ledger instead.
 */
export const sesClient = new SESv2Client({ ...sdkSettings, maxAttempts: 1 });
