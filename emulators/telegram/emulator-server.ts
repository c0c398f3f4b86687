import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ApiFailure, failures } from "./emulator-errors.ts";
import { type MethodContext, methods, type Params } from "./emulator-methods.ts";
import type { EmulatorState, RecordedCall } from "./emulator-state.ts";
import type { UpdateQueue } from "./emulator-updates.ts";

/**
 * The HTTP side of the emulator: `POST /bot<token>/<method>` with a JSON, urlencoded or multipart body
 * (grammY sends files as multipart with `attach://` references), answered as the Bot API does:
 * `{ ok: true, result }`, or `{ ok: false, error_code, description, parameters? }` with that status.
 * Every call is recorded; injected faults answer the next calls of a method before it runs.
 */
export class EmulatorServer {
  readonly #server: Server;
  readonly #state: EmulatorState;
  readonly #queue: UpdateQueue;
  readonly #token: string;

  constructor(state: EmulatorState, queue: UpdateQueue, token: string) {
    this.#state = state;
    this.#queue = queue;
    this.#token = token;
    this.#server = createServer((req, res) => void this.#handle(req, res));
  }

  /** Listens on 127.0.0.1 at a random port; returns the API root for grammY's `client.apiRoot`. */
  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.#server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    let method = match?.[2] ?? "";
    let params: Params = {};
    let call: RecordedCall | null = null;
    try {
      if (!match) throw failures.notFound();
      if (match[1] !== this.#token) throw failures.unauthorized();
      params = { ...Object.fromEntries(url.searchParams), ...(await readParams(req)) };
      const handler = methods[method];
      if (!handler) {
        method = `unknown:${method}`;
        throw failures.notFound();
      }
      call = this.#record(method, params);
      const fault = this.#state.faults.get(method)?.shift();
      if (fault?.code === "timeout") {
        await new Promise((resolve) => setTimeout(resolve, fault.afterMs));
        call.done = true;
        call.errorCode = 0;
        call.description = "timed out";
        this.#state.changed();
        res.socket?.resetAndDestroy();
        return;
      }
      if (fault)
        throw fault.code === 429
          ? failures.tooManyRequests(fault.retryAfter)
          : new ApiFailure(fault.code, "Internal Server Error");
      const context: MethodContext = {
        state: this.#state,
        queue: this.#queue,
        onAbort: (cancel) => res.once("close", () => res.writableEnded || cancel()),
      };
      const result = await handler(params, context);
      this.#finish(call, null);
      send(res, 200, { ok: true, result });
    } catch (error) {
      const failure =
        error instanceof ApiFailure ? error : new ApiFailure(500, `Internal Server Error: ${String(error)}`);
      this.#finish(call ?? this.#record(method, params), failure);
      send(res, failure.code, failure.toJSON());
    }
  }

  #record(method: string, params: Params): RecordedCall {
    const call: RecordedCall = { method, params, at: Date.now(), done: false, errorCode: null };
    this.#state.calls.push(call);
    this.#state.changed();
    return call;
  }

  #finish(call: RecordedCall, failure: ApiFailure | null): void {
    call.done = true;
    if (failure) {
      call.errorCode = failure.code;
      call.description = failure.message;
    }
    this.#state.changed();
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.writableEnded || res.destroyed) return;
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

async function readParams(req: IncomingMessage): Promise<Params> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  const type = req.headers["content-type"] ?? "";
  if (body.length === 0) return {};
  if (type.startsWith("application/json")) return JSON.parse(body.toString("utf8")) as Params;
  if (type.startsWith("application/x-www-form-urlencoded")) {
    return Object.fromEntries([...new URLSearchParams(body.toString("utf8"))].map(([k, v]) => [k, fieldValue(v)]));
  }
  const boundary = /boundary=(.+)$/.exec(type)?.[1];
  if (type.startsWith("multipart/form-data") && boundary) return readMultipart(body, boundary);
  throw new ApiFailure(400, "Bad Request: unsupported content type");
}

/**
 * Reads multipart/form-data leniently (grammY writes `content-disposition:form-data;name="x"` with no
 * spaces and an unquoted filename). Fields holding `attach://<id>` are replaced by the file sent as part
 * `<id>`, as `{ name, bytes }`.
 */
function readMultipart(body: Buffer, boundary: string): Params {
  const delimiter = Buffer.from(`--${boundary}`);
  const fields: Params = {};
  const files = new Map<string, { name: string; bytes: number }>();
  let start = body.indexOf(delimiter);
  while (start >= 0) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next < 0) break;
    const part = body.subarray(start + delimiter.length, next);
    const headerEnd = part.indexOf("\r\n\r\n");
    if (headerEnd >= 0) {
      const headers = part.subarray(0, headerEnd).toString("utf8");
      const content = part.subarray(headerEnd + 4, part.length - 2);
      const name = /name="?([^";\r\n]+)"?/i.exec(headers)?.[1];
      const filename = /filename="?([^";\r\n]+)"?/i.exec(headers)?.[1];
      if (name && filename) files.set(name, { name: filename, bytes: content.length });
      else if (name) fields[name] = fieldValue(content.toString("utf8"));
    }
    start = next;
  }
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value === "string" && value.startsWith("attach://")) fields[key] = files.get(value.slice(9));
  }
  return fields;
}

/** Form fields carry JSON for objects and arrays (reply_markup, allowed_updates). */
function fieldValue(raw: string): unknown {
  if (/^[[{]/.test(raw)) {
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      return raw;
    }
  }
  return raw;
}
