import { SESv2Client } from '@aws-sdk/client-sesv2';

/** One SES v2 client per process; AWS_ENDPOINT_URL_SESV2 points it at aws-ses-v2-local locally. */
export const sesClient = new SESv2Client({});
