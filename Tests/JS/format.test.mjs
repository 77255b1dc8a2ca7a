// How the viewer writes numbers: sizes, times, counts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { formatBytes, formatMs, formatSeconds, plural } from "../../Public/logs/format.mjs";

test("formatBytes uses binary units with one decimal", () => {
  assert.deepEqual([0, 1023, 1024, 1536, 1048576, 39784536, 5 * 2 ** 40].map(formatBytes),
    ["0 B", "1023 B", "1.0 KiB", "1.5 KiB", "1.0 MiB", "37.9 MiB", "5120.0 GiB"]);
});

test("times and counts", () => {
  assert.equal(formatMs(181.186), "181.2");
  assert.equal(formatMs(null), "–");
  assert.equal(formatSeconds(2.6), "2.6 s");
  assert.equal(plural(1, "chunk"), "1 chunk");
  assert.equal(plural(0, "chunk"), "0 chunks");
});
