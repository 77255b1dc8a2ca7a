"""A minimal Azure-like realtime upstream over TLS (wss://127.0.0.1:PORT/openai/v1/realtime), for checking that
the relay reaches a `https://` endpoint with the trust store of the system it runs on.

    python3 tls_upstream.py --port P --cert server.pem --key server.key --api-key KEY

It refuses an upgrade without `api-key: KEY` (401), sends `session.created` (id sess_tls_upstream) when a
session opens, and answers `response.create` with `response.done`. Runs until SIGTERM.
"""
import argparse
import asyncio
import http
import json
import signal
import ssl
import time

from websockets.asyncio.server import serve

SESSION_ID = "sess_tls_upstream"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--api-key", required=True)
    args = parser.parse_args()

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(args.cert, args.key)

    def check(connection, request):
        if not request.path.startswith("/openai/v1/realtime"):
            return connection.respond(http.HTTPStatus.NOT_FOUND, "not found\n")
        if request.headers.get("api-key") != args.api_key:
            print("refused: no or wrong api-key", flush=True)
            return connection.respond(http.HTTPStatus.UNAUTHORIZED, "api-key missing or wrong\n")
        print(f"upgrade {request.path} with the expected api-key", flush=True)
        return None

    async def session(ws):
        await ws.send(json.dumps({"type": "session.created", "event_id": "event_1", "session": {
            "type": "realtime", "object": "realtime.session", "id": SESSION_ID, "model": "gpt-realtime",
            "expires_at": int(time.time()) + 1800, "instructions": ""}}))
        async for message in ws:
            event = json.loads(message)
            if event.get("type") == "response.create":
                await ws.send(json.dumps({"type": "response.done", "event_id": "event_2", "response": {
                    "object": "realtime.response", "id": "resp_1", "status": "completed", "output": [],
                    "usage": {"total_tokens": 0, "input_tokens": 0, "output_tokens": 0}}}))

    async def run():
        stop = asyncio.get_running_loop().create_future()
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set_result, None)
        async with serve(session, "127.0.0.1", args.port, ssl=context, process_request=check):
            print(f"listening on wss://127.0.0.1:{args.port}", flush=True)
            await stop

    asyncio.run(run())


if __name__ == "__main__":
    main()
