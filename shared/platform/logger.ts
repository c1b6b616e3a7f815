import { Logger } from '@aws-lambda-powertools/logger';

/**
 * Structured JSON logs. Personal data (names, email addresses) never goes to info
 * level: log ids, zones and counts instead.
 */
export const logger = new Logger({ serviceName: 'srsn-innovation-zones' });
