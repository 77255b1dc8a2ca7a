"""The relay behind a real nginx, with deploy/nginx's configuration (run by .ci/proxy-tests.sh).

    client (127.0.0.9, or 127.0.0.3 as a trusted CDN) --TLS--> nginx 127.0.0.1:HTTPS --(from 127.0.0.2)-->
    relay 127.0.0.1:RELAY (serve --simulator --trusted-proxies 127.0.0.2,127.0.0.3) --> simulated upstream

nginx runs deploy/nginx/templates/realtime-relay.conf.template, rendered by nginx_config.py: loopback ports, a
test certificate, proxy_read_timeout / proxy_send_timeout of READ_TIMEOUT seconds instead of 3600, and
`proxy_bind 127.0.0.2` so the relay sees nginx at an address of its own, as in a container or pod; the relay
trusts only that address (and 127.0.0.3, a proxy in front of nginx in one check).

Checks: nginx -t; the page, /healthz and /readyz through nginx, HTTP -> HTTPS, /metrics kept from the internet;
a realtime session through nginx -> relay -> upstream; the client address and scheme the relay records (its
"session started" log line and the frame log's session_start) with and without forged X-Forwarded-For,
X-Forwarded-Proto and Forwarded; forged headers sent to the relay directly are ignored; a session idle for over
twice nginx's read timeout survives thanks to the relay's pings (and, as the control, is cut by nginx when the
relay does not ping); SIGTERM during a session reaches the client through nginx as close 1001.
"""
import argparse
import asyncio
import json
import os
import signal
import subprocess
import sys
import tempfile
import time

import websockets

import harness
import nginx_config

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))

NGINX_ADDRESS = "127.0.0.2"      # nginx connects to the relay from here (proxy_bind): trusted
CDN_ADDRESS = "127.0.0.3"        # a proxy in front of nginx: trusted too
CLIENT_ADDRESS = "127.0.0.9"     # a browser: not trusted
DIRECT_ADDRESS = "127.0.0.1"     # a client that skips nginx: not trusted
FORGED_XFF = "203.0.113.7"
FORGED_FORWARDED = "203.0.113.8"


class Setup:
    def __init__(self, args, work, processes):
        self.args = args
        self.work = work
        self.processes = processes
        self.read_timeout = args.read_timeout
        self.relay_port = harness.free_port()
        self.http_port = harness.free_port()
        self.https_port = harness.free_port()
        self.frames = os.path.join(work, "frames")
        self.relay_log = os.path.join(work, "relay.log")
        self.relay = None
        self.nginx = None
        self.pki = harness.make_test_pki(os.path.join(work, "pki"))
        self.tls = harness.tls_client_context(self.pki["ca"])

    # -- the relay
    def start_relay(self, ping_interval, drain_timeout=2):
        argv = [self.args.binary, "serve", "--simulator", "--host", "127.0.0.1", "--port", str(self.relay_port),
                "--public", self.args.public, "--log-dir", self.frames, "--log-format", "json",
                "--trusted-proxies", f"{NGINX_ADDRESS},{CDN_ADDRESS}",
                "--ping-interval", str(ping_interval), "--drain-timeout", str(drain_timeout)]
        with open(self.relay_log, "ab") as log:
            log.write(f"# relay: {' '.join(argv)}\n".encode())
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
        self.relay = self.processes.start("relay", argv, self.relay_log, env=env)
        harness.wait_http("127.0.0.1", self.relay_port, "/readyz", process=self.relay)

    # -- nginx
    def render_nginx(self):
        site = nginx_config.render(
            {"RELAY_UPSTREAM": f"127.0.0.1:{self.relay_port}", "NGINX_SERVER_NAME": "localhost",
             "NGINX_TLS_CERTIFICATE": self.pki["cert"], "NGINX_TLS_CERTIFICATE_KEY": self.pki["key"]},
            loopback={"http_port": self.http_port, "https_port": self.https_port, "proxy_bind": NGINX_ADDRESS,
                      "read_timeout": self.read_timeout})
        return nginx_config.write(os.path.join(self.work, "nginx"), site)

    def start_nginx(self, main_config):
        prefix = os.path.dirname(main_config)
        argv = [self.args.nginx, "-p", prefix, "-c", main_config, "-e", os.path.join(prefix, "error.log"),
                "-g", "daemon off;"]
        self.nginx = self.processes.start("nginx", argv, os.path.join(self.work, "nginx.out"))
        harness.wait_http("127.0.0.1", self.http_port, "/", process=self.nginx, expect=308)

    # -- clients
    def via_nginx(self, path="/realtime"):
        return f"wss://127.0.0.1:{self.https_port}{path}"

    def direct(self, path="/realtime"):
        return f"ws://127.0.0.1:{self.relay_port}{path}"

    def session_facts(self, user_agent):
        """What the relay recorded of the session opened with `user_agent`: its frame log's session_start and
        its "session started" log line."""
        start, path = harness.find_session_start(self.frames, user_agent)
        line = harness.find_log_line(self.relay_log, "session started", start["session"])
        return start, line, path


