import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync, brotliCompressSync } from "node:zlib";
import { afterEach, describe, expect, test } from "vitest";
import { createNodeFetch } from "../../src/runtime/llm/http-fetch.js";
import { LlmClient } from "../../src/runtime/llm/client.js";
import { queue, startFakeOpenAI, type FakeServer } from "../support/fake-openai.js";

/** The lean transport under the openai package: what it must get right besides speed. */
let server: Server | undefined;
let fake: FakeServer | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
  await fake?.close();
  fake = undefined;
});

async function raw(handler: Parameters<typeof createServer>[1]): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("node fetch", () => {
  test("sends method, headers and body; returns status, headers and text", async () => {
    const url = await raw((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        res.writeHead(201, { "content-type": "application/json", "x-echo": String(req.headers["x-test"]) });
        res.end(JSON.stringify({ method: req.method, body: Buffer.concat(chunks).toString() }));
      });
    });
    const { fetch, close } = createNodeFetch(4);
    const response = await fetch(`${url}/x`, { method: "POST", headers: { "x-test": "yes" }, body: "héllo" });
    expect(response.status).toBe(201);
    expect(response.headers.get("x-echo")).toBe("yes");
    expect(await response.json()).toEqual({ method: "POST", body: "héllo" });
    close();
  });

  test.each([
    ["gzip", gzipSync],
    ["br", brotliCompressSync],
  ])("decodes %s bodies", async (encoding, compress) => {
    const url = await raw((_, res) => {
      res.writeHead(200, { "content-encoding": encoding, "content-type": "application/json" });
      res.end(compress(Buffer.from('{"ok": true}')));
    });
    const { fetch, close } = createNodeFetch(4);
    const response = await fetch(url, { method: "GET" });
    expect(response.headers.get("content-encoding")).toBeNull();
    expect(await response.json()).toEqual({ ok: true });
    close();
  });

  test("an abort before or during the reply rejects at once", async () => {
    const url = await raw((_, res) => {
      res.writeHead(200);
      res.write("partial");
    });
    const { fetch, close } = createNodeFetch(4);
    const controller = new AbortController();
    const pending = fetch(url, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toThrow(/abort/i);
    await expect(fetch(url, { signal: controller.signal })).rejects.toThrow(/abort/i);
    close();
  });

  test("a connection cut mid-body rejects instead of hanging", async () => {
    const url = await raw((_, res) => {
      res.writeHead(200, { "content-length": "100" });
      res.write("only part of it");
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const { fetch, close } = createNodeFetch(4);
    await expect(fetch(url)).rejects.toThrow();
    close();
  });
});

describe("the client on either transport", () => {
  test.each(["node", "fetch"] as const)("%s: a hang and a body stalled after the headers both time out, then the retry succeeds", async (transport) => {
    fake = await startFakeOpenAI(queue([{ kind: "hang" }, { kind: "stall-body" }, { kind: "text", content: "ok" }]));
    const client = new LlmClient({ endpoint: { baseURL: fake.url, apiKey: "k" }, timeoutMs: 150, backoffBaseMs: 1, transport });
    expect((await client.chat({ model: "m", messages: [{ role: "user", content: "hi" }] })).content).toBe("ok");
    expect(client.stats).toMatchObject({ requests: 3, retries: 2 });
    client.close();
  });
});
