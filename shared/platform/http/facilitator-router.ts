import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { authorizeFacilitator, type Facilitator } from './facilitator-auth.ts';
import { errorResponse, type HttpResponse } from './response.ts';

export type FacilitatorRoute = (event: APIGatewayProxyEventV2, facilitator: Facilitator) => Promise<HttpResponse>;

/**
 * Serves the facilitator routes of one function: checks the caller is a facilitator,
 * then dispatches on API Gateway's route key ("PUT /facilitator/applications/{applicationId}/review").
 */
export function facilitatorRouter(
  routes: Readonly<Record<string, FacilitatorRoute>>,
): (event: APIGatewayProxyEventV2) => Promise<HttpResponse> {
  return async (event) => {
    const auth = authorizeFacilitator(event);
    if (!auth.ok) return auth.response;
    const route = routes[event.routeKey];
    if (!route) return errorResponse(404, 'NotFound', `No route ${event.routeKey}.`);
    return route(event, auth.facilitator);
  };
}
