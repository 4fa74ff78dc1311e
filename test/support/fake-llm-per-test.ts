import { afterEach } from "vitest";
import { LlmClient, type LlmClientOptions } from "../../src/runtime/llm/client.js";
import { queue, startFakeOpenAI, type FakeReply, type FakeServer, type Responder } from "./fake-openai.js";

/**
 * A local fake OpenAI-compatible server per test, and an LlmClient for it: `client(replies)`
 * starts the server, which is closed after the test. Call it at the top of a file or a describe
 * block (it registers the afterEach there).
 */
export function fakeLlmPerTest(clientOptions: Omit<LlmClientOptions, "endpoint">) {
  let server: FakeServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  return {
    /** Starts the test's server (replies in order, or a function of the request) and returns a client for it. */
    async client(replies: FakeReply[] | Responder): Promise<LlmClient> {
      server = await startFakeOpenAI(Array.isArray(replies) ? queue(replies) : replies);
      return new LlmClient({ endpoint: { baseURL: server.url, apiKey: "k" }, ...clientOptions });
    },
    /** The server this test started, with the requests it got. */
    get server(): FakeServer {
      if (!server) throw new Error("no fake server was started in this test");
      return server;
    },
  };
}
