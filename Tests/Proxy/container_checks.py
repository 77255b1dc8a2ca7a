"""The container image's runtime assumptions, checked without a Docker engine (run by .ci/container-checks.sh).

1. Linkage: the static release binary (`swift build -c release --static-swift-stdlib`) needs no Swift runtime
   library and nothing beyond glibc, libssl3, zlib1g and the C++ runtime (libstdc++6, libgcc-s1); no RUNPATH
   into a toolchain (only SwiftPM's $ORIGIN).
2. Clean environment: a copy of it outside the build tree, started with `env -i` (no PATH, no
   LD_LIBRARY_PATH, no toolchain) and only the Dockerfile's ENV, serves /healthz, /readyz, the page and a
   simulator session; `realtime-relay healthcheck` says 0 for a live server and 1 for none; SIGTERM exits 0.
3. The image itself (unless --no-rootfs): a `debootstrap --variant=minbase bookworm` root stands in for
   debian:bookworm-slim, the Dockerfile's runtime stage is carried out in it (dockerfile_stage.py: its RUN,
   COPY, ENV, USER, WORKDIR, HEALTHCHECK, ENTRYPOINT and CMD), and the relay runs there as the image would run
   it: as the USER, in the WORKDIR, with the ENV, on a read-only root with only its VOLUME writable. Checked: every library resolves in the root; the page, probes
   and a simulator session; the HEALTHCHECK command; frame logs written in the log volume by the USER; SIGTERM;
   and a TLS upstream (`AZURE_OPENAI_ENDPOINT=https://...`) verified against the root's own trust store
   (ca-certificates): refused while the test CA is not in it, working once it is.
"""
import argparse
import asyncio
import glob
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import harness
import dockerfile_stage

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))

# Shared objects the binary may need, and the Debian packages that hold them (all in the runtime stage or in
# every Debian base). Anything else, above all a libswift*.so, fails the linkage check.
ALLOWED_LIBRARIES = {
    "libc.so.6": "libc6", "libm.so.6": "libc6", "libdl.so.2": "libc6", "libpthread.so.0": "libc6",
    "librt.so.1": "libc6", "libutil.so.1": "libc6", "ld-linux-x86-64.so.2": "libc6", "ld-linux-aarch64.so.1": "libc6",
    "libssl.so.3": "libssl3", "libcrypto.so.3": "libssl3", "libz.so.1": "zlib1g",
    "libstdc++.so.6": "libstdc++6", "libgcc_s.so.1": "libgcc-s1",
}


# ---------------------------------------------------------------- 1. linkage

def linkage(binary):
    dynamic = subprocess.run(["readelf", "-d", binary], capture_output=True, text=True, check=True).stdout
    needed = [line.split("[", 1)[1].rstrip("]") for line in dynamic.splitlines() if "(NEEDED)" in line]
    # SwiftPM links with RUNPATH $ORIGIN (the binary's own folder, which holds no libraries in the image);
    # a path into a toolchain would mean a library is only found on the build machine.
    rpaths = [entry for line in dynamic.splitlines() if "(RPATH)" in line or "(RUNPATH)" in line
              for entry in line.split("[", 1)[1].rstrip("]").split(":")]
    foreign_rpaths = [entry for entry in rpaths if entry != "$ORIGIN"]
    ldd = subprocess.run(["ldd", binary], capture_output=True, text=True).stdout
    unexpected = [name for name in needed if name not in ALLOWED_LIBRARIES]
    swift = [line.strip() for line in ldd.splitlines()
             if any(word in line for word in ("libswift", "libFoundation", "libdispatch", "libBlocksRuntime", "libicu", "/opt/swift", "usr/lib/swift"))]
    missing = [line.strip() for line in ldd.splitlines() if "not found" in line]
    packages = sorted({ALLOWED_LIBRARIES[name] for name in needed if name in ALLOWED_LIBRARIES})
    detail = f"NEEDED {needed} (packages {packages}); RUNPATH {rpaths or 'none'}"
    good = not unexpected and not swift and not missing and not foreign_rpaths
    if not good:
        detail += f"; unexpected {unexpected}, Swift runtime {swift}, not found {missing}"
    print(f"     {detail}")
    return good, detail


