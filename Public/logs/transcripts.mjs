// Both sides' words from a frame log, without the DOM: what the user said or typed, what the assistant said.

const USER_TRANSCRIPTION = "conversation.item.input_audio_transcription.";

/** Assistant events: which member holds the text, whether it is the final text, and how it was given.
 *  GA names first, then the preview API's. */
const ASSISTANT_EVENTS = {
  "response.output_audio_transcript.delta": { field: "delta", final: false, source: "audio" },
  "response.output_audio_transcript.done": { field: "transcript", final: true, source: "audio" },
  "response.audio_transcript.delta": { field: "delta", final: false, source: "audio" },
  "response.audio_transcript.done": { field: "transcript", final: true, source: "audio" },
  "response.output_text.delta": { field: "delta", final: false, source: "text" },
  "response.output_text.done": { field: "text", final: true, source: "text" },
  "response.text.delta": { field: "delta", final: false, source: "text" },
  "response.text.done": { field: "text", final: true, source: "text" },
};

/**
 * Builds the user's and the assistant's transcripts. Each entry is one conversation item (or one
 * content part of it): `{role, itemId, text, final, failed, source, index}` where `source` is
 * "audio" (spoken, transcribed), "typed" (a `conversation.item.create` with input_text) or "text",
 * and `index` is the position of the record that first named the item. Entries are ordered by
 * `index`, so a user turn comes before the answer to it even when its transcription arrives later.
 * Spoken user turns without any transcription keep `text: ""` and `untranscribed: true`.
 */
export function buildTranscripts(records) {
  const firstMention = new Map();
  const entries = new Map();
  const entry = (key, role, itemId, source, index) => {
    if (!entries.has(key)) {
      const anchor = itemId != null && firstMention.has(itemId) ? firstMention.get(itemId) : index;
      entries.set(key, { role, itemId: itemId ?? null, text: "", final: false, failed: null, source, index: anchor, transcribed: false });
    }
    return entries.get(key);
  };

  records.forEach((record, index) => {
    const data = record.data;
    if (!data || typeof data !== "object" || typeof data.type !== "string") return;
    const fromUpstream = typeof record.dir === "string" && record.dir.startsWith("upstream_");
    const fromClient = record.dir === "client_to_upstream";
    if (!fromUpstream && !fromClient) return;  // refused or relay-made events were never part of the conversation
    for (const id of [data.item_id, data.item?.id]) {
      if (typeof id === "string" && !firstMention.has(id)) firstMention.set(id, index);
    }
    const type = data.type;

    if (fromClient && type === "conversation.item.create" && data.item?.role === "user") {
      const parts = (data.item.content ?? []).filter((part) => part?.type === "input_text" && typeof part.text === "string");
      if (parts.length === 0) return;
      const typed = entry(`typed:${index}`, "user", data.item.id, "typed", index);
      typed.text = parts.map((part) => part.text).join("\n");
      typed.final = true;
      typed.transcribed = true;
      return;
    }
    if (!fromUpstream) return;

    if (type === "input_audio_buffer.committed" && typeof data.item_id === "string") {
      entry(`user:${data.item_id}:0`, "user", data.item_id, "audio", index);
      return;
    }
    if (type.startsWith(USER_TRANSCRIPTION) && typeof data.item_id === "string") {
      const spoken = entry(`user:${data.item_id}:${data.content_index ?? 0}`, "user", data.item_id, "audio", index);
      const step = type.slice(USER_TRANSCRIPTION.length);
      spoken.transcribed = true;
      if (step === "delta" && !spoken.final && typeof data.delta === "string") {
        spoken.text += data.delta;
      } else if (step === "completed" && typeof data.transcript === "string") {
        spoken.text = data.transcript;
        spoken.final = true;
      } else if (step === "failed") {
        spoken.failed = data.error?.message ?? "transcription failed";
      }
      return;
    }
    const assistant = ASSISTANT_EVENTS[type];
    if (assistant && typeof data.item_id === "string") {
      const said = entry(`assistant:${data.item_id}:${data.content_index ?? 0}`, "assistant", data.item_id, assistant.source, index);
      const text = data[assistant.field];
      said.transcribed = true;
      if (typeof text !== "string") return;
      if (assistant.final) {
        said.text = text;
        said.final = true;
      } else if (!said.final) {
        said.text += text;
      }
    }
  });

  const all = [...entries.values()].sort((a, b) => a.index - b.index);
  for (const item of all) {
    item.untranscribed = !item.transcribed;
    delete item.transcribed;
  }
  return {
    user: all.filter((item) => item.role === "user"),
    assistant: all.filter((item) => item.role === "assistant"),
    conversation: all,
  };
}
