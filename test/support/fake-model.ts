/**
 * A fake OpenAI-compatible server on 127.0.0.1 (node:http, port 0) for the real `openai` client to talk to. Each
 * test scripts it: one step per request, in order (an answer, tool calls, an HTTP error, a body that is not JSON,
 * silence, or a body that stops halfway), and may hold a step back until the test lets it go. It records every
 * request it receives, headers and body as sent, so that tests can check what the model was shown. A request beyond
 * the script is answered 500 and recorded, so an unexpected call shows in `received`.
 */
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { ChatCompletionCreateParams, ChatCompletionMessageParam } from 'openai/resources/chat/completions';

export interface Received {
  path: string;
  authorization: string | undefined;
  /** The body as sent, and its size in bytes. */
  raw: string;
  bytes: number;
  body: ChatCompletionCreateParams;
}

type Message = { content: string | null; tool_calls?: { id: string; type: 'function'; function: { name: string; arguments: string } }[] };

export type Step =
  | { message: Message; usage?: { prompt_tokens: number; completion_tokens: number } }
  | { status: number; body?: string; headers?: Record<string, string> }
  /** HTTP 200 with this body, as is. */
  | { raw: string }
  /** Accept the request and never answer. */
  | { hang: true }
  /** Send the headers of a 200 and the start of the body, then nothing more. */
  | { stall: true }
  /** Answer with `then` once `after` settles: the test decides when a slow model answers. */
  | { after: Promise<unknown>; then: Step }
  | ((request: Received) => Step);

let calls = 0;

/** The model calls tools (arguments as an object, or as a string to send them malformed). */
export const toolCalls = (...list: { name: string; args: object | string }[]): Step => ({
  message: {
    content: null,
    tool_calls: list.map(({ name, args }) => ({
      id: `call_${++calls}`,
      type: 'function',
      function: { name, arguments: typeof args === 'string' ? args : JSON.stringify(args) },
    })),
  },
});
export const toolCall = (name: string, args: object | string): Step => toolCalls({ name, args });

/** The model's final answer, in the shape the system prompt asks for. */
export const answer = (reply: string, codes: string[] = []): Step => ({ message: { content: JSON.stringify({ reply, codes }) } });

/** The model says exactly this. */
export const says = (content: string | null): Step => ({ message: { content } });

/**
 * A step held back: `arrived` resolves when its request comes in, and the answer goes out only on `release()`. A
 * slow model without a clock: the test says what happens while the model is still thinking.
 */
export function held(then: Step): { step: Step; arrived: Promise<void>; release: () => void } {
  let arrive!: () => void;
  let release!: () => void;
  const arrived = new Promise<void>((resolve) => (arrive = resolve));
  const after = new Promise<void>((resolve) => (release = resolve));
  return {
    step: () => {
      arrive();
      return { after, then };
    },
    arrived,
    release,
  };
}

/** The text of the messages of a request, by role. */
export const messagesOf = (request: Received, role: ChatCompletionMessageParam['role']): string[] =>
  request.body.messages.filter((m) => m.role === role).map((m) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content)));

export interface FakeModel {
  /** What to give duban as OPENAI_BASE_URL. */
  baseURL: string;
  received: Received[];
  /** Replaces the script. */
  play(...steps: Step[]): void;
  close(): Promise<void>;
}

function completion(message: Message, usage: { prompt_tokens: number; completion_tokens: number }) {
  return {
    id: `chatcmpl-${++calls}`,
    object: 'chat.completion',
    created: 1_625_101_200,
    model: 'fake',
    choices: [{ index: 0, message: { role: 'assistant', refusal: null, ...message }, finish_reason: message.tool_calls ? 'tool_calls' : 'stop', logprobs: null }],
    usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
  };
}

export async function startFakeModel(): Promise<FakeModel> {
  const received: Received[] = [];
  let script: Step[] = [];
  const sockets = new Set<Socket>();

  const respond = (step: Step, request: Received, res: ServerResponse): void => {
    if (typeof step === 'function') return respond(step(request), request, res);
    if ('hang' in step) return;
    if ('stall' in step) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"id": "chatcmpl-stalled", "object": "chat.completion", "choices": [');
      return;
    }
    if ('after' in step) {
      void step.after.then(() => respond(step.then, request, res));
      return;
    }
    if ('raw' in step) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(step.raw);
      return;
    }
    if ('status' in step) {
      res.writeHead(step.status, { 'content-type': 'application/json', ...step.headers }).end(step.body ?? JSON.stringify({ error: { message: `status ${step.status}` } }));
      return;
    }
    // About one token per three bytes of what the model was sent, as a real server would count roughly.
    const usage = step.usage ?? { prompt_tokens: Math.ceil(request.bytes / 3), completion_tokens: 20 };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(completion(step.message, usage)));
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const request: Received = { path: req.url ?? '', authorization: req.headers.authorization, raw, bytes: Buffer.byteLength(raw), body: JSON.parse(raw || '{}') };
      received.push(request);
      respond(script.shift() ?? { status: 500, body: JSON.stringify({ error: { message: 'unscripted request' } }) }, request, res);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    received,
    play(...steps) {
      script = steps;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