def nginx_syntax(setup, main_config):
    prefix = os.path.dirname(main_config)
    result = subprocess.run([setup.args.nginx, "-t", "-p", prefix, "-c", main_config,
                             "-e", os.path.join(prefix, "error.log")],
                            capture_output=True, text=True)
    return result.returncode == 0, result.stderr.strip()


def page_through_nginx(setup):
    status, headers, body = harness.http_get("127.0.0.1", setup.https_port, "/", setup.tls, "localhost",
                                             source=CLIENT_ADDRESS)
    with open(os.path.join(setup.args.public, "index.html"), "rb") as file:
        expected = file.read()
    return status == 200 and body == expected, f"status {status}, {len(body)} bytes, expected {len(expected)}"


def probes_through_nginx(setup):
    answers = {}
    for path in ("/healthz", "/readyz", "/metrics"):
        answers[path] = harness.http_get("127.0.0.1", setup.https_port, path, setup.tls, "localhost")[0]
    direct_metrics = harness.http_get("127.0.0.1", setup.relay_port, "/metrics")[0]
    good = answers == {"/healthz": 200, "/readyz": 200, "/metrics": 404} and direct_metrics == 200
    return good, f"through nginx {answers}, /metrics directly {direct_metrics}"


def http_redirects(setup):
    status, headers, _ = harness.http_get("127.0.0.1", setup.http_port, "/realtime?x=1", server_name="localhost")
    location = headers.get("location", "")
    return status == 308 and location == "https://localhost/realtime?x=1", f"{status} {location}"


def session_through_nginx(setup):
    async def run():
        async with harness.connect(setup.via_nginx(), "proxy-tests/session", source=CLIENT_ADDRESS,
                                   tls_context=setup.tls) as ws:
            created = await harness.receive_event(ws)
            answer = await harness.ask(ws)
            return created, answer
    created, answer = asyncio.run(run())
    good = (created.get("type") == "session.created" and answer["status"] == "completed"
            and answer["audio_bytes"] >= 4800 and answer["transcript"].strip() != "")
    return good, f"first event {created.get('type')}, {answer}"


def recorded_client(setup, user_agent, url, source, headers, expect_client, expect_proxy, expect_scheme):
    """Opens a session and checks the client the relay recorded in its log line and in the frame log."""
    async def run():
        tls = setup.tls if url.startswith("wss:") else None
        async with harness.connect(url, user_agent, headers=headers, source=source, tls_context=tls) as ws:
            await harness.receive_event(ws)
    asyncio.run(run())
    start, line, _ = setup.session_facts(user_agent)
    got_line = (line.get("client"), line.get("via_proxy") == "true", line.get("scheme"))
    got_start = (start.get("client"), start.get("via_proxy") is True, start.get("scheme"))
    wanted = (expect_client, expect_proxy, expect_scheme)
    return got_line == wanted and got_start == wanted, (
        f"wanted client/via_proxy/scheme {wanted}; log line {got_line}; frame log {got_start}")


