import { Readable } from 'node:stream';

/**
 * Reads a response body whole, for the SDK clients (their `streamCollector`). The SDK's own
 * collector first asks whether the body is a web Blob or ReadableStream, and merely naming
 * the global ReadableStream makes Node load its web streams: ~6 ms of every cold start. The
 * SDK's Node HTTP handler, the only one our clients use, always answers a Node stream.
 */
export async function collectNodeStream(body: unknown): Promise<Uint8Array> {
  if (!(body instanceof Readable))
    throw new TypeError('collectNodeStream reads Node streams only (the SDK clients use its Node HTTP handler)');
  const chunks: Uint8Array[] = [];
  for await (const chunk of body) chunks.push(chunk as Uint8Array);
  // An array of its own, as the SDK's collector returns: a small Buffer is a view of Node's shared pool.
  return new Uint8Array(Buffer.concat(chunks));
}