# ---------------------------------------------------------------- 2 and 3: a running relay

def serving(port, public, expect_page=True):
    """/healthz, /readyz, the page and /metrics over HTTP."""
    answers = {path: harness.http_get("127.0.0.1", port, path)[0] for path in ("/healthz", "/readyz", "/metrics")}
    status, _, body = harness.http_get("127.0.0.1", port, "/")
    with open(os.path.join(public, "index.html"), "rb") as file:
        page_ok = status == 200 and body == file.read()
    good = answers == {"/healthz": 200, "/readyz": 200, "/metrics": 200} and (page_ok or not expect_page)
    return good, f"{answers}, page {'ok' if page_ok else f'status {status}, {len(body)} bytes'}"


def simulator_session(port, user_agent):
    """session.created, then a question and the start of the spoken answer (the simulator speaks in real time,
    so the test stops at the first audio instead of waiting for the whole answer)."""
    async def run():
        async with harness.connect(f"ws://127.0.0.1:{port}/realtime", user_agent) as ws:
            created = await harness.receive_event(ws)
            await ws.send(json.dumps({"type": "conversation.item.create", "item": {
                "type": "message", "role": "user", "content": [{"type": "input_text", "text": "Hi"}]}}))
            await ws.send(json.dumps({"type": "response.create"}))
            audio, _ = await harness.wait_for_event(ws, "response.output_audio.delta")
            return created, len(audio.get("delta", ""))
    created, audio = asyncio.run(run())
    good = created.get("type") == "session.created" and audio > 0
    return good, f"{created.get('type')}, then audio ({audio} base64 characters)"


def upstream_session(port, expect_success):
    """A session through the relay to the TLS upstream: session.created from it and a response, or (untrusted
    certificate) the relay's error event and close."""
    async def run():
        async with harness.connect(f"ws://127.0.0.1:{port}/realtime", "container-checks/tls") as ws:
            first = await harness.receive_event(ws, timeout=20)
            if first.get("type") != "session.created":
                try:
                    await asyncio.wait_for(ws.recv(), 10)
                except Exception:
                    pass
                return first, None, ws.close_code
            await ws.send('{"type":"response.create"}')
            done, _ = await harness.wait_for_event(ws, "response.done")
            return first, done, None
    first, done, close_code = asyncio.run(run())
    if expect_success:
        good = first.get("session", {}).get("id") == "sess_tls_upstream" and done is not None
        return good, f"first event {first.get('type')} {first.get('session', {}).get('id')}, then {done and done.get('type')}"
    error = first.get("error", {}) if first.get("type") == "error" else {}
    good = error.get("code") == "upstream_unreachable" and close_code == 1011
    return good, f"{first.get('type')} {error.get('code')}: {error.get('message', '')[:160]!r}, close {close_code}"


def stop_exits_zero(process, timeout=15):
    process.send(signal.SIGTERM)
    status = process.wait(timeout)
    return status == 0, f"exit status {status}"


# ---------------------------------------------------------------- 2. clean environment on this machine

