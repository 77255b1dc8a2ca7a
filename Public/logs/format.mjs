// Numbers as people read them in the viewer: sizes, times, durations. No DOM.

/** Sizes as people read them: 512 B, 1.5 KiB, 12.0 MiB. */
export function formatBytes(count) {
  if (count < 1024) return `${count} B`;
  const units = ["KiB", "MiB", "GiB"];
  let value = count / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/** Milliseconds since the session started, to the tenth of a millisecond. */
export function formatMs(ms) {
  return ms === null ? "–" : ms.toFixed(1);
}

/** Seconds for durations: "4.2 s". */
export function formatSeconds(seconds) {
  return `${seconds.toFixed(1)} s`;
}

/** "1 chunk", "2 chunks". */
export function plural(count, noun) {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
