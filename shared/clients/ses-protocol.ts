import { errorTypeRegistries } from '@aws-sdk/client-sesv2';
import { AwsRestJsonProtocol } from '@aws-sdk/core/protocols';
import { JsonCodec } from '@smithy/core/protocols';

/** restJson1 writes timestamps in bodies as epoch seconds (the Smithy schemas' code for it). */
const EPOCH_SECONDS = 7;

/**
 * SES v2's own protocol (restJson1) with the SDK's first JSON codec, which builds the body as
 * an object and has JSON.stringify write it. The SDK's default codec writes each character of
 * the body itself: on a cold start that loop runs in the interpreter, about 1 µs per byte, and
 * an email is 7-17 KB (HTML and text parts, calendar attachment). The same requests and
 * errors either way (test/unit/sdk-clients.test.ts compares).
 */
export function sesJsonProtocol(): AwsRestJsonProtocol {
  return new AwsRestJsonProtocol({
    defaultNamespace: 'com.amazonaws.sesv2',
    errorTypeRegistries,
    jsonCodec: new JsonCodec({ timestampFormat: { useTrait: true, default: EPOCH_SECONDS }, httpBindings: true, jsonName: true }),
  });
}