def clean_environment_checks(results, processes, args, work, image_env):
    app = os.path.join(work, "app")
    shutil.copytree(args.public, os.path.join(app, "Public"))
    bin_dir = os.path.join(work, "bin")
    os.makedirs(bin_dir)
    binary = os.path.join(bin_dir, "realtime-relay")
    shutil.copy2(args.binary, binary)
    port = harness.free_port()
    env = {k: v for k, v in image_env.items() if k != "PATH"}
    env.update({"PORT": str(port), "RELAY_LOG_DIR": os.path.join(app, "logs")})
    argv = ["env", "-i", *[f"{k}={v}" for k, v in env.items()], binary, "serve", "--simulator", "--host", "127.0.0.1"]
    print(f"     {' '.join(argv)}  (in {app})")
    relay = processes.start("relay (env -i)", argv, os.path.join(work, "relay-env-i.log"), cwd=app)
    try:
        harness.wait_http("127.0.0.1", port, "/readyz", process=relay)
    except RuntimeError as error:
        results.check("env -i: the relay starts with an empty environment", False, str(error))
        return
    results.run("env -i: /healthz, /readyz, the page and /metrics", serving, port, os.path.join(app, "Public"))
    results.run("env -i: a simulator session", simulator_session, port, "container-checks/env-i")
    healthy = subprocess.run(["env", "-i", f"PORT={port}", binary, "healthcheck"], capture_output=True, text=True)
    results.check("env -i: `realtime-relay healthcheck` exits 0 for the live server", healthy.returncode == 0,
                  healthy.stdout.strip())
    nobody = subprocess.run(["env", "-i", f"PORT={harness.free_port()}", binary, "healthcheck", "--timeout", "1"],
                            capture_output=True, text=True)
    results.check("env -i: `realtime-relay healthcheck` exits 1 when nothing answers", nobody.returncode == 1,
                  f"exit {nobody.returncode}: {nobody.stdout.strip()}")
    results.run("env -i: SIGTERM drains and exits 0", stop_exits_zero, relay)


# ---------------------------------------------------------------- 3. the image, in a debootstrap root

def debootstrap(args, work, sudo):
    root = os.path.join(work, "rootfs")
    suite = args.suite
    started = time.monotonic()
    command = [*sudo, "debootstrap", "--variant=minbase", suite, root, args.mirror]
    print(f"     {' '.join(command)}")
    result = subprocess.run(command, capture_output=True, text=True)
    seconds = time.monotonic() - started
    if result.returncode != 0:
        print(result.stdout[-2000:], result.stderr[-2000:])
        raise RuntimeError(f"debootstrap failed ({result.returncode})")
    print(f"     debootstrap took {seconds:.0f} s")
    # The apt sources of the official image: the release, its updates and its security updates.
    security = args.mirror.rstrip("/").rsplit("/", 1)[0] + "/debian-security" if args.mirror.rstrip("/").endswith("/debian") else args.mirror
    sources = (f"Types: deb\nURIs: {args.mirror}\nSuites: {suite} {suite}-updates\nComponents: main\n"
               f"Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg\n\n"
               f"Types: deb\nURIs: {security}\nSuites: {suite}-security\nComponents: main\n"
               f"Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg\n")
    with open(os.path.join(root, "etc", "apt", "sources.list.d", "debian.sources"), "w") as file:
        file.write(sources)
    os.remove(os.path.join(root, "etc", "apt", "sources.list"))
    return root, seconds


def image_process(processes, name, root, config, work, env_overrides, args_override=None, sudo=()):
    """Starts the image's ENTRYPOINT + CMD (or ENTRYPOINT + args_override) in the root, as
    `docker run --read-only -v logs:/app/logs` would: only the image's VOLUMEs are writable."""
    env = dict(config["env"])
    env.update(env_overrides)
    argv = config["entrypoint"] + (args_override if args_override is not None else config["cmd"])
    command = dockerfile_stage.in_root(root, argv, env, user=config["user"], cwd=config["workdir"], sudo=sudo,
                                       read_only_except=config["volumes"])
    return processes.start(name, command, os.path.join(work, f"{name.replace(' ', '-')}.log"))


