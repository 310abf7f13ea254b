import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

/** A real HTTP receiver on 127.0.0.1 for webhook tests: records raw bodies and answers a chosen status. */
export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  raw: Buffer;
  json: WebhookBody;
}

/**
 * A received body as parsed (`{}` when it was no JSON). A webhook's FieldValues and Values (webhooks.md §8)
 * are objects of column values when present; every other member is left unknown.
 */
export interface WebhookBody {
  [member: string]: unknown;
  FieldValues?: Record<string, unknown>;
  Values?: Record<string, unknown>;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** The status to answer; a function sees the request (e.g. to answer the test ping 200 and the rest 500). */
  answer: number | ((r: Received) => number);
  /** Waits this long before answering. */
  delayMs: number;
  waitFor(predicate: (r: Received) => boolean, timeoutMs?: number): Promise<Received>;
  /** Requests other than the save's test ping. */
  events(): Received[];
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const r: Receiver = {
    url: "",
    received: [],
    answer: 200,
    delayMs: 0,
    async waitFor(predicate, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = r.received.find(predicate);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`receiver: nothing matching within ${timeoutMs} ms; got ${r.received.map((x) => x.headers["x-superoffice-event"]).join(", ")}`);
        await new Promise((res) => setTimeout(res, 20));
      }
    },
    events: () => r.received.filter((x) => x.headers["x-superoffice-event"] !== "test"),
    close: () => new Promise((res) => server.close(() => res())),
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      let json: WebhookBody = {};
      try {
        json = JSON.parse(raw.toString("utf8")) as WebhookBody;
      } catch {
        // kept raw
      }
      const got: Received = { path: req.url ?? "/", headers: req.headers, raw, json };
      r.received.push(got);
      const status = typeof r.answer === "function" ? r.answer(got) : r.answer;
      setTimeout(() => {
        res.writeHead(status, { "content-type": "text/plain", "x-receiver": "test" });
        res.end(status === 200 ? "ok" : `answered ${status}`);
      }, r.delayMs);
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((res) => server.listen(0, "127.0.0.1", () => res()));
  r.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return r;
}
