import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { validationErrorResponse } from '../../shared/platform/http/response.ts';
import { type HttpRoute, httpRoutes } from '../routing.ts';
import { claimsFor } from './dev-tokens.ts';
import type { LocalFunctions } from './functions.ts';
import { BodyTooLargeError, readBody, sendJson } from './http-util.ts';

/** API Gateway HTTP APIs refuse payloads over 10 MB before any function runs. */
const GATEWAY_PAYLOAD_LIMIT = 10 * 1024 * 1024;

export type LocalRoute = (request: IncomingMessage, body: Buffer, response: ServerResponse) => Promise<void>;

interface CompiledRoute {
  readonly route: HttpRoute;
  readonly pattern: RegExp;
  readonly parameterNames: string[];
}

function compile(route: HttpRoute): CompiledRoute {
  const parameterNames: string[] = [];
  const source = route.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    parameterNames.push(name);
    return '([^/]+)';
  });
  return { route, pattern: new RegExp(`^${source}$`), parameterNames };
}

function isTextual(contentType: string | undefined): boolean {
  return (
    contentType === undefined ||
    /^(text\/|application\/(json|xml|x-www-form-urlencoded)|[^;]*\+json)/i.test(contentType)
  );
}

type PathParameters = { ok: true; values: Record<string, string> } | { ok: false; name: string };

/** The route's path parameters, percent-decoded, or the name of the first that is malformed ("%ZZ"). */
function decodePathParameters(compiled: CompiledRoute, match: RegExpExecArray): PathParameters {
  const values: Record<string, string> = {};
  for (const [index, name] of compiled.parameterNames.entries()) {
    try {
      values[name] = decodeURIComponent(match[index + 1] ?? '');
    } catch {
      return { ok: false, name };
    }
  }
  return { ok: true, values };
}

/** Builds the payload-format 2.0 event API Gateway would send for this request. */
function toEvent(
  request: IncomingMessage,
  url: URL,
  body: Buffer,
  compiled: CompiledRoute,
  pathParameters: Record<string, string>,
): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const textual = isTextual(headers['content-type']);
  const routeKey = `${compiled.route.method} ${compiled.route.path}`;
  const nowMs = Date.now();
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ''),
    headers,
    ...(url.search ? { queryStringParameters: Object.fromEntries(url.searchParams) } : {}),
    ...(compiled.parameterNames.length > 0 ? { pathParameters } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'local',
      http: {
        method: request.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: new Date(nowMs).toUTCString(),
      timeEpoch: nowMs,
    },
    ...(body.byteLength > 0 ? { body: textual ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: body.byteLength > 0 && !textual,
  };
}

function writeResult(response: ServerResponse, result: APIGatewayProxyStructuredResultV2 | string | undefined): void {
  if (typeof result === 'string' || result === undefined) {
    sendJson(response, 200, result ?? null);
    return;
  }
  const payload =
    result.body === undefined ? Buffer.alloc(0) : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8');
  response.writeHead(result.statusCode ?? 200, {
    ...(result.headers as Record<string, string>),
    'content-length': payload.byteLength,
  });
  response.end(payload);
}

/**
 * The HTTP API on localhost: the routes of routing.ts served by the same handlers,
 * plus the local-only control routes under /_local.
 */
export function createHttpApi(
  functions: LocalFunctions,
  localRoutes: Record<string, LocalRoute>,
  log: (line: string) => void,
): Server {
  const compiled = httpRoutes.map(compile);
  return createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      let body: Buffer;
      try {
        body = await readBody(request, GATEWAY_PAYLOAD_LIMIT);
      } catch (error) {
        if (error instanceof BodyTooLargeError) {
          sendJson(response, 413, { message: 'Request Entity Too Large' });
          return;
        }
        throw error;
      }
      try {
        const local = localRoutes[`${request.method} ${url.pathname}`];
        if (local) {
          await local(request, body, response);
          return;
        }
        for (const route of compiled) {
          const match = route.route.method === request.method ? route.pattern.exec(url.pathname) : null;
          if (match) {
            const pathParameters = decodePathParameters(route, match);
            if (!pathParameters.ok) {
              // No handler can be given it, so answer as they answer a bad path parameter.
              writeResult(
                response,
                validationErrorResponse([
                  { field: `path.${pathParameters.name}`, message: 'is not valid percent-encoding' },
                ]),
              );
              return;
            }
            const event = toEvent(request, url, body, route, pathParameters.values);
            if (route.route.auth === 'facilitator') {
              // What the Cognito JWT authorizer does in AWS, with the documented dev tokens.
              const claims = claimsFor(event.headers.authorization);
              if (!claims) {
                sendJson(response, 401, { message: 'Unauthorized' });
                return;
              }
              Object.assign(event.requestContext, { authorizer: { jwt: { claims, scopes: null } } });
            }
            const result = await functions.invoke(route.route.target, event);
            writeResult(response, result as APIGatewayProxyStructuredResultV2);
            return;
          }
        }
        sendJson(response, 404, { message: 'Not Found' });
      } catch (error) {
        // What API Gateway answers when the integration itself fails.
        log(`[api] ${request.method} ${url.pathname} failed: ${error instanceof Error ? error.stack : String(error)}`);
        if (!response.headersSent) sendJson(response, 500, { message: 'Internal Server Error' });
      }
    })();
  });
}
