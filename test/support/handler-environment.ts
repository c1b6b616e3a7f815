/**
 * The environment the handlers read once, at load: test/support/handler-setup.ts sets it
 * before a handler test file imports any handler; the tests import the values from here.
 */
import { ENV } from '../../shared/platform/config/env-names.ts';

export const TEST_ENV = {
  [ENV.tableName]: 'srsn-test-table',
  [ENV.eventBusName]: 'srsn-test-bus',
  [ENV.senderAddress]: 'Innovation Zones <no-reply@srsn.example.org>',
  [ENV.configurationSet]: 'srsn-test-configuration-set',
} as const;

export const TABLE_NAME = TEST_ENV[ENV.tableName];
export const EVENT_BUS_NAME = TEST_ENV[ENV.eventBusName];
export const SENDER_ADDRESS = TEST_ENV[ENV.senderAddress];
export const CONFIGURATION_SET = TEST_ENV[ENV.configurationSet];

for (const [name, value] of Object.entries(TEST_ENV)) process.env[name] = value;
