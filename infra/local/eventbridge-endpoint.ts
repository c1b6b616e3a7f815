import { createServer, type Server } from 'node:http';
import type { LocalEventBus, PutEventsEntry } from './event-bus.ts';
import { BodyTooLargeError, readBody, sendJson } from './http-util.ts';

const AWS_JSON = 'application/x-amz-json-1.1';

/**
 * The EventBridge API (AWS JSON 1.1 protocol, PutEvents only) in front of the local
 * bus, so handlers publish with the real SDK client pointed here by AWS_ENDPOINT_URL_EVENTBRIDGE.
 */
export function createEventBridgeEndpoint(bus: LocalEventBus): Server {
  return createServer((request, response) => {
    void (async () => {
      const target = request.headers['x-amz-target'];
      if (request.method !== 'POST' || target !== 'AWSEvents.PutEvents') {
        sendJson(
          response,
          400,
          { __type: 'UnknownOperationException', message: `Operation ${String(target)} is not supported locally` },
          AWS_JSON,
        );
        return;
      }
      try {
        const body = JSON.parse((await readBody(request, 1024 * 1024)).toString('utf8')) as {
          Entries?: PutEventsEntry[];
        };
        sendJson(response, 200, bus.putEvents(body.Entries ?? []), AWS_JSON);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const type = error instanceof BodyTooLargeError ? 'RequestEntityTooLarge' : 'ValidationException';
        sendJson(response, 400, { __type: type, message }, AWS_JSON);
      }
    })();
  });
}
