"""Shared pieces of the deployment tests (.ci/proxy-tests.sh, .ci/container-checks.sh).

Processes the tests start (the relay, nginx, a test upstream) are tracked and always stopped; realtime sessions
are driven with the `websockets` package; the relay's JSON log lines and frame logs are searched for a session's
facts. Only loopback addresses are ever used.
"""
import asyncio
import base64
import glob
import http.client
import json
import os
import signal
import socket
import ssl
import subprocess
import sys
import time


# ---------------------------------------------------------------- results

class Results:
    """Named checks; prints `ok` / `FAIL` per check and the plain closing line CI reads."""

    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, name, condition, detail=""):
        if condition:
            self.passed += 1
            print(f"ok   {name}", flush=True)
        else:
            self.failed += 1
            print(f"FAIL {name}{': ' + detail if detail else ''}", flush=True)
        return condition

    def run(self, name, function, *args):
        """Runs a check function that returns (bool, detail) or raises."""
        try:
            good, detail = function(*args)
        except Exception as error:  # a failing check must not stop the others
            good, detail = False, f"{type(error).__name__}: {error}"
        return self.check(name, good, detail)

    def finish(self):
        print(f"{self.passed} passed, {self.failed} failed", flush=True)
        return 1 if self.failed else 0


# ---------------------------------------------------------------- processes

def free_port(host="127.0.0.1"):
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


class Process:
    """A started program whose output goes to a file; stop() ends it (TERM, then KILL) and returns its status."""

    def __init__(self, name, argv, log_path, env=None, cwd=None):
        self.name = name
        self.log_path = log_path
        self.log = open(log_path, "ab")
        self.popen = subprocess.Popen(argv, stdout=self.log, stderr=subprocess.STDOUT, env=env, cwd=cwd,
                                      stdin=subprocess.DEVNULL)

    @property
    def pid(self):
        return self.popen.pid

    def running(self):
        return self.popen.poll() is None

    def send(self, number):
        if self.running():
            self.popen.send_signal(number)

    def wait(self, timeout):
        try:
            return self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None

    def stop(self, sig=signal.SIGTERM, timeout=15):
        if self.running():
            self.popen.send_signal(sig)
            if self.wait(timeout) is None:
                self.popen.kill()
                self.popen.wait()
        self.log.close()
        return self.popen.returncode

    def output(self):
        with open(self.log_path, "rb") as file:
            return file.read().decode("utf-8", "replace")


class Processes:
    """Every process a test starts, stopped in reverse order however the test ends."""

    def __init__(self):
        self.items = []

    def start(self, *args, **kwargs):
        process = Process(*args, **kwargs)
        self.items.append(process)
        return process

    def stop_all(self):
        for process in reversed(self.items):
            process.stop()
        self.items.clear()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop_all()


def wait_http(host, port, path="/healthz", timeout=20.0, process=None, expect=200):
    """Waits until GET path answers `expect`; fails early if `process` exits."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        if process is not None and not process.running():
            raise RuntimeError(f"{process.name} exited ({process.popen.returncode}):\n{process.output()[-3000:]}")
        try:
            status, _, _ = http_get(host, port, path, timeout=2)
            if status == expect:
                return
            last = f"status {status}"
        except OSError as error:
            last = str(error)
        time.sleep(0.1)
    raise RuntimeError(f"{host}:{port}{path} did not answer {expect} in {timeout} s ({last})")


def http_get(host, port, path, tls_context=None, server_name=None, source=None, headers=None, timeout=5):
    """GET over HTTP/1.1 (HTTPS with a context, verified for `host`): (status, lower-cased headers, body);
    `server_name` is the Host header, `source` the client's loopback address."""
    source_address = (source, 0) if source else None
    if tls_context is not None:
        connection = http.client.HTTPSConnection(host, port, timeout=timeout, context=tls_context,
                                                 source_address=source_address)
    else:
        connection = http.client.HTTPConnection(host, port, timeout=timeout, source_address=source_address)
    try:
        all_headers = {"Host": server_name or host}
        all_headers.update(headers or {})
        connection.request("GET", path, headers=all_headers)
        response = connection.getresponse()
        body = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        connection.close()


def tls_client_context(ca_file):
    context = ssl.create_default_context(cafile=ca_file)
    return context


# ---------------------------------------------------------------- realtime sessions

