#!/usr/bin/env python3
"""Self-test for relaybench (run by `make check`).

1. Protocol checks of `relaybench upstream` over raw sockets (plain and TLS):
   handshake + accept key, session.created, 7/16/64-bit lengths, fragmented
   message with a ping between the fragments, ping/pong, close-code echo.
2. `relaybench client` runs against it: 20 conns x 10 msg/s, 10 conns window 4
   with 70000-byte messages (64-bit lengths), and a TLS run with --insecure;
   each must report lost=0, errors=0, conn_failed=0.
Ports: the first free ones in 19600-19699. Standard library only.
"""
import base64, hashlib, json, os, signal, socket, ssl, struct, subprocess, sys, tempfile, time

BIN = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "./relaybench")
GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
failures = []


def free_port(exclude=()):
    for p in range(19600, 19700):
        if p in exclude:
            continue
        s = socket.socket()
        try:
            s.bind(("127.0.0.1", p))
            return p
        except OSError:
            pass
        finally:
            s.close()
    sys.exit("no free port in 19600-19699")


def check(cond, what):
    print(("ok    " if cond else "FAIL  ") + what)
    if not cond:
        failures.append(what)


# ---------- raw WebSocket client ----------

def recv_exact(s, n):
    b = b""
    while len(b) < n:
        c = s.recv(n - len(b))
        if not c:
            raise EOFError("connection closed")
        b += c
    return b


def frame(opcode, payload, fin=True):
    mask = os.urandom(4)
    n = len(payload)
    hdr = bytes([(0x80 if fin else 0) | opcode])
    if n < 126:
        hdr += bytes([0x80 | n])
    elif n < 65536:
        hdr += bytes([0x80 | 126]) + struct.pack(">H", n)
    else:
        hdr += bytes([0x80 | 127]) + struct.pack(">Q", n)
    return hdr + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


def read_frame(s):
    b0, b1 = recv_exact(s, 2)
    assert not b1 & 0x80, "server frame must not be masked"
    n = b1 & 0x7F
    if n == 126:
        n = struct.unpack(">H", recv_exact(s, 2))[0]
    elif n == 127:
        n = struct.unpack(">Q", recv_exact(s, 8))[0]
    return b0 & 0x80 != 0, b0 & 0x0F, recv_exact(s, n)


def raw_protocol_test(connect, tag):
    s = connect()
    s.settimeout(5)
    key = base64.b64encode(os.urandom(16)).decode()
    s.sendall(("GET /openai/realtime?api-version=x HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
               "Connection: Upgrade\r\nSec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n\r\n" % key).encode())
    head = b""
    while b"\r\n\r\n" not in head:
        head += recv_exact(s, 1)
    want = base64.b64encode(hashlib.sha1(key.encode() + GUID).digest()).decode()
    check(head.startswith(b"HTTP/1.1 101") and ("Sec-WebSocket-Accept: " + want).encode() in head,
          f"{tag}: upgrade answered with the right accept key")
    fin, op, p = read_frame(s)
    check(op == 1 and json.loads(p)["type"] == "session.created", f"{tag}: session.created first")
    for n in (5, 300, 70000):   # 7-, 16- and 64-bit lengths
        msg = os.urandom(n)
        s.sendall(frame(2, msg))
        fin, op, p = read_frame(s)
        check(fin and op == 2 and p == msg, f"{tag}: binary echo, {n} bytes")
    # fragmented text message with a ping between the fragments
    s.sendall(frame(1, b'{"type":"a",', fin=False) + frame(0, b'"x":"' + b"y" * 200, fin=False)
              + frame(9, b"ping-1") + frame(0, b'"}'))
    fin, op, p = read_frame(s)
    check(op == 0xA and p == b"ping-1", f"{tag}: pong inside a fragmented message")
    fin, op, p = read_frame(s)
    check(fin and op == 1 and p == b'{"type":"a","x":"' + b"y" * 200 + b'"}',
          f"{tag}: fragmented message reassembled and echoed")
    s.sendall(frame(9, b"hello"))
    fin, op, p = read_frame(s)
    check(op == 0xA and p == b"hello", f"{tag}: ping answered with pong")
    s.sendall(frame(8, struct.pack(">H", 4001) + b"bye"))
    fin, op, p = read_frame(s)
    check(op == 8 and p[:2] == struct.pack(">H", 4001), f"{tag}: close code echoed")
    try:
        eof = s.recv(1) == b""
    except (ConnectionError, ssl.SSLError):
        eof = True
    check(eof, f"{tag}: connection closed after close")
    s.close()


