// Errors and closes in plain words, and which of them the page reconnects after.
import { test } from "node:test";
import assert from "node:assert/strict";
import { describeClose, describeError } from "../../../Public/app/messages.mjs";
import { Backoff } from "../../../Public/app/backoff.mjs";

test("a close before the socket opened is a refusal the browser cannot see the reason for", () => {
  const first = describeClose({ code: 1006, wasOpen: false });
  assert.match(first.text, /refused the connection \(origin, access token or capacity\)/);
  assert.equal(first.reconnect, false);
  assert.equal(describeClose({ code: 1006, wasOpen: false, reconnecting: true }).reconnect, true);
});

test("the relay's own refusals are explained by the error event before the close", () => {
  assert.deepEqual(describeClose({ code: 1013, wasOpen: true, errorCode: "relay_full" }).reconnect, true);
  assert.match(describeClose({ code: 1008, wasOpen: true, errorCode: "too_many_sessions" }).text, /Too many conversations/);
  assert.equal(describeClose({ code: 1008, wasOpen: true, errorCode: "rate_limited" }).reconnect, false);
  assert.match(describeClose({ code: 1011, wasOpen: true, errorCode: "upstream_authentication_failed" }).text, /could not sign in/);
  assert.equal(describeClose({ code: 1011, wasOpen: true, errorCode: "upstream_deployment_not_found" }).reconnect, false);
  assert.equal(describeClose({ code: 1013, wasOpen: true, errorCode: "upstream_timeout" }).reconnect, true);
  assert.equal(describeClose({ code: 1011, wasOpen: true, errorCode: "upstream_unreachable" }).reconnect, true);
});

test("closes by code", () => {
  assert.deepEqual(describeClose({ code: 1000, reason: "session time limit reached", wasOpen: true }),
                   { text: "The conversation reached its time limit. Press Start for a new one.", reconnect: false });
  assert.match(describeClose({ code: 1000, reason: "idle for 600 s", wasOpen: true }).text, /long silence \(idle for 600 s\)/);
  for (const code of [1001, 1006, 1011, 1012, 1013]) assert.equal(describeClose({ code, wasOpen: true }).reconnect, true, `${code}`);
  for (const code of [1000, 1008, 1009, 4000]) assert.equal(describeClose({ code, wasOpen: true }).reconnect, false, `${code}`);
  assert.match(describeClose({ code: 1008, reason: "x", wasOpen: true }).text, /policy reason \(x\)/);
  assert.match(describeClose({ code: 4321, reason: "odd", wasOpen: true }).text, /code 4321, odd/);
});

test("error events", () => {
  assert.match(describeError({ code: "client_event_not_allowed", message: "The relay does not forward 'conversation.item.create' events: …" }).text,
               /send "conversation.item.create" events \(operator policy\)/);
  assert.match(describeError({ code: "conversation_already_has_active_response" }).text, /still answering/);
  assert.match(describeError({ code: "cannot_update_voice" }).text, /voice cannot change/);
  assert.equal(describeError({ code: "response_cancel_not_active" }).quiet, true);
  assert.equal(describeError({ code: "something_new", message: "Readable words." }).text, "Readable words.");
  assert.equal(describeError({}).text, "The server reported an error.");
});

test("backoff doubles up to a cap, with bounded jitter, and stops after its attempts", () => {
  const plain = new Backoff({ baseMs: 500, maxMs: 4000, attempts: 5, jitter: 0 });
  assert.deepEqual([1, 2, 3, 4, 5, 6].map(() => plain.next()), [500, 1000, 2000, 4000, 4000, null]);
  plain.reset();
  assert.equal(plain.next(), 500);
  const low = new Backoff({ baseMs: 1000, jitter: 0.2, random: () => 0 });
  const high = new Backoff({ baseMs: 1000, jitter: 0.2, random: () => 0.999999 });
  assert.equal(low.next(), 800);
  assert.equal(high.next(), 1200);
});
