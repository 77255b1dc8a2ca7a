// The API client: the token goes out as Bearer, and every failure becomes a message that says what to do.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fetchSessions, fetchLog, explainFailure, ViewerError, SESSIONS_URL } from "../../Public/logs/api.mjs";

/** A fetch that records its calls and answers with `status` and `body`. */
function fakeFetch(status, body) {
  const calls = [];
  const fetch = async (url, options) => {
    calls.push({ url, options });
    return new Response(body, { status });
  };
  return { fetch, calls };
}

test("the session list is fetched with the token as Bearer, uncached", async () => {
  const sessions = [{ file: "20261121T152334Z-rs_4k2n0q8x1m3b7c9d.jsonl", session: "rs_4k2n0q8x1m3b7c9d" }];
  const { fetch, calls } = fakeFetch(200, JSON.stringify({ sessions }));
  assert.deepEqual(await fetchSessions("tok-123", fetch), sessions);
  assert.equal(calls[0].url, SESSIONS_URL);
  assert.deepEqual(calls[0].options, { headers: { Authorization: "Bearer tok-123" }, cache: "no-store" });
});

test("a log is fetched by its name under the sessions URL", async () => {
  const { fetch, calls } = fakeFetch(200, '{"event":"session_start"}\n');
  assert.equal(await fetchLog("t", "20261121T152334Z-rs_4k2n0q8x1m3b7c9d.jsonl.gz", fetch), '{"event":"session_start"}\n');
  assert.equal(calls[0].url, "/logs/api/sessions/20261121T152334Z-rs_4k2n0q8x1m3b7c9d.jsonl.gz");
});

test("401 says the token was refused", async () => {
  const { fetch } = fakeFetch(401, '{"error":"this token does not open the log viewer"}');
  await assert.rejects(fetchSessions("bad", fetch), (error) => {
    assert.ok(error instanceof ViewerError);
    assert.equal(error.kind, "unauthorized");
    assert.equal(error.status, 401);
    assert.match(error.message, /refused this token \(401 Unauthorized\)/);
    return true;
  });
});

test("a 404 from static files means the viewer is off; the viewer's own JSON 404 means the log is gone", () => {
  const off = explainFailure(404, "404 Not Found\n");
  assert.equal(off.kind, "off");
  assert.match(off.message, /off on this server \(404\).*--log-viewer TOKENS_FILE/);
  const gone = explainFailure(404, '{"error":"no log file x: it may have been pruned; reload the list"}');
  assert.equal(gone.kind, "missing");
  assert.equal(gone.message, "Not found (404): no log file x: it may have been pruned; reload the list");
});

test("other statuses carry the server's words; network failures say so", async () => {
  assert.equal(explainFailure(500, '{"error":"the log dir cannot be read"}').message, "The server answered 500: the log dir cannot be read");
  assert.equal(explainFailure(502, "").message, "The server answered 502: no details");
  const failing = async () => { throw new TypeError("Failed to fetch"); };
  await assert.rejects(fetchSessions("t", failing), { kind: "network", message: /Cannot reach the server \(Failed to fetch\)/ });
});

test("a 200 with the wrong shape is an error, not an empty list", async () => {
  const { fetch } = fakeFetch(200, '{"files":[]}');
  await assert.rejects(fetchSessions("t", fetch), { kind: "server" });
});
