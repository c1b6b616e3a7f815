/**
 * Set-up of the handler tests (vitest `setupFiles`), run before each test file imports a handler:
 * the environment the handlers read once at load, and the aws-sdk-client-mock matchers
 * (toReceiveCommandWith, toReceiveCommandTimes, ...) with their TypeScript declarations.
 */
import 'aws-sdk-client-mock-vitest/extend';
import './handler-environment.ts';
