import type { Logger } from '@aws-lambda-powertools/logger';
import type { MiddlewareObj } from '@middy/core';
import { errorResponse } from '../http/response.ts';

/**
 * Last line of an HTTP handler: any unexpected error becomes a 500 with a generic
 * message (details only in the log, which carries no request body).
 */
export function httpErrorBoundary(
  logger: Logger,
  message = 'Something went wrong on our side; please retry.',
): MiddlewareObj {
  return {
    onError: async (request) => {
      logger.error('Unhandled error while serving a request', { error: request.error as Error });
      request.response = errorResponse(500, 'InternalError', message);
    },
  };
}
