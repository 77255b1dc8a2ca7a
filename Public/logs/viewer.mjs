// The log viewer page: asks for the token, lists sessions, opens one (`#file=NAME`), and says what went wrong.
import { el, show } from "./dom.mjs";
import { fetchSessions, fetchLog, TOKEN_STORAGE_KEY } from "./api.mjs";
import { formatBytes, plural } from "./format.mjs";
import { renderSession, releaseAudio } from "./session-view.mjs";

const $ = (id) => document.getElementById(id);

/** The listing of the last successful load, by file name (the session view needs its fields). */
let sessionsByFile = new Map();
/** Bumped on every navigation, so an answer that arrives after the user moved on is dropped. */
let generation = 0;

function token() {
  return sessionStorage.getItem(TOKEN_STORAGE_KEY);
}

function setStatus(text) {
  $("status").textContent = text;
}

function alertUser(message) {
  $("alert").textContent = message ?? "";
  show($("alert"), Boolean(message));
}

function askForToken() {
  show($("forget-token"), false);
  show($("token-section"));
  show($("sessions-section"), false);
  show($("session-section"), false);
  $("token-input").focus();
}

/** What each failure means for the page: a refused token is forgotten and asked for again. */
function handleFailure(error) {
  setStatus("");
  alertUser(error.message);
  if (error.kind === "unauthorized") {
    sessionStorage.removeItem(TOKEN_STORAGE_KEY);
    askForToken();
  } else if (error.kind === "off") {
    show($("token-section"), false);
    show($("sessions-section"), false);
    show($("session-section"), false);
  }
}

async function route() {
  const current = ++generation;
  if (!token()) return askForToken();
  show($("token-section"), false);
  show($("forget-token"));
  const file = new URLSearchParams(location.hash.slice(1)).get("file");
  try {
    if (sessionsByFile.size === 0 || !file) await loadSessions(current);
    if (current !== generation) return;
    if (file) await openSession(file, current);
    else showList();
  } catch (error) {
    if (current === generation) handleFailure(error);
  }
}

async function loadSessions(current) {
  setStatus("Loading the session list…");
  const sessions = await fetchSessions(token());
  if (current !== generation) return;
  alertUser(null);
  sessionsByFile = new Map(sessions.map((entry) => [entry.file, entry]));
  $("sessions-table").querySelector("tbody").replaceChildren(...sessions.map((entry) => el("tr", {},
    el("td", {}, entry.started.replace("T", " ").replace("Z", "")),
    el("td", {}, el("a", { href: `#file=${encodeURIComponent(entry.file)}` }, entry.session)),
    el("td", { class: "number" }, formatBytes(entry.bytes)),
    el("td", {}, entry.gzip ? "gzip" : "plain"))));
  show($("sessions-empty"), sessions.length === 0);
  show($("sessions-table"), sessions.length > 0);
  setStatus(`${plural(sessions.length, "session")}${sessions.length === 500 ? " (the newest 500)" : ""}.`);
}

function showList() {
  releaseAudio();
  show($("session-section"), false);
  show($("sessions-section"));
}

async function openSession(file, current) {
  const entry = sessionsByFile.get(file);
  if (!entry) {
    alertUser(`There is no session log named ${file} in the list. It may have been pruned; pick one below.`);
    return showList();
  }
  setStatus(`Loading ${entry.session} (${formatBytes(entry.bytes)}${entry.gzip ? " compressed" : ""})…`);
  const text = await fetchLog(token(), file);
  if (current !== generation) return;
  alertUser(null);
  show($("sessions-section"), false);
  show($("session-section"));
  const { records, errors } = renderSession(entry, text);
  setStatus(`${entry.session}: ${plural(records, "record")}${errors ? `, ${plural(errors, "unreadable line")}` : ""}.`);
  $("session-heading").focus();
}

$("token-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const value = $("token-input").value.trim();
  if (!value) return;
  sessionStorage.setItem(TOKEN_STORAGE_KEY, value);
  $("token-input").value = "";
  alertUser(null);
  sessionsByFile = new Map();
  route();
});

$("forget-token").addEventListener("click", () => {
  sessionStorage.removeItem(TOKEN_STORAGE_KEY);
  sessionsByFile = new Map();
  releaseAudio();
  setStatus("The token is forgotten in this tab.");
  askForToken();
});

$("reload-sessions").addEventListener("click", () => {
  sessionsByFile = new Map();
  route();
});

$("back-to-list").addEventListener("click", (event) => {
  event.preventDefault();
  history.pushState(null, "", location.pathname);
  route().then(() => $("sessions-heading").focus());
});

window.addEventListener("hashchange", route);
route();