def connect(url, user_agent, headers=None, source=None, tls_context=None, server_hostname=None, **kwargs):
    """Opens a WebSocket; `source` binds the client to a loopback address (127.0.0.x) so a test can be a given
    client; no client-side pings, so only the relay's keepalive crosses the proxy."""
    import websockets  # here, so checks that open no WebSocket do not need the package
    options = dict(additional_headers=headers or {}, user_agent_header=user_agent, ping_interval=None,
                   open_timeout=10, close_timeout=5, max_size=None)
    if source:
        options["local_addr"] = (source, 0)
    if tls_context is not None:
        options["ssl"] = tls_context
        if server_hostname:
            options["server_hostname"] = server_hostname
    options.update(kwargs)
    return websockets.connect(url, **options)


async def receive_event(ws, timeout=10):
    message = await asyncio.wait_for(ws.recv(), timeout)
    return json.loads(message)


async def wait_for_event(ws, wanted, timeout=15):
    """Reads events until one of type `wanted`; returns (that event, every event read)."""
    seen = []
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"no {wanted} within {timeout} s (saw {[e.get('type') for e in seen]})")
        event = await receive_event(ws, left)
        seen.append(event)
        if event.get("type") == "error":
            raise RuntimeError(f"error event: {event.get('error')}")
        if event.get("type") == wanted:
            return event, seen


async def ask(ws, text="Hello through the proxy!", timeout=20):
    """One user message and one response; returns what the user would get: transcript and audio bytes."""
    await ws.send(json.dumps({"type": "conversation.item.create", "item": {
        "type": "message", "role": "user", "content": [{"type": "input_text", "text": text}]}}))
    await ws.send(json.dumps({"type": "response.create"}))
    done, seen = await wait_for_event(ws, "response.done", timeout)
    transcript = "".join(e.get("delta", "") for e in seen if e.get("type") == "response.output_audio_transcript.delta")
    audio = sum(len(base64.b64decode(e.get("delta", ""))) for e in seen if e.get("type") == "response.output_audio.delta")
    return {"transcript": transcript, "audio_bytes": audio, "status": done.get("response", {}).get("status")}


# ---------------------------------------------------------------- the relay's logs

def json_log_lines(path):
    lines = []
    with open(path, "rb") as file:
        for raw in file:
            try:
                lines.append(json.loads(raw))
            except ValueError:
                continue
    return lines


def find_session_start(frame_log_dir, user_agent, timeout=5.0):
    """The frame log's session_start record of the session opened with this User-Agent (the writer thread
    flushes within a moment, so this polls)."""
    deadline = time.monotonic() + timeout
    while True:
        for path in sorted(glob.glob(os.path.join(frame_log_dir, "*.jsonl"))):
            with open(path, "rb") as file:
                first = file.readline()
            try:
                record = json.loads(first)
            except ValueError:
                continue
            if record.get("event") == "session_start" and record.get("user_agent") == user_agent:
                return record, path
        if time.monotonic() > deadline:
            raise LookupError(f"no frame log with user_agent {user_agent!r} in {frame_log_dir}")
        time.sleep(0.1)


def find_log_line(log_path, message, session, timeout=5.0):
    """The relay's JSON log line `message` for `session`."""
    deadline = time.monotonic() + timeout
    while True:
        for line in json_log_lines(log_path):
            if line.get("msg") == message and line.get("session") == session:
                return line
        if time.monotonic() > deadline:
            raise LookupError(f"no {message!r} line for {session} in {log_path}")
        time.sleep(0.1)


def frame_records(path):
    return json_log_lines(path)


def describe(value):
    return json.dumps(value, sort_keys=True)


def main_guard(function):
    """Runs an async or plain main, always exiting with its status."""
    try:
        status = function()
    except KeyboardInterrupt:
        status = 130
    sys.exit(status)


# ---------------------------------------------------------------- certificates

def make_test_pki(directory):
    """A throwaway CA and a server certificate it signed for localhost and 127.0.0.1 (the openssl command).
    Returns dict(ca, cert, key)."""
    os.makedirs(directory, exist_ok=True)
    path = lambda name: os.path.join(directory, name)  # noqa: E731

    def openssl(*args):
        subprocess.run(["openssl", *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=realtime-relay test CA",
            "-keyout", path("ca.key"), "-out", path("ca.pem"),
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
            "-keyout", path("server.key"), "-out", path("server.csr"))
    with open(path("server.ext"), "w") as file:
        file.write("subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n"
                   "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n")
    openssl("x509", "-req", "-in", path("server.csr"), "-CA", path("ca.pem"), "-CAkey", path("ca.key"),
            "-CAcreateserial", "-days", "2", "-extfile", path("server.ext"), "-out", path("server.pem"))
    return {"ca": path("ca.pem"), "cert": path("server.pem"), "key": path("server.key")}
