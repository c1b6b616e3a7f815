import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { sdkSettings } from './sdk-settings.ts';

/** One EventBridge client per process; AWS_ENDPOINT_URL_EVENTBRIDGE points it at the local bus. */
export const eventBridgeClient = new EventBridgeClient({ ...sdkSettings });