def idle_session_survives(setup, idle_seconds):
    """Idle longer than nginx's proxy_read_timeout, then an event and its answer: the relay's pings kept it open."""
    user_agent = "proxy-tests/idle-with-pings"

    async def run():
        async with harness.connect(setup.via_nginx(), user_agent, source=CLIENT_ADDRESS,
                                   tls_context=setup.tls) as ws:
            await harness.receive_event(ws)
            started = time.monotonic()
            try:
                extra = await asyncio.wait_for(ws.recv(), idle_seconds)
                return f"unexpected frame while idle: {extra[:200]}", None
            except asyncio.TimeoutError:
                pass
            idle = time.monotonic() - started
            # Both directions still work: an event up, its answer down.
            await ws.send(json.dumps({"type": "session.update", "session": {"type": "realtime"}}))
            updated, _ = await harness.wait_for_event(ws, "session.updated")
            return idle, updated
    idle, answer = asyncio.run(run())
    if answer is None:
        return False, idle
    _, _, path = setup.session_facts(user_agent)
    pings = sum(1 for r in harness.frame_records(path)
                if r.get("opcode") == "ping" and r.get("dir") == "relay_to_client")
    good = idle > setup.read_timeout * 2 and answer.get("type") == "session.updated" and pings >= 2
    return good, (f"idle {idle:.1f} s (nginx read timeout {setup.read_timeout} s), {pings} pings to the client, "
                  f"then {answer.get('type')}")


def idle_session_cut_without_pings(setup, idle_seconds):
    """The control: with pings rarer than nginx's timeout, nginx closes the idle session (no close frame)."""
    async def run():
        async with harness.connect(setup.via_nginx(), "proxy-tests/idle-without-pings", source=CLIENT_ADDRESS,
                                   tls_context=setup.tls) as ws:
            await harness.receive_event(ws)
            started = time.monotonic()
            try:
                await asyncio.wait_for(ws.recv(), idle_seconds)
                return "a frame arrived", None
            except websockets.ConnectionClosed as closed:
                return time.monotonic() - started, closed.rcvd
            except asyncio.TimeoutError:
                return "still open", None
    elapsed, close_frame = asyncio.run(run())
    if isinstance(elapsed, str):
        return False, elapsed
    good = setup.read_timeout - 0.5 <= elapsed <= setup.read_timeout + 2.5 and close_frame is None
    return good, f"closed after {elapsed:.1f} s (nginx read timeout {setup.read_timeout} s), close frame {close_frame}"


