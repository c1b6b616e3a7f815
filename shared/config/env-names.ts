/** Environment variable names: infra sets them, handlers read them (once, at load). */
export const ENV = {
  tableName: 'TABLE_NAME',
  eventBusName: 'EVENT_BUS_NAME',
  senderAddress: 'SENDER_ADDRESS',
  configurationSet: 'SES_CONFIGURATION_SET',
  facilitatorEmails: 'FACILITATOR_EMAILS',
} as const;
