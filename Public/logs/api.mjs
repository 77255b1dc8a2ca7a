// Talking to the viewer's API without the DOM: the Bearer token on every request, and errors people can act on.

export const TOKEN_STORAGE_KEY = "realtime-relay.log-viewer.token";
export const SESSIONS_URL = "/logs/api/sessions";

/** A failed request: `kind` is "unauthorized" (401), "off" (the viewer is not enabled), "missing"
 *  (that log is gone), "network" or "server"; `message` says what happened and what to do. */
export class ViewerError extends Error {
  constructor(kind, message, status = null) {
    super(message);
    this.kind = kind;
    this.status = status;
  }
}

/** The session list: `[{file, session, started, bytes, gzip}]`, newest first. */
export async function fetchSessions(token, fetchImpl = globalThis.fetch) {
  const response = await request(SESSIONS_URL, token, fetchImpl);
  const body = await response.json();
  if (!Array.isArray(body?.sessions)) throw new ViewerError("server", "The server's session list has an unexpected shape.");
  return body.sessions;
}

/** A log's text (a gzipped log arrives inflated: the server sends it with Content-Encoding: gzip). */
export async function fetchLog(token, file, fetchImpl = globalThis.fetch) {
  const response = await request(`${SESSIONS_URL}/${encodeURIComponent(file)}`, token, fetchImpl);
  return response.text();
}

async function request(url, token, fetchImpl) {
  let response;
  try {
    response = await fetchImpl(url, { headers: { Authorization: `Bearer ${token}` }, cache: "no-store" });
  } catch (error) {
    throw new ViewerError("network", `Cannot reach the server (${error.message}). Check that it is running, then reload.`);
  }
  if (response.ok) return response;
  const text = await response.text().catch(() => "");
  throw explainFailure(response.status, text);
}

/** The error for a non-2xx answer. A 404 without the viewer's JSON body comes from the server's
 *  static files: the viewer is not installed, which is what `--log-viewer` switches on. */
export function explainFailure(status, bodyText) {
  let detail = null;
  try {
    detail = JSON.parse(bodyText)?.error ?? null;
  } catch {
    detail = null;
  }
  if (status === 401) {
    return new ViewerError("unauthorized", "The server refused this token (401 Unauthorized). Enter a token from the server's --log-viewer file.", status);
  }
  if (status === 404 && typeof detail !== "string") {
    return new ViewerError("off", "The log viewer is off on this server (404). An operator can enable it by starting the relay with --log-viewer TOKENS_FILE.", status);
  }
  if (status === 404) return new ViewerError("missing", `Not found (404): ${detail}`, status);
  const reason = typeof detail === "string" ? detail : bodyText.trim().slice(0, 200) || "no details";
  return new ViewerError("server", `The server answered ${status}: ${reason}`, status);
}
