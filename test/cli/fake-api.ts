/**
 * The CLI run in-process against a fake API that answers each request in turn and records
 * what the CLI sent: method, path and JSON body.
 */
import type { Fetch } from '../../cli/api-client.ts';
import { type CliIo, run } from '../../cli/main.ts';

export const LOCAL = 'http://127.0.0.1:3000';

export interface Call {
  readonly method: string;
  /** The path and query after the local runtime's URL. */
  readonly path: string;
  readonly body: unknown;
}

export function fakeApi(...answers: Array<{ status: number; body?: unknown }>) {
  const calls: Call[] = [];
  const fetch: Fetch = async (input, init = {}) => {
    const sent = typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
    calls.push({ method: init.method ?? 'GET', path: String(input).slice(LOCAL.length), body: sent });
    const answer = answers.shift();
    if (!answer) throw new Error('the fake API got more requests than the test expected');
    // A 204 has no body at all.
    const text = answer.body === undefined ? null : JSON.stringify(answer.body);
    return new Response(text, { status: answer.status });
  };
  return { calls, fetch };
}

export async function cli(argv: string[], api: ReturnType<typeof fakeApi>, io: Partial<CliIo> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    env: {},
    fetch: api.fetch,
    ...io,
  });
  return { code, stdout, stderr };
}

/** A confirm that records each question and answers as told. */
export function answering(answer: boolean) {
  const questions: string[] = [];
  return {
    questions,
    confirm: async (question: string) => {
      questions.push(question);
      return answer;
    },
  };
}
