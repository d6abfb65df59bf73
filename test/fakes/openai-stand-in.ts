import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the stand-in got, as it arrived. */
export interface ChatRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** the parsed JSON body: model, messages, tools, tool_choice, … */
  readonly body: {
    model: string;
    messages: { role: string; content: string }[];
    tools?: { type: string; function: { name: string; description?: string; parameters?: Record<string, any> } }[];
    tool_choice?: unknown;
    [k: string]: unknown;
  };
}

export interface ToolCall {
  readonly name: string;
  /** an object (sent JSON-encoded, as the API does) or a raw string (to send broken JSON) */
  readonly args: unknown;
}

type Answer = { kind: 'tools'; calls: readonly ToolCall[]; content: string | null } | { kind: 'text'; content: string } | { kind: 'status'; status: number; body: unknown } | { kind: 'hang' };

/**
 * An OpenAI-compatible chat completions server on loopback: POST /v1/chat/completions answers with
 * the documented `chat.completion` object (assistant message with `tool_calls`, or plain content),
 * or the documented error body; it records every request and checks the bearer key like the API.
 * Answers are scripted in order; with none scripted it answers 500 so a test cannot pass by accident.
 */
export class OpenAiStandIn {
  readonly requests: ChatRequest[] = [];
  private server: Server | null = null;
  private base = '';
  private readonly queue: Answer[] = [];
  private n = 0;

  constructor(readonly o: { apiKey: string; model?: string }) {}

  /** The OPENAI_BASE_URL to configure: http://127.0.0.1:PORT/v1 */
  get baseUrl(): string {
    return `${this.base}/v1`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const send = (status: number, body: unknown) => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(body));
        };
        if (req.method !== 'POST' || req.url !== '/v1/chat/completions') return send(404, apiError(`Unknown request URL: ${req.method} ${req.url}`, 'invalid_request_error', 'unknown_url'));
        let body: ChatRequest['body'];
        try {
          body = JSON.parse(raw);
        } catch {
          return send(400, apiError('We could not parse the JSON body of your request.', 'invalid_request_error', null));
        }
        this.requests.push({ method: req.method, path: req.url, headers: req.headers, body });
        if (req.headers.authorization !== `Bearer ${this.o.apiKey}`) return send(401, apiError('Incorrect API key provided: sk-te************. You can find your API key at https://platform.openai.com/account/api-keys.', 'invalid_request_error', 'invalid_api_key'));
        const a = this.queue.shift() ?? { kind: 'status', status: 500, body: apiError('the stand-in has no scripted answer for this request', 'server_error', null) };
        if (a.kind === 'hang') return; // never answers: the client's timeout decides
        if (a.kind === 'status') return send(a.status, a.body);
        send(200, this.completion(body.model, a));
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** The next request gets one function call. */
  answerToolCall(name: string, args: unknown): this {
    this.queue.push({ kind: 'tools', calls: [{ name, args }], content: null });
    return this;
  }

  answerToolCalls(calls: readonly ToolCall[]): this {
    this.queue.push({ kind: 'tools', calls, content: null });
    return this;
  }

  /** The next request gets a plain assistant message, no function call. */
  answerText(content: string): this {
    this.queue.push({ kind: 'text', content });
    return this;
  }

  answerStatus(status: number, body: unknown = apiError('stand-in error', 'server_error', null)): this {
    this.queue.push({ kind: 'status', status, body });
    return this;
  }

  answerNever(): this {
    this.queue.push({ kind: 'hang' });
    return this;
  }

  last(): ChatRequest {
    const r = this.requests[this.requests.length - 1];
    if (!r) throw new Error('the OpenAI stand-in received no request');
    return r;
  }

  async close(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server!.close(() => r()));
    this.server = null;
  }

  private completion(model: string, a: Exclude<Answer, { kind: 'status' } | { kind: 'hang' }>) {
    const id = ++this.n;
    const message =
      a.kind === 'text'
        ? { role: 'assistant', content: a.content, refusal: null, annotations: [] }
        : {
            role: 'assistant',
            content: a.content,
            refusal: null,
            annotations: [],
            tool_calls: a.calls.map((c, i) => ({ id: `call_${id}_${i}`, type: 'function', function: { name: c.name, arguments: typeof c.args === 'string' ? c.args : JSON.stringify(c.args) } })),
          };
    return {
      id: `chatcmpl-standin${id}`,
      object: 'chat.completion',
      created: 1_764_244_800 + id,
      model: this.o.model ?? model,
      choices: [{ index: 0, message, logprobs: null, finish_reason: a.kind === 'text' ? 'stop' : 'tool_calls' }],
      usage: { prompt_tokens: 812, completion_tokens: 24, total_tokens: 836 },
      service_tier: 'default',
      system_fingerprint: 'fp_standin',
    };
  }
}

/** The documented error body: { error: { message, type, param, code } } */
export const apiError = (message: string, type: string, code: string | null) => ({ error: { message, type, param: null, code } });
