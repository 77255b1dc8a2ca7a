"""The Azure GA quickstart's Python client, unchanged but for the URL, through the relay.

Usage: python3 openai_realtime_ga.py ws://127.0.0.1:PORT/openai/v1 DEPLOYMENT

It is the code of the Azure "GPT Realtime API" Python quickstart (AsyncOpenAI with websocket_base_url),
with the typed input replaced by one message, and checks what a user would see: the session is
configured, a response arrives with a transcript and audio, and it ends with response.done.
Exits non-zero with the reason when anything is missing.
"""
import asyncio
import base64
import sys

from openai import AsyncOpenAI


async def main(base_url: str, deployment_name: str) -> int:
    # A dummy key: the relay holds the real credential and never forwards this one.
    client = AsyncOpenAI(websocket_base_url=base_url, api_key="dummy-key-not-forwarded")
    seen = {"session.updated": 0, "audio_bytes": 0, "transcript": "", "done": 0}
    async with client.realtime.connect(model=deployment_name) as connection:
        await connection.session.update(session={
            "type": "realtime",
            "instructions": "You are a helpful assistant. You respond by voice and text.",
            "output_modalities": ["audio"],
            "audio": {
                "input": {
                    "transcription": {"model": "whisper-1"},
                    "format": {"type": "audio/pcm", "rate": 24000},
                    "turn_detection": {"type": "server_vad", "threshold": 0.5, "prefix_padding_ms": 300,
                                       "silence_duration_ms": 200, "create_response": True},
                },
                "output": {"voice": "alloy", "format": {"type": "audio/pcm", "rate": 24000}},
            },
        })
        await connection.conversation.item.create(item={
            "type": "message", "role": "user",
            "content": [{"type": "input_text", "text": "Hello through the relay!"}],
        })
        await connection.response.create()
        async for event in connection:
            if event.type == "session.updated":
                seen["session.updated"] += 1
            elif event.type == "response.output_audio.delta":
                seen["audio_bytes"] += len(base64.b64decode(event.delta))
            elif event.type == "response.output_audio_transcript.delta":
                seen["transcript"] += event.delta
            elif event.type == "error":
                print(f"error event: {event.error}", file=sys.stderr)
                return 1
            elif event.type == "response.done":
                seen["done"] += 1
                break
    print(f"session.updated x{seen['session.updated']}, {seen['audio_bytes']} bytes of audio, "
          f"transcript: {seen['transcript']!r}")
    problems = []
    if seen["session.updated"] < 1:
        problems.append("no session.updated")
    if seen["audio_bytes"] < 4800:
        problems.append("less than 100 ms of audio")
    if not seen["transcript"].strip():
        problems.append("no transcript")
    if problems:
        print("FAILED: " + ", ".join(problems), file=sys.stderr)
        return 1
    print("OK: the openai package's realtime client works through the relay")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(asyncio.wait_for(main(sys.argv[1], sys.argv[2]), timeout=60)))