def drain_through_nginx(setup):
    """SIGTERM with a live session: the client gets 1001 through nginx and the relay exits 0."""
    async def run():
        async with harness.connect(setup.via_nginx(), "proxy-tests/drain", source=CLIENT_ADDRESS,
                                   tls_context=setup.tls) as ws:
            await harness.receive_event(ws)
            setup.relay.send(signal.SIGTERM)
            started = time.monotonic()
            try:
                while True:
                    await asyncio.wait_for(ws.recv(), 10)
            except websockets.ConnectionClosed as closed:
                return time.monotonic() - started, closed.rcvd
    elapsed, close_frame = asyncio.run(run())
    status = setup.relay.wait(10)
    code = close_frame.code if close_frame else None
    good = code == 1001 and status == 0
    return good, f"close {code} after {elapsed:.1f} s, relay exit status {status}"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "debug", "realtime-relay"))
    parser.add_argument("--public", default=os.path.join(ROOT, "Public"))
    parser.add_argument("--nginx", default="nginx")
    parser.add_argument("--read-timeout", type=int, default=3, help="nginx proxy_read_timeout in the test (s)")
    parser.add_argument("--keep", action="store_true", help="keep the work directory (logs) afterwards")
    args = parser.parse_args()
    args.binary = os.path.abspath(args.binary)
    args.public = os.path.abspath(args.public)

    results = harness.Results()
    work = tempfile.mkdtemp(prefix="relay-proxy-tests-")
    os.chmod(work, 0o755)  # nginx's workers (nobody, when started as root) reach their temp folders
    failed_setup = False
    with harness.Processes() as processes:
        setup = Setup(args, work, processes)
        try:
            setup.start_relay(ping_interval=1)
            main_config = setup.render_nginx()
            if not results.run("nginx -t accepts deploy/nginx's config (templated to loopback)", nginx_syntax,
                               setup, main_config):
                raise RuntimeError("nginx config rejected")
            setup.start_nginx(main_config)
        except Exception as error:
            failed_setup = True
            results.check("setup: relay and nginx start", False, f"{type(error).__name__}: {error}")
        if not failed_setup:
            t = setup.read_timeout
            results.run("the page loads through nginx (HTTPS)", page_through_nginx, setup)
            results.run("/healthz and /readyz through nginx; /metrics only directly", probes_through_nginx, setup)
            results.run("plain HTTP is redirected to HTTPS", http_redirects, setup)
            results.run("a realtime session through nginx -> relay -> upstream", session_through_nginx, setup)
            results.run("the relay records the client nginx forwarded (X-Forwarded-For from trusted nginx)",
                        recorded_client, setup, "proxy-tests/xff", setup.via_nginx(), CLIENT_ADDRESS, {},
                        CLIENT_ADDRESS, True, "https")
            results.run("a client's own X-Forwarded-For / X-Forwarded-Proto through nginx are not believed",
                        recorded_client, setup, "proxy-tests/xff-forged", setup.via_nginx(), CLIENT_ADDRESS,
                        {"X-Forwarded-For": FORGED_XFF, "X-Forwarded-Proto": "http"}, CLIENT_ADDRESS, True, "https")
            results.run("a client's own Forwarded header through nginx is not believed (nginx drops it)",
                        recorded_client, setup, "proxy-tests/forwarded-forged", setup.via_nginx(), CLIENT_ADDRESS,
                        {"Forwarded": f"for={FORGED_FORWARDED};proto=http"}, CLIENT_ADDRESS, True, "https")
            results.run("behind a trusted proxy in front of nginx, its X-Forwarded-For entry is the client",
                        recorded_client, setup, "proxy-tests/cdn", setup.via_nginx(), CDN_ADDRESS,
                        {"X-Forwarded-For": FORGED_XFF}, FORGED_XFF, True, "https")
            results.run("forged forwarding headers sent to the relay directly are ignored",
                        recorded_client, setup, "proxy-tests/direct-forged", setup.direct(), DIRECT_ADDRESS,
                        {"X-Forwarded-For": FORGED_XFF, "Forwarded": f"for={FORGED_FORWARDED}",
                         "X-Forwarded-Proto": "https"}, DIRECT_ADDRESS, False, None)
            results.run(f"an idle session outlives nginx's {t} s read timeout (relay pings every 1 s)",
                        idle_session_survives, setup, 2 * t + 1.5)

            # The control and the drain, with a relay that pings less often than nginx's timeout.
            setup.relay.stop()
            setup.start_relay(ping_interval=60)
            results.run(f"control: without pings nginx cuts the idle session after {t} s",
                        idle_session_cut_without_pings, setup, 2 * t + 1.5)
            results.run("SIGTERM: the session gets close 1001 through nginx, the relay exits 0",
                        drain_through_nginx, setup)
        if results.failed:
            for process in processes.items:
                print(f"--- {process.name} output (last 60 lines) ---")
                print("\n".join(process.output().splitlines()[-60:]))
            error_log = os.path.join(work, "nginx", "error.log")
            if os.path.exists(error_log):
                print("--- nginx error.log (last 30 lines) ---")
                with open(error_log) as file:
                    print("".join(file.readlines()[-30:]))
    if args.keep or results.failed:
        print(f"work directory kept: {work}")
    else:
        subprocess.run(["rm", "-rf", work], check=False)
    return results.finish()


if __name__ == "__main__":
    sys.exit(main())
