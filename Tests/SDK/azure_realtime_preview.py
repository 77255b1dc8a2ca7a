"""The Azure preview quickstart's Python client (AsyncAzureOpenAI, client.beta.realtime), through the relay.

Usage: python3 azure_realtime_preview.py http://127.0.0.1:PORT DEPLOYMENT

The code of the Azure "GPT-4o Realtime API (preview)" Python quickstart, unchanged but for the URL and the
credential (a dummy key: the relay holds the real one), with the typed input replaced by one message. The
URL: `azure_endpoint` is the relay, and since the Azure client always dials wss:// from it while this relay
listens without TLS, `websocket_base_url` names the plain ws:// endpoint (behind an https reverse proxy
`azure_endpoint` alone is enough). Checks what a user would see: a response with audio and a transcript, ending with
response.done. Exits non-zero with the reason when anything is missing.
"""
import asyncio
import base64
import sys
import warnings

from openai import AsyncAzureOpenAI


async def main(endpoint: str, deployment: str) -> int:
    client = AsyncAzureOpenAI(
        azure_endpoint=endpoint,
        api_key="dummy-key-not-forwarded",
        api_version="2025-04-01-preview",
        websocket_base_url=endpoint.replace("http://", "ws://", 1) + "/openai",
    )
    seen = {"audio_bytes": 0, "transcript": "", "done": 0}
    async with client.beta.realtime.connect(
        model=deployment,  # name of your deployment
    ) as connection:
        await connection.session.update(session={"modalities": ["text", "audio"]})
        await connection.conversation.item.create(
            item={
                "type": "message",
                "role": "user",
                "content": [{"type": "input_text", "text": "Hello from the preview client!"}],
            }
        )
        await connection.response.create()
        async for event in connection:
            if event.type == "response.text.delta":
                print(event.delta, flush=True, end="")
            elif event.type == "response.audio.delta":
                audio_data = base64.b64decode(event.delta)
                seen["audio_bytes"] += len(audio_data)
            elif event.type == "response.audio_transcript.delta":
                seen["transcript"] += event.delta
            elif event.type == "error":
                print(f"error event: {event.error}", file=sys.stderr)
                return 1
            elif event.type == "response.done":
                seen["done"] += 1
                break
    problems = []
    if seen["audio_bytes"] < 4800:
        problems.append(f"too little audio ({seen['audio_bytes']} bytes)")
    if not seen["transcript"]:
        problems.append("no transcript deltas")
    if not seen["done"]:
        problems.append("no response.done")
    if problems:
        print("preview client through the relay: " + "; ".join(problems), file=sys.stderr)
        return 1
    print(f"preview client through the relay: {seen['audio_bytes']} bytes of audio, transcript: {seen['transcript']!r}")
    return 0


if __name__ == "__main__":
    warnings.simplefilter("ignore", DeprecationWarning)  # client.beta.realtime is deprecated upstream, still shipped
    sys.exit(asyncio.run(main(sys.argv[1], sys.argv[2])))
