#!/usr/bin/env python3
"""The application relay a Python user would write: aiohttp, shaped like the VoiceRAG middle tier
(Azure-Samples/aisearch-openai-rag-audio, app/backend/rtmt.py).

What makes it that shape, and so what the benchmark measures:
  * an aiohttp web server with one WebSocketResponse per browser connection;
  * per connection, a ClientSession and ws_connect to the upstream's realtime path with the key
    in an `api-key` header;
  * two forwarding coroutines under asyncio.gather;
  * every text message is json.loads()-ed to read its "type"; session.update (to the upstream)
    and session.created (to the browser) are rewritten and json.dumps()-ed, everything else goes
    on as the original text.

Environment: RELAY_PORT (listen on 127.0.0.1), UPSTREAM_URL (ws:// or wss://), UPSTREAM_CA
(a CA file for wss://), AZURE_OPENAI_API_KEY.
"""
import asyncio
import json
import os
import ssl

import aiohttp
from aiohttp import web

MAX_MESSAGE = 16 << 20
INSTRUCTIONS = "You are a helpful assistant."


def to_upstream(text: str) -> str:
    event = json.loads(text)
    if isinstance(event, dict) and event.get("type") == "session.update":
        session = event.setdefault("session", {})
        session["instructions"] = INSTRUCTIONS
        return json.dumps(event)
    return text


def to_browser(text: str) -> str:
    event = json.loads(text)
    if isinstance(event, dict) and event.get("type") == "session.created":
        event.get("session", {})["instructions"] = ""
        return json.dumps(event)
    return text


async def pump(source, sink, rewrite):
    async for message in source:
        if message.type == aiohttp.WSMsgType.TEXT:
            await sink.send_str(rewrite(message.data))
        elif message.type == aiohttp.WSMsgType.BINARY:
            await sink.send_bytes(message.data)
        else:
            break
    await sink.close()


async def relay(request: web.Request) -> web.WebSocketResponse:
    browser = web.WebSocketResponse(max_msg_size=MAX_MESSAGE, autoping=True)
    await browser.prepare(request)
    upstream_url = os.environ["UPSTREAM_URL"]
    tls = None
    if upstream_url.startswith("wss://"):
        tls = ssl.create_default_context(cafile=os.environ.get("UPSTREAM_CA"))
    headers = {"api-key": os.environ.get("AZURE_OPENAI_API_KEY", "")}
    async with aiohttp.ClientSession() as http:
        async with http.ws_connect(upstream_url, headers=headers, ssl=tls, max_msg_size=MAX_MESSAGE) as upstream:
            await asyncio.gather(pump(browser, upstream, to_upstream), pump(upstream, browser, to_browser))
    return browser


def main() -> None:
    app = web.Application()
    app.router.add_get("/{tail:.*}", relay)
    web.run_app(app, host="127.0.0.1", port=int(os.environ["RELAY_PORT"]), print=None, access_log=None)


if __name__ == "__main__":
    main()
