/** Environment variable names: infra sets them, handlers read them (once, at load). */
export const ENV = {
  tableName: 'TABLE_NAME',
  eventBusName: 'EVENT_BUS_NAME',
  senderAddress: 'SENDER_ADDRESS',
  configurationSet: 'SES_CONFIGURATION_SET',
  facilitatorEmails: 'FACILITATOR_EMAILS',
  /** AWS: ARN of the Secrets Manager secret holding the applicant-link key (read once, on first use). */
  applicantLinkSecretArn: 'APPLICANT_LINK_SECRET_ARN',
  /** Local runtime only: the applicant-link key itself, instead of a secret ARN. */
  applicantLinkKey: 'APPLICANT_LINK_KEY',
  /** Base URL of the HTTP API, for links in emails (no trailing slash). */
  publicApiUrl: 'PUBLIC_API_URL',
} as const;
