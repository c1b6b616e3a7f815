/**
 * The local stand-in for the Cognito JWT authorizer: fixed, documented bearer tokens.
 * Anything else on a facilitator route is refused with 401, as API Gateway would.
 */
export const DEV_TOKENS: Readonly<Record<string, Record<string, string>>> = {
  'dev-facilitator': {
    sub: 'dev-facilitator',
    email: 'facilitator@innovation-zones.localhost',
    'cognito:groups': '[facilitators]',
  },
  'dev-facilitator-2': {
    sub: 'dev-facilitator-2',
    email: 'facilitator2@innovation-zones.localhost',
    'cognito:groups': '[facilitators]',
  },
  /** Signed in, but not a facilitator: every facilitator route answers 403. */
  'dev-applicant': { sub: 'dev-applicant', email: 'applicant@innovation-zones.localhost', 'cognito:groups': '[]' },
};

/** The claims for an Authorization header, or undefined when API Gateway would answer 401. */
export function claimsFor(authorization: string | undefined): Record<string, string> | undefined {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  return token === undefined ? undefined : DEV_TOKENS[token];
}
