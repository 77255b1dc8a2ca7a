// The timeline: one row per record, filterable by type and direction, each row expandable to its JSON.
import { el } from "./dom.mjs";
import { DIRECTIONS, kindCounts, filterRows, abbreviateLongStrings } from "./records.mjs";
import { formatMs } from "./format.mjs";

/** How many rows are added per "Show more": a long session has tens of thousands of audio chunks. */
const PAGE = 500;

/** Fills `container` with the filter controls and the table for `rows` (from `timelineRows`). */
export function renderTimeline(container, rows) {
  const filter = { kind: "", dir: "", hideAudio: false };
  let shown = [];
  let limit = PAGE;

  const kindSelect = el("select", { id: "timeline-kind", onchange: () => { filter.kind = kindSelect.value; refresh(); } },
    el("option", { value: "" }, `All types (${rows.length})`),
    kindCounts(rows).map(({ kind, count }) => el("option", { value: kind }, `${kind} (${count})`)));
  const directions = new Set(rows.map((row) => row.dir).filter(Boolean));
  const dirSelect = el("select", { id: "timeline-dir", onchange: () => { filter.dir = dirSelect.value; refresh(); } },
    el("option", { value: "" }, "All directions"),
    Object.entries(DIRECTIONS).filter(([dir]) => directions.has(dir))
      .map(([dir, { arrow, label }]) => el("option", { value: dir }, `${arrow}  ${label}`)));
  const audioBox = el("input", { type: "checkbox", id: "timeline-hide-audio",
    onchange: () => { filter.hideAudio = audioBox.checked; refresh(); } });
  const count = el("p", { class: "timeline-count", role: "status", "aria-live": "polite" });
  const body = el("tbody");
  const more = el("button", { type: "button", class: "secondary", onclick: () => { limit += PAGE; draw(); } });

  container.replaceChildren(
    el("div", { class: "filters", role: "group", "aria-label": "Timeline filters" },
      el("label", { for: "timeline-kind" }, "Type "), kindSelect,
      el("label", { for: "timeline-dir" }, "Direction "), dirSelect,
      el("span", { class: "checkbox" }, audioBox, el("label", { for: "timeline-hide-audio" }, " Hide audio chunks"))),
    count,
    el("div", { class: "table-scroll" },
      el("table", { class: "timeline" },
        el("caption", { class: "visually-hidden" }, "Frames and log events in order. Press a type to show its JSON."),
        el("thead", {}, el("tr", {},
          el("th", { scope: "col", class: "number" }, "ms"),
          el("th", { scope: "col", class: "number" }, "seq"),
          el("th", { scope: "col" }, "Direction"),
          el("th", { scope: "col" }, "Type"),
          el("th", { scope: "col", class: "number" }, "Bytes"))),
        body)),
    more);

  function refresh() {
    limit = PAGE;
    draw();
  }

  function draw() {
    shown = filterRows(rows, filter);
    body.replaceChildren(...shown.slice(0, limit).map(rowElement));
    count.textContent = `Showing ${Math.min(limit, shown.length)} of ${shown.length} matching (${rows.length} in the log).`;
    more.hidden = shown.length <= limit;
    more.textContent = `Show ${Math.min(PAGE, shown.length - limit)} more`;
  }

  draw();
}

function rowElement(row) {
  const direction = row.dir ? DIRECTIONS[row.dir] : null;
  const detailID = `record-${row.index}`;
  const toggle = el("button", { type: "button", class: "link expand", "aria-expanded": "false", "aria-controls": detailID },
    row.kind);
  const tr = el("tr", { class: row.dir ? `dir-${row.dir}` : "log-event" },
    el("td", { class: "number" }, formatMs(row.ms)),
    el("td", { class: "number" }, row.seq ?? ""),
    el("td", {}, direction
      ? [el("span", { class: "arrow", "aria-hidden": "true" }, direction.arrow), el("span", { class: "visually-hidden" }, direction.label)]
      : el("span", { class: "muted" }, "log")),
    el("td", {}, toggle),
    el("td", { class: "number" }, row.bytes ?? "",
      row.audioMissing !== null ? el("span", { class: "note" }, " audio not recorded") : null));
  toggle.addEventListener("click", () => {
    const open = toggle.getAttribute("aria-expanded") === "true";
    toggle.setAttribute("aria-expanded", String(!open));
    if (open) {
      document.getElementById(detailID)?.remove();
    } else {
      // Built on demand: a pretty-printed record of every row would cost more than the page.
      const json = JSON.stringify(abbreviateLongStrings(row.record), null, 2);
      tr.after(el("tr", { id: detailID, class: "detail" }, el("td", { colspan: "5" }, el("pre", { tabindex: "0" }, json))));
    }
  });
  return tr;
}
