/**
 * Injected first into every Lambda bundle (lambda-bundle.ts): zod parses without compiling.
 *
 * zod compiles a parser for each object schema (`new Function`) on its first parse. That
 * pays in a long-running process; a Lambda cold start parses each schema once or a few
 * times, so the compiling is pure cost: 15-100 ms of CPU per cold start on the benchmark
 * machine, most for the functions that read whole applications. Parsing gives the same
 * results either way (zod's `jitless` mode exists for hosts that forbid eval).
 */
import { config } from 'zod';

config({ jitless: true });