def run_client(tag, args, jsonl):
    if os.path.exists(jsonl):
        os.unlink(jsonl)
    r = subprocess.run([BIN, "client", "--warmup", "0.5", "--label", tag, "--json", jsonl] + args,
                       capture_output=True, text=True, timeout=60)
    sys.stdout.write("      " + r.stderr.strip().replace("\n", "\n      ") + "\n")
    try:
        res = json.loads(open(jsonl).read().strip().splitlines()[-1])
    except Exception as e:
        check(False, f"{tag}: JSON result ({e})")
        return
    check(r.returncode == 0 and res["lost"] == 0 and res["errors"] == 0 and res["conn_failed"] == 0
          and res["received"] > 0 and res["received"] == res["sent"],
          f"{tag}: lost=0 errors=0 conn_failed=0 received={res['received']} p50={res['p50_ms']} ms")
    return res


def start_upstream(port, extra=()):
    p = subprocess.Popen([BIN, "upstream", "--port", str(port), "--session-created", *extra])
    if subprocess.run([BIN, "wait", "--port", str(port), "--timeout", "5"]).returncode != 0:
        p.kill()
        sys.exit("upstream did not start")
    return p


def stop(p, tag):
    p.send_signal(signal.SIGTERM)
    check(p.wait(timeout=5) == 0, f"{tag}: upstream exits 0 on SIGTERM")


def main():
    tmp = tempfile.mkdtemp(prefix="relaybench-check-")
    jl = os.path.join(tmp, "out.jsonl")

    # wait: must give up on a closed port
    closed = free_port()
    t = time.time()
    r = subprocess.run([BIN, "wait", "--port", str(closed), "--timeout", "0.3"], stderr=subprocess.DEVNULL)
    check(r.returncode == 1 and time.time() - t < 3, "wait: exit 1 on timeout")

    # ---- plain ----
    port = free_port()
    up = start_upstream(port)
    raw_protocol_test(lambda: socket.create_connection(("127.0.0.1", port)), "plain")
    url = f"ws://127.0.0.1:{port}/openai/realtime?api-version=2024-10-01-preview&deployment=x"
    res = run_client("plain-rate", ["--url", url, "--conns", "20", "--rate", "10", "--seconds", "2",
                                     "--pid", str(up.pid)], jl)
    if res:
        check(res["other"] == 20 and res["cpu_s"] is not None and res["kb_per_conn"] is not None,
              "plain-rate: session.created counted as other; --pid CPU/RSS measured")
    run_client("plain-window-64bit", ["--url", url, "--conns", "10", "--window", "4", "--size", "70000",
                                      "--seconds", "2"], jl)
    stop(up, "plain")

    # ---- TLS ----
    cert, key = os.path.join(tmp, "cert.pem"), os.path.join(tmp, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                    "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
                   check=True, capture_output=True)
    port = free_port()
    up = start_upstream(port, ["--tls-cert", cert, "--tls-key", key])
    sctx = ssl.create_default_context()
    sctx.check_hostname = False
    sctx.verify_mode = ssl.CERT_NONE
    raw_protocol_test(lambda: sctx.wrap_socket(socket.create_connection(("127.0.0.1", port)),
                                               server_hostname="localhost"), "tls")
    run_client("tls-rate", ["--url", f"wss://localhost:{port}/x", "--insecure", "--conns", "20", "--rate", "10",
                            "--seconds", "2"], jl)
    run_client("tls-window-64bit", ["--url", f"wss://127.0.0.1:{port}/x", "--insecure", "--conns", "10",
                                    "--window", "4", "--size", "70000", "--seconds", "2"], jl)
    # verification on (the cert is trusted through SSL_CERT_FILE) and off (must fail: self-signed)
    os.environ["SSL_CERT_FILE"] = cert
    run_client("tls-verified", ["--url", f"wss://localhost:{port}/x", "--conns", "5", "--rate", "10",
                                "--seconds", "1"], jl)
    del os.environ["SSL_CERT_FILE"]
    r = subprocess.run([BIN, "client", "--url", f"wss://localhost:{port}/x", "--conns", "2", "--rate", "1",
                        "--seconds", "1", "--warmup", "0"], capture_output=True, text=True, timeout=30)
    check(r.returncode == 1 and "conn_failed 2" in r.stderr, "tls: untrusted certificate rejected without --insecure")
    stop(up, "tls")

    for f in (jl, cert, key):
        if os.path.exists(f):
            os.unlink(f)
    os.rmdir(tmp)
    print("SELFTEST", "FAILED: " + "; ".join(failures) if failures else "PASSED")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
