// Barge-in arithmetic: what `conversation.item.truncate` must say about an interrupted assistant item.
// `audio_end_ms` is what the user actually heard: samples played, clamped to what was received (the server
// rejects more), floored to whole milliseconds; no truncate when nothing was played (the server answers
// `unsupported_content_type` before the first audio) or when the whole, finished item was heard.

import { REALTIME_RATE } from './pcm.mjs';

/** Milliseconds heard, or null when there is nothing to truncate. */
export function heardMs({ played, received, audioDone = false, rate = REALTIME_RATE }) {
  const clamped = Math.max(0, Math.min(played | 0, received | 0));
  if (audioDone && clamped >= received) return null;  // all of it was heard: nothing to cut
  const ms = Math.floor((clamped * 1000) / rate);
  return ms > 0 ? ms : null;
}

/** The `conversation.item.truncate` event for an interrupted item, or null to send none. */
export function truncateEvent({ itemId, played, received, audioDone = false, contentIndex = 0, rate = REALTIME_RATE }) {
  if (!itemId) return null;
  const ms = heardMs({ played, received, audioDone, rate });
  if (ms === null) return null;
  return { type: 'conversation.item.truncate', item_id: itemId, content_index: contentIndex, audio_end_ms: ms };
}
