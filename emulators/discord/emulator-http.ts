import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";

/** A REST call as the emulator saw it. */
export interface RecordedCall {
  readonly method: string;
  /** The path below /api/v10, percent-decoded (`/webhooks/1/tok/messages/@original`). */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly body: unknown;
  /** Names of uploaded files (multipart requests). */
  readonly files: readonly string[];
  readonly status: number;
  /** True when the answer was an injected fault (429 or 5xx). */
  readonly injected: boolean;
  readonly at: number;
}

export interface RestRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly body: unknown;
  readonly files: readonly { name: string; size: number; type: string }[];
  readonly authorized: boolean;
}

export interface RestResponse {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

type Handler = (request: RestRequest, params: Readonly<Record<string, string>>) => RestResponse | Promise<RestResponse>;

interface Route {
  readonly method: string;
  readonly segments: readonly string[];
  readonly auth: boolean;
  readonly handler: Handler;
}

/** A Discord-shaped JSON error. */
export function apiError(status: number, code: number, message: string, errors?: unknown): RestResponse {
  return { status, body: { code, message, ...(errors ? { errors } : {}) } };
}

/** Matches `/channels/:channel/messages` style patterns against decoded path segments. */
export class RestRouter {
  readonly #routes: Route[] = [];

  add(method: string, pattern: string, handler: Handler, options: { auth?: boolean } = {}): this {
    this.#routes.push({ method, segments: pattern.split("/").filter(Boolean), auth: options.auth ?? true, handler });
    return this;
  }

  async handle(request: RestRequest): Promise<RestResponse> {
    const segments = request.path.split("/").filter(Boolean);
    for (const route of this.#routes) {
      if (route.method !== request.method || route.segments.length !== segments.length) continue;
      const params: Record<string, string> = {};
      const matches = route.segments.every((part, i) => {
        const actual = segments[i] as string;
        if (part.startsWith(":")) params[part.slice(1)] = actual;
        return part.startsWith(":") || part === actual;
      });
      if (!matches) continue;
      if (route.auth && !request.authorized) return apiError(401, 0, "401: Unauthorized");
      return route.handler(request, params);
    }
    return apiError(404, 0, "404: Not Found");
  }
}

/** An injected failure for the next calls of a route. */
interface FaultRule {
  readonly method: string | undefined;
  readonly path: RegExp;
  remaining: number;
  readonly status: number;
  readonly retryAfterSeconds: number;
  readonly global: boolean;
}

/**
 * Makes the next N calls of a route fail with 429 (with retry-after), a 5xx, or (status 0) a timeout ending
 * in a reset connection, before they are handled.
 */
export class FaultInjector {
  readonly #rules: FaultRule[] = [];

  inject(fault: {
    path: RegExp;
    times: number;
    method?: string;
    status?: number;
    retryAfterSeconds?: number;
    global?: boolean;
  }): void {
    this.#rules.push({
      method: fault.method,
      path: fault.path,
      remaining: fault.times,
      status: fault.status ?? 429,
      retryAfterSeconds: fault.retryAfterSeconds ?? 0.05,
      global: fault.global ?? false,
    });
  }

  clear(): void {
    this.#rules.length = 0;
  }

  take(method: string, path: string): RestResponse | null {
    const rule = this.#rules.find((r) => r.remaining > 0 && (!r.method || r.method === method) && r.path.test(path));
    if (!rule) return null;
    rule.remaining -= 1;
    if (rule.status === 0) return { status: 0 };
    if (rule.status !== 429) return apiError(rule.status, 0, `${rule.status}: injected server error`);
    return {
      status: 429,
      headers: {
        "retry-after": String(rule.retryAfterSeconds),
        "x-ratelimit-scope": rule.global ? "global" : "user",
        ...(rule.global ? { "x-ratelimit-global": "true" } : {}),
      },
      body: { message: "You are being rate limited.", retry_after: rule.retryAfterSeconds, global: rule.global },
    };
  }
}

/**
 * The HTTP server: decodes requests below /api/v{n}, applies injected faults, routes, records every
 * call, and answers like Discord (a 204 carries no content-type: @discordjs/rest would try to parse it).
 */
export function createRestServer(input: {
  router: RestRouter;
  faults: FaultInjector;
  token: string;
  record: (call: RecordedCall) => void;
}): Server {
  return createServer((req, res) => {
    handle(req, res, input).catch((error: unknown) => {
      send(res, { status: 500, body: { code: 0, message: String(error) } });
    });
  });
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  input: { router: RestRouter; faults: FaultInjector; token: string; record: (call: RecordedCall) => void },
): Promise<void> {
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  const match = /^\/api\/v\d+(\/.*)$/.exec(url.pathname);
  const method = req.method ?? "GET";
  const raw = await readBody(req);
  const path = match ? (match[1] as string).split("/").map(decodeURIComponent).join("/") : url.pathname;
  const { body, files } = await parseBody(raw, req.headers["content-type"], method, url);
  const request: RestRequest = {
    method,
    path,
    query: url.searchParams,
    body,
    files,
    authorized: req.headers.authorization === `Bot ${input.token}`,
  };
  const injected = match ? input.faults.take(method, path) : null;
  if (injected?.status === 0) {
    // A timeout: the request hangs, then the connection is reset with no answer; nothing was handled.
    await new Promise((resolve) => setTimeout(resolve, 300));
    input.record({
      method,
      path,
      query: Object.fromEntries(url.searchParams),
      body,
      files: files.map((f) => f.name),
      status: 0,
      injected: true,
      at: Date.now(),
    });
    res.socket?.resetAndDestroy();
    return;
  }
  const response = injected ?? (match ? await input.router.handle(request) : apiError(404, 0, "404: Not Found"));
  input.record({
    method,
    path,
    query: Object.fromEntries(url.searchParams),
    body,
    files: files.map((f) => f.name),
    status: response.status,
    injected: injected !== null,
    at: Date.now(),
  });
  send(res, response);
}

function send(res: ServerResponse, response: RestResponse): void {
  for (const [name, value] of Object.entries(response.headers ?? {})) res.setHeader(name, value);
  if (response.status === 204 || response.body === undefined) {
    res.writeHead(response.status).end();
    return;
  }
  res.writeHead(response.status, { "content-type": "application/json" }).end(JSON.stringify(response.body));
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** JSON bodies, and multipart bodies (files plus `payload_json`) as @discordjs/rest sends uploads. */
async function parseBody(
  raw: Buffer,
  contentType: string | undefined,
  method: string,
  url: URL,
): Promise<{ body: unknown; files: { name: string; size: number; type: string }[] }> {
  if (raw.length === 0) return { body: undefined, files: [] };
  if (contentType?.startsWith("multipart/form-data")) {
    const form = await new Request(url, { method, body: raw, headers: { "content-type": contentType } }).formData();
    const files: { name: string; size: number; type: string }[] = [];
    let body: unknown;
    for (const [key, value] of form.entries()) {
      if (key === "payload_json") body = JSON.parse(String(value));
      else if (typeof value !== "string") files.push({ name: value.name, size: value.size, type: value.type });
    }
    return { body, files };
  }
  return { body: JSON.parse(raw.toString("utf8")), files: [] };
}