def image_checks(results, processes, args, work, sudo):
    try:
        root, seconds = debootstrap(args, work, sudo)
    except Exception as error:
        results.check("image: a debootstrap minbase root", False, str(error))
        return None
    try:
        config = dockerfile_stage.apply(args.dockerfile, root, args.binary, ROOT, sudo=sudo,
                                        log=lambda line: print(f"     {line}"))
    except Exception as error:
        results.check("image: the Dockerfile's runtime stage applies to the root", False,
                      f"{type(error).__name__}: {error}")
        return root
    results.check("image: the Dockerfile's runtime stage applies to the root", True)
    print(f"     image config: user {config['user']}, workdir {config['workdir']}, entrypoint {config['entrypoint']}, "
          f"cmd {config['cmd']}, healthcheck {config['healthcheck']}, volumes {config['volumes']}")

    binary_in_root = subprocess.run(["chroot", root, "ldd", "/usr/local/bin/realtime-relay"] if not sudo else
                                    [*sudo, "chroot", root, "ldd", "/usr/local/bin/realtime-relay"],
                                    capture_output=True, text=True)
    unresolved = [line.strip() for line in binary_in_root.stdout.splitlines() if "not found" in line]
    results.check("image: every library the binary needs is in the image", binary_in_root.returncode == 0 and not unresolved,
                  f"not found: {unresolved}" if unresolved else binary_in_root.stderr.strip())

    # The simulator, as `docker run -e PORT=P IMAGE serve --simulator --host 127.0.0.1`.
    port = harness.free_port()
    relay = image_process(processes, "relay in image", root, config, work, {"PORT": str(port)},
                          ["serve", "--simulator", "--host", "127.0.0.1"], sudo)
    try:
        harness.wait_http("127.0.0.1", port, "/readyz", process=relay)
    except RuntimeError as error:
        results.check("image: the relay starts as the image's USER in its WORKDIR, read-only but for its VOLUME",
                      False, str(error))
        return root
    public_in_root = os.path.join(root, config["workdir"].lstrip("/"), "Public")
    results.check("image: the relay starts as the image's USER in its WORKDIR, read-only but for its VOLUME", True)
    results.run("image: /healthz, /readyz, the page and /metrics", serving, port, public_in_root)
    results.run("image: a simulator session", simulator_session, port, "container-checks/image")
    health = subprocess.run(dockerfile_stage.in_root(root, config["healthcheck"], {**config["env"], "PORT": str(port)},
                                                     user=config["user"], cwd=config["workdir"], sudo=sudo),
                            capture_output=True, text=True)
    results.check(f"image: the HEALTHCHECK command {config['healthcheck']} exits 0", health.returncode == 0,
                  (health.stdout + health.stderr).strip())
    log_dir = os.path.join(root, config["env"].get("RELAY_LOG_DIR", "/app/logs").lstrip("/"))
    deadline = time.monotonic() + 5  # the frame log's writer thread creates the file within a moment
    while not (logs := glob.glob(os.path.join(log_dir, "*.jsonl"))) and time.monotonic() < deadline:
        time.sleep(0.1)
    owners = {(os.stat(p).st_uid, oct(os.stat(p).st_mode & 0o777)) for p in logs}
    uid = int(config["user"].split(":")[0])
    results.check("image: frame logs are written to the log volume by the image's user (0600)",
                  bool(logs) and owners == {(uid, "0o600")}, f"{len(logs)} files in {log_dir}, owners/modes {owners}")
    results.run("image: SIGTERM drains and exits 0", stop_exits_zero, relay)

    # A TLS upstream, trusted through the root's own store (ca-certificates).
    pki = harness.make_test_pki(os.path.join(work, "pki"))
    upstream_port = harness.free_port()
    api_key = "container-checks-key-not-logged"
    upstream = processes.start("tls upstream", [sys.executable, os.path.join(HERE, "tls_upstream.py"),
                                                "--port", str(upstream_port), "--cert", pki["cert"], "--key", pki["key"],
                                                "--api-key", api_key], os.path.join(work, "tls-upstream.log"))
    deadline = time.monotonic() + 10
    while "listening" not in upstream.output() and time.monotonic() < deadline and upstream.running():
        time.sleep(0.1)
    azure_env = {"AZURE_OPENAI_ENDPOINT": f"https://127.0.0.1:{upstream_port}", "AZURE_OPENAI_API_KEY": api_key}
    for trusted in (False, True):
        if trusted:
            anchors = os.path.join(root, "usr", "local", "share", "ca-certificates")
            os.makedirs(anchors, exist_ok=True)
            shutil.copy2(pki["ca"], os.path.join(anchors, "relay-test-ca.crt"))
            subprocess.run(dockerfile_stage.in_root(root, ["update-ca-certificates"], config["env"], sudo=sudo),
                           check=True, stdout=subprocess.DEVNULL)
        port = harness.free_port()
        relay = image_process(processes, f"relay in image tls {trusted}", root, config, work,
                              {**azure_env, "PORT": str(port)}, ["serve", "--host", "127.0.0.1"], sudo)
        try:
            harness.wait_http("127.0.0.1", port, "/readyz", process=relay)
            if trusted:
                results.run("image: wss:// upstream verified with the image's trust store (test CA added)",
                            upstream_session, port, True)
            else:
                results.run("image: wss:// upstream refused while its CA is not in the image's trust store",
                            upstream_session, port, False)
        except RuntimeError as error:
            results.check("image: the relay starts with an https:// endpoint", False, str(error))
        relay.stop()
    key_leaked = any(api_key in open(p, errors="replace").read()
                     for p in glob.glob(os.path.join(work, "relay-in-image-tls-*.log")) + glob.glob(os.path.join(log_dir, "*.jsonl")))
    results.check("image: the API key appears in no log", not key_leaked)
    upstream.stop()
    return root


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "realtime-relay"))
    parser.add_argument("--public", default=os.path.join(ROOT, "Public"))
    parser.add_argument("--dockerfile", default=os.path.join(ROOT, "Dockerfile"))
    parser.add_argument("--no-rootfs", action="store_true", help="skip the debootstrap image check")
    parser.add_argument("--suite", default="bookworm")
    parser.add_argument("--mirror", default="http://deb.debian.org/debian")
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    args = parser.parse_args()
    args.binary = os.path.abspath(args.binary)
    args.public = os.path.abspath(args.public)

    results = harness.Results()
    work = tempfile.mkdtemp(prefix="relay-container-checks-")
    os.chmod(work, 0o755)  # the image's user must reach its root inside
    sudo = ()  # the image check runs as root (the shell script skips it otherwise)
    if os.geteuid() != 0 and not args.no_rootfs:
        print("the image check needs root: skipped")
        args.no_rootfs = True
    with open(args.dockerfile) as file:
        base, _ = dockerfile_stage.final_stage(file.read())
    if not base.startswith(f"debian:{args.suite}"):
        results.check(f"the runtime stage is based on debian:{args.suite}", False, f"it is {base}")
    with harness.Processes() as processes:
        results.run("linkage: no Swift runtime library, only glibc, libssl3, zlib1g and the C++ runtime",
                    linkage, args.binary)
        clean_environment_checks(results, processes, args, work, _image_env(args.dockerfile))
        if not args.no_rootfs:
            image_checks(results, processes, args, work, sudo)
        if results.failed:
            for process in processes.items:
                print(f"--- {process.name} output (last 40 lines) ---")
                print("\n".join(process.output().splitlines()[-40:]))
    if args.keep or results.failed:
        print(f"work directory kept: {work}")
    else:
        subprocess.run([*sudo, "rm", "-rf", "--one-file-system", work], check=False)
    return results.finish()


def _image_env(dockerfile):
    """The runtime stage's ENV values (without carrying the stage out)."""
    with open(dockerfile) as file:
        _, stage = dockerfile_stage.final_stage(file.read())
    env = {}
    for keyword, text in stage:
        if keyword == "ENV":
            env.update(dockerfile_stage.parse_env(text))
    return env


if __name__ == "__main__":
    sys.exit(main())
