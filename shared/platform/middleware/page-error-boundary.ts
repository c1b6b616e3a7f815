import type { Logger } from '@aws-lambda-powertools/logger';
import type { MiddlewareObj } from '@middy/core';
import { htmlResponse } from '../html/page.ts';
import type { HttpRequestLike } from '../http/request.ts';

/**
 * httpErrorBoundary for functions that serve pages: an unexpected error becomes a 500 page
 * (`errorPage`, HTML with the pages' security headers), details only in the log.
 */
export function pageErrorBoundary(logger: Logger, errorPage: () => string): MiddlewareObj<HttpRequestLike> {
  return {
    onError: async (request) => {
      logger.error('Unhandled error while serving a page', { error: request.error as Error });
      request.response = htmlResponse(500, errorPage(), request.event);
    },
  };
}
