import type { HttpResponse } from './response.ts';
import { errorResponse } from './response.ts';

/** The Cognito group whose members may use the facilitator routes. */
export const FACILITATORS_GROUP = 'facilitators';

export interface Facilitator {
  /** Stable subject id of the signed-in facilitator; what the audit trail records. */
  readonly id: string;
  readonly email: string | undefined;
}

interface JwtAuthorizedEvent {
  readonly requestContext?: { readonly authorizer?: { readonly jwt?: { readonly claims?: Record<string, unknown> } } };
}

/** API Gateway passes array claims as "[a b]" strings; Cognito may also give real arrays. */
function groupsOf(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.map(String);
  if (typeof claim !== 'string') return [];
  return claim
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter(Boolean);
}

/**
 * Who is calling a facilitator route. The JWT authorizer has already refused a missing or
 * bad token (401); this refuses a valid token without the facilitators group (403), and
 * answers 401 itself if the route ever arrives without claims.
 */
export function authorizeFacilitator(event: {
  readonly requestContext?: object;
}): { ok: true; facilitator: Facilitator } | { ok: false; response: HttpResponse } {
  const claims = (event as JwtAuthorizedEvent).requestContext?.authorizer?.jwt?.claims;
  const subject = claims?.sub;
  if (!claims || typeof subject !== 'string' || subject === '') {
    return { ok: false, response: errorResponse(401, 'Unauthorized', 'Sign in as a facilitator.') };
  }
  if (!groupsOf(claims['cognito:groups']).includes(FACILITATORS_GROUP)) {
    return { ok: false, response: errorResponse(403, 'Forbidden', 'Only facilitators may use this route.') };
  }
  return { ok: true, facilitator: { id: subject, email: typeof claims.email === 'string' ? claims.email : undefined } };
}
