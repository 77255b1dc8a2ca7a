// One session on screen: its summary, line errors, both transcripts, both sides' audio, and the timeline.
import { el, show } from "./dom.mjs";
import { parseJSONL, timelineRows, sessionSummary } from "./records.mjs";
import { buildTranscripts } from "./transcripts.mjs";
import { collectAudio, segmentWav } from "./audio.mjs";
import { formatBytes, formatSeconds, plural } from "./format.mjs";
import { renderTimeline } from "./timeline-view.mjs";

/** Object URLs of the current session's WAV files, released when another session is shown. */
let audioURLs = [];

/** Renders the log `text` of `entry` (`{file, session, started, bytes, gzip}` from the list). */
export function renderSession(entry, text) {
  const { records, errors } = parseJSONL(text);
  const rows = timelineRows(records);
  document.getElementById("session-heading").textContent = `Session ${entry.session}`;
  renderSummary(entry, sessionSummary(records));
  renderParseErrors(errors);
  const transcripts = buildTranscripts(records);
  renderTranscript(document.getElementById("user-transcript"), transcripts.user, rows);
  renderTranscript(document.getElementById("assistant-transcript"), transcripts.assistant, rows);
  releaseAudio();
  const audio = collectAudio(records);
  renderAudio(document.getElementById("user-audio"), audio.user, rows, `${entry.session}-user`);
  renderAudio(document.getElementById("assistant-audio"), audio.assistant, rows, `${entry.session}-assistant`);
  renderTimeline(document.getElementById("timeline"), rows);
  return { records: records.length, errors: errors.length };
}

export function releaseAudio() {
  for (const url of audioURLs) URL.revokeObjectURL(url);
  audioURLs = [];
}

function renderSummary(entry, summary) {
  const start = summary.start ?? {};
  const end = summary.end ?? {};
  const lost = summary.missing.reduce((sum, m) => sum + (m.count ?? 0), 0);
  const items = [
    ["Started", entry.started],
    ["File", `${entry.file} (${formatBytes(entry.bytes)}${entry.gzip ? ", gzip" : ""})`],
    ["Client", start.client],
    ["User agent", start.user_agent],
    ["Deployment", start.deployment],
    ["Credential", start.credential],
    ["Duration", typeof end.duration_ms === "number" ? formatSeconds(end.duration_ms / 1000) : summary.end ? null : "still running, or the relay stopped before the end"],
    ["Closed by", end.closed_by],
    ["Close codes", end.client_close_code !== undefined || end.upstream_close_code !== undefined
      ? `client ${end.client_close_code ?? "–"}, upstream ${end.upstream_close_code ?? "–"}` : null],
    ["Outcome", end.outcome],
    ["Frames", String(summary.frames)],
    ["Lost records", lost > 0 || summary.gaps.length > 0
      ? `${lost} reported missing${summary.gaps.length ? `; unexplained gaps at seq ${summary.gaps.map((g) => `${g.from}–${g.to}`).join(", ")}` : ""}`
      : null],
  ];
  document.getElementById("session-summary").replaceChildren(...items
    .filter(([, value]) => value !== null && value !== undefined && value !== "")
    .flatMap(([name, value]) => [el("dt", {}, name), el("dd", {}, String(value))]));
}

function renderParseErrors(errors) {
  const box = document.getElementById("parse-errors");
  show(box, errors.length > 0);
  if (errors.length === 0) return box.replaceChildren();
  const parts = [
    el("p", {}, `${plural(errors.length, "line")} could not be read and ${errors.length === 1 ? "is" : "are"} left out:`),
    el("ul", {}, errors.slice(0, 20).map((e) => el("li", {}, `line ${e.line}: ${e.message}`))),
  ];
  if (errors.length > 20) parts.push(el("p", {}, `…and ${errors.length - 20} more.`));
  box.replaceChildren(...parts);
}

function renderTranscript(list, entries, rows) {
  if (entries.length === 0) {
    list.replaceChildren(el("li", { class: "muted" }, "Nothing in this log."));
    return;
  }
  list.replaceChildren(...entries.map((entry) => {
    const ms = rows[entry.index]?.ms;
    const notes = [];
    if (entry.source === "typed") notes.push("typed");
    if (entry.source === "text") notes.push("text response");
    if (!entry.final && !entry.untranscribed && !entry.failed) notes.push("incomplete");
    let text = entry.text;
    if (entry.failed) text = `(transcription failed: ${entry.failed})`;
    else if (entry.untranscribed) text = "(spoken; no transcription in the log)";
    return el("li", {},
      el("span", { class: "time" }, ms === null || ms === undefined ? "" : formatSeconds(ms / 1000)),
      el("p", { class: entry.failed || entry.untranscribed ? "muted" : null }, text),
      notes.length ? el("span", { class: "note" }, notes.join(", ")) : null);
  }));
}

function renderAudio(container, side, rows, baseName) {
  const parts = [];
  side.segments.forEach((segment, number) => {
    const { wav, seconds } = segmentWav(segment);
    const url = URL.createObjectURL(new Blob([wav], { type: "audio/wav" }));
    audioURLs.push(url);
    const codec = { pcm16: "PCM16", ulaw: "G.711 μ-law", alaw: "G.711 A-law" }[segment.codec];
    const from = rows[segment.index]?.ms;
    const label = `${codec} ${segment.rate / 1000} kHz, ${formatSeconds(seconds)} from ${plural(segment.chunks, "chunk")}`
      + (from === null || from === undefined ? "" : `, starting at ${formatSeconds(from / 1000)}`);
    const name = side.segments.length > 1 ? `${baseName}-${number + 1}.wav` : `${baseName}.wav`;
    parts.push(el("figure", { class: "audio" },
      el("audio", { controls: true, preload: "metadata", src: url, "aria-label": label }),
      el("figcaption", {}, label, " · ", el("a", { href: url, download: name }, `Download ${name}`))));
  });
  if (side.omitted.chunks > 0) {
    parts.push(el("p", { class: "notice" }, `Audio not recorded: ${plural(side.omitted.chunks, "chunk")} (${formatBytes(side.omitted.bytes)}) `
      + `${side.omitted.chunks === 1 ? "was" : "were"} left out of the log (--log-audio omit).`));
  }
  if (side.truncated.chunks > 0) {
    parts.push(el("p", { class: "notice" }, `Audio not recorded: ${plural(side.truncated.chunks, "chunk")} (${formatBytes(side.truncated.bytes)}) `
      + `${side.truncated.chunks === 1 ? "was" : "were"} cut to their first bytes in the log (--log-audio truncate), so ${side.truncated.chunks === 1 ? "it" : "they"} cannot be played.`));
  }
  if (side.undecodable > 0) parts.push(el("p", { class: "notice" }, `${plural(side.undecodable, "chunk")} not valid base64 (skipped).`));
  if (parts.length === 0) parts.push(el("p", { class: "muted" }, "No audio in this log."));
  container.replaceChildren(...parts);
}
