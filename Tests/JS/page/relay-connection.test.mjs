// The WebSocket wrapper: URL and subprotocols, events, reconnect with backoff after drops, none after refusals.
import { test } from "node:test";
import assert from "node:assert/strict";
import { RelayConnection, relayProtocols, relayUrl } from "../../../Public/app/relay-connection.mjs";
import { Backoff } from "../../../Public/app/backoff.mjs";

test("the relay URL follows the page: wss under https, same host, model passed on", () => {
  assert.equal(relayUrl("https://demo.example.com/index.html"), "wss://demo.example.com/realtime");
  assert.equal(relayUrl("http://localhost:8080/?model=gpt-realtime-mini&x=1"), "ws://localhost:8080/realtime?model=gpt-realtime-mini");
});

test("an access token travels as a subprotocol, never in the URL", () => {
  assert.deepEqual(relayProtocols(""), ["realtime"]);
  assert.deepEqual(relayProtocols(" abcdefghijklmnop "), ["realtime", "relay-token.abcdefghijklmnop"]);
  assert.deepEqual(relayProtocols("has space"), ["realtime"]);
});

class FakeSocket {
  static all = [];
  constructor(url, protocols) { Object.assign(this, { url, protocols, readyState: 0, sent: [] }); FakeSocket.all.push(this); }
  send(text) { this.sent.push(JSON.parse(text)); }
  close(code, reason) { this.readyState = 3; this.closedWith = { code, reason }; }
  open() { this.readyState = 1; this.onopen?.(); }
  message(event) { this.onmessage?.({ data: JSON.stringify(event) }); }
  drop(code = 1006, reason = "") { this.readyState = 3; this.onclose?.({ code, reason }); }
}

function harness(errorCode = null) {
  FakeSocket.all = [];
  const timers = { pending: [], setTimeout(fn, ms) { this.pending.push({ fn, ms }); return this.pending.length; }, clearTimeout() { this.pending = []; } };
  const log = [];
  const connection = new RelayConnection({
    url: "ws://x/realtime", WebSocketImpl: FakeSocket, timers,
    backoff: new Backoff({ baseMs: 1000, attempts: 3, jitter: 0 }),
    lastErrorCode: () => errorCode,
    onOpen: (info) => log.push(["open", info.reconnected]),
    onEvent: (event) => log.push(["event", event.type]),
    onClose: (info) => log.push(["close", info.code, info.retryInMs, info.described.reconnect]),
  });
  return { connection, timers, log, socket: () => FakeSocket.all.at(-1) };
}

test("events in, events out, and a drop reconnects with backoff as a new session", () => {
  const h = harness();
  h.connection.connect();
  assert.deepEqual(h.socket().protocols, ["realtime"]);
  h.socket().open();
  h.socket().message({ type: "session.created" });
  assert.equal(h.connection.send({ type: "response.create" }), true);
  assert.deepEqual(h.socket().sent, [{ type: "response.create" }]);
  h.socket().drop(1006);
  assert.deepEqual(h.log.at(-1), ["close", 1006, 1000, true]);
  assert.equal(h.connection.send({ type: "x" }), false);
  h.timers.pending.shift().fn();
  h.socket().drop(1006);                 // the relay is still down: a failure before open, retried
  assert.deepEqual(h.log.at(-1), ["close", 1006, 2000, true]);
  h.timers.pending.shift().fn();
  h.socket().open();
  assert.deepEqual(h.log.at(-1), ["open", true]);
});

test("gives up after its attempts", () => {
  const h = harness();
  h.connection.connect();
  h.socket().open();
  h.socket().drop(1001);
  for (let i = 0; i < 3; i++) { h.timers.pending.shift().fn(); h.socket().drop(1006); }
  assert.deepEqual(h.log.at(-1), ["close", 1006, null, true]);
  assert.equal(h.timers.pending.length, 0);
});

test("a refusal before open on the first try is not retried", () => {
  const h = harness();
  h.connection.connect();
  h.socket().drop(1006);
  assert.deepEqual(h.log.at(-1), ["close", 1006, null, false]);
});

test("refusals the relay explains are retried only when waiting helps", () => {
  const full = harness("relay_full");
  full.connection.connect();
  full.socket().open();
  full.socket().drop(1013, "relay full");
  assert.equal(full.log.at(-1)[2], 1000);
  const many = harness("too_many_sessions");
  many.connection.connect();
  many.socket().open();
  many.socket().drop(1008, "too many sessions");
  assert.equal(many.log.at(-1)[2], null);
});

test("closing by the user closes normally and never reconnects", () => {
  const h = harness();
  h.connection.connect();
  h.socket().open();
  const socket = h.socket();
  h.connection.close();
  assert.deepEqual(socket.closedWith, { code: 1000, reason: "user ended the conversation" });
  socket.drop(1000);
  assert.equal(h.timers.pending.length, 0);
});
