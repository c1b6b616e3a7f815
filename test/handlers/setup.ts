/**
 * Registers the aws-sdk-client-mock matchers (toReceiveCommandWith, toReceiveCommandTimes, ...)
 * and their TypeScript declarations. Import it first in every handler test file.
 */
import 'aws-sdk-client-mock-vitest/extend';
