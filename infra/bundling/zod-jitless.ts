/**
 * Injected first into every Lambda bundle (lambda-bundle.ts): zod parses without compiling.
 *
 * Classic zod compiles a parser for each object schema (`new Function`) on its first parse.
 * That pays in a long-running process; a Lambda cold start parses each schema once or a few
 * times, so the compiling is pure cost: 15-100 ms of CPU per cold start on the benchmark
 * machine. The project's schemas are zod/mini, whose objects never compile; the setting is
 * global (zod/mini and classic zod share it), so it still holds should classic zod ever reach
 * a bundle. Parsing gives the same results either way (zod's `jitless` mode exists for hosts
 * that forbid eval).
 */
import { config } from 'zod/mini';

config({ jitless: true });
