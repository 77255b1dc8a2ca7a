/*
 * relaybench client: N browser-like WebSocket connections (client role).
 *
 * Timeline
 *   connect   open N connections, at most --ramp handshakes in flight
 *   warm-up   load runs, nothing is counted                 (--warmup s)
 *   window    load runs, sends are timed and counted        (--seconds s)
 *   grace     no more sends; wait <= 2 s for in-window echoes
 *   close     close frame 1000 on every connection, wait <= 2 s for replies
 *
 * Load: --rate R sends message k to connection k mod N at t0 + k/(N*R);
 * --window W keeps W messages outstanding on every connection.
 * Every message carries a unique "id"; its send time lives in a hash table
 * until the echo with that id comes back (latency = receive - send).
 */
#define _GNU_SOURCE
#include "common.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>

#define SCRATCH (256u << 10)
#define OUT_LIMIT (32u << 20)          /* a connection with more queued output is declared stuck */
#define HANDSHAKE_TIMEOUT_NS 10000000000ull
#define GRACE_NS 2000000000ull
#define CLOSE_WAIT_NS 2000000000ull

/* ---------------- configuration and results ---------------- */

static struct {
    const char *url, *label, *workload, *json;
    char host[256], hostport[300], path[2048], port[8];
    bool tls, insecure;
    int conns, window, ramp;
    double rate, seconds, warmup;
    size_t size;
    pid_t pid;
} cfg;

static struct {
    uint64_t sent, received, bytes, other, errors, closed_by_peer, conn_failed;
    uint64_t pending_in_window;        /* sent in window, echo not seen yet */
    int conns_open, conns_open_at_window;
    double cpu0, cpu1, t_cpu0, t_cpu1;
    long rss_before, rss_after, hwm;
    uint64_t connect_ns;               /* time to open all connections */
    hist_t hist;
} st;

/* ---------------- connections ---------------- */

enum { C_IDLE, C_CONNECTING, C_TLS, C_HTTP, C_OPEN, C_CLOSING, C_DONE };

typedef struct {
    io_t io;
    int state;
    uint32_t events;
    uint32_t outstanding;    /* window mode: messages in flight */
    uint64_t t_start;        /* handshake start, for the timeout */
    buf_t in, out;
    ws_msg_t msg;
    char key[25];            /* Sec-WebSocket-Key */
} cconn_t;

static cconn_t *conns;
static int ep = -1;
static SSL_CTX *ctx;
static struct addrinfo *addr;
static uint8_t scratch[SCRATCH];

enum { PH_CONNECT, PH_RUN, PH_GRACE, PH_CLOSE, PH_DONE };
static int phase = PH_CONNECT;
static uint64_t t_run, t_win0, t_win1, t_grace_end, t_close_end;
static bool window_started;

/* ---------------- pending-message table: id -> send time ---------------- */
/* Open addressing, linear probing, backward-shift deletion; id 0 = empty. */

typedef struct {
    uint64_t id, t_send;
    uint32_t conn;
    uint32_t in_window;
} pend_t;

static pend_t *ptab;
static size_t pcap, pcount;

static size_t pslot(uint64_t id) { return (size_t)((id * 0x9E3779B97F4A7C15ull) >> 20) & (pcap - 1); }

static void pend_put(uint64_t id, uint64_t t, uint32_t conn, bool in_window);

static void pend_grow(void)
{
    pend_t *old = ptab;
    size_t oc = pcap;
    pcap = pcap ? pcap * 2 : 4096;
    ptab = calloc(pcap, sizeof *ptab);
    if (!ptab)
        die("out of memory (pending table)");
    pcount = 0;
    for (size_t i = 0; i < oc; i++)
        if (old[i].id)
            pend_put(old[i].id, old[i].t_send, old[i].conn, old[i].in_window);
    free(old);
}

static void pend_put(uint64_t id, uint64_t t, uint32_t conn, bool in_window)
{
    if ((pcount + 1) * 2 > pcap)
        pend_grow();
    size_t i = pslot(id);
    while (ptab[i].id)
        i = (i + 1) & (pcap - 1);
    ptab[i] = (pend_t){id, t, conn, in_window};
    pcount++;
}

/* Remove id; returns false if unknown. */
static bool pend_take(uint64_t id, pend_t *out)
{
    if (!pcap)
        return false;
    size_t i = pslot(id);
    while (ptab[i].id != id) {
        if (!ptab[i].id)
            return false;
        i = (i + 1) & (pcap - 1);
    }
    *out = ptab[i];
    /* backward-shift: move later members of the probe run into the hole */
    size_t hole = i;
    for (size_t j = (i + 1) & (pcap - 1); ptab[j].id; j = (j + 1) & (pcap - 1)) {
        size_t home = pslot(ptab[j].id);
        /* entry j may move to hole if its home is not in (hole, j] cyclically */
        if (((j - home) & (pcap - 1)) >= ((j - hole) & (pcap - 1))) {
            ptab[hole] = ptab[j];
            hole = j;
        }
    }
    ptab[hole].id = 0;
    pcount--;
    return true;
}

/* ---------------- message construction ---------------- */

static const char PREFIX[] = "{\"type\":\"input_audio_buffer.append\",\"audio\":\"";
#define PREFIX_LEN (sizeof PREFIX - 1)
#define SUFFIX_MAX 32   /* ","id":<20 digits>} */
/* Base64-alphabet filler: AUDIO_VARIANTS independent random strings, message id k uses string k mod
 * AUDIO_VARIANTS. One string repeated would let deflate (the relay's --log-gzip) find each message in
 * the previous one, within its 32 KB window, and make a compressed frame log look far cheaper and
 * smaller than it is with real audio, which never repeats. */
#define AUDIO_VARIANTS 64
static char *audio[AUDIO_VARIANTS];
static uint64_t next_id;

static void set_events(cconn_t *c)
{
    if (c->io.fd < 0)
        return;
    uint32_t ev = EPOLLIN;
    if (c->state == C_CONNECTING || io_wants_out(&c->io, &c->out))
        ev |= EPOLLOUT;
    if (ev != c->events) {
        struct epoll_event e = {.events = ev, .data.u64 = (uint64_t)(c - conns)};
        epoll_ctl(ep, EPOLL_CTL_MOD, c->io.fd, &e);
        c->events = ev;
    }
}

static void conn_end(cconn_t *c)
{
    if (c->state == C_OPEN || c->state == C_CLOSING)
        st.conns_open--;
    io_close(&c->io);
    buf_free(&c->in);
    buf_free(&c->out);
    buf_free(&c->msg.data);
    c->msg.opcode = 0;
    c->state = C_DONE;
}

/* An open connection broke: count it (during the run it is an error). */
static void conn_broken(cconn_t *c, bool protocol)
{
    if (c->state == C_OPEN && phase != PH_CLOSE) {
        st.errors++;
        if (!protocol)
            st.closed_by_peer++;
    }
    conn_end(c);
}

static void handshake_failed(cconn_t *c, const char *why);

/* Write pending output; returns false if the connection ended. */
static bool flush(cconn_t *c)
{
    if (io_flush(&c->io, &c->out) < 0) {
        if (c->state < C_OPEN)
            handshake_failed(c, "write failed");
        else
            conn_broken(c, false);
        return false;
    }
    if (c->out.len > OUT_LIMIT) {
        fprintf(stderr, "relaybench client: connection %d: %zu bytes stuck in output, dropping it\n",
                (int)(c - conns), c->out.len);
        conn_broken(c, true);
        return false;
    }
    buf_shrink(&c->out, KEEP_CAP);
    set_events(c);
    return true;
}

/* Queue one input_audio_buffer.append message on c (not flushed). */
static void queue_message(cconn_t *c)
{
    char suffix[SUFFIX_MAX + 1];
    uint64_t id = ++next_id;
    size_t sl = (size_t)snprintf(suffix, sizeof suffix, "\",\"id\":%" PRIu64 "}", id);
    size_t al = cfg.size - PREFIX_LEN - sl;
    uint32_t r = (uint32_t)rng_next();
    uint8_t mask[4];
    memcpy(mask, &r, 4);
    uint8_t *d = buf_space(&c->out, cfg.size + 14);
    size_t hl = ws_write_header(d, WS_TEXT, true, cfg.size, mask);
    d += hl;
    ws_mask_copy(d, (const uint8_t *)PREFIX, PREFIX_LEN, mask, 0);
    ws_mask_copy(d + PREFIX_LEN, (const uint8_t *)audio[id % AUDIO_VARIANTS], al, mask, PREFIX_LEN & 3);
    ws_mask_copy(d + PREFIX_LEN + al, (const uint8_t *)suffix, sl, mask, (PREFIX_LEN + al) & 3);
    buf_commit(&c->out, hl + cfg.size);
    uint64_t t = now_ns();   /* queued to the socket now (flushed right after) */
    bool in_window = window_started && t >= t_win0 && t < t_win1;
    pend_put(id, t, (uint32_t)(c - conns), in_window);
    if (in_window) {
        st.sent++;
        st.pending_in_window++;
    }
    c->outstanding++;
}

static bool sending(uint64_t t) { return phase == PH_RUN && t < t_win1; }

/* Window mode: top c up to W outstanding messages (not flushed). */
static void top_up(cconn_t *c)
{
    while (c->state == C_OPEN && c->outstanding < (uint32_t)cfg.window && sending(now_ns()))
        queue_message(c);
}

/* Parse the number after the last "id": in the message; false if none. */
static bool find_id(const uint8_t *p, size_t n, uint64_t *id)
{
    for (size_t i = n >= 5 ? n - 5 + 1 : 0; i-- > 0;) {
        if (p[i] != '"' || memcmp(p + i, "\"id\":", 5) != 0)
            continue;
        size_t j = i + 5;
        while (j < n && (p[j] == ' ' || p[j] == '\t'))
            j++;
        if (j >= n || p[j] < '0' || p[j] > '9')
            continue;
        uint64_t v = 0;
        while (j < n && p[j] >= '0' && p[j] <= '9')
            v = v * 10 + (uint64_t)(p[j++] - '0');
        *id = v;
        return true;
    }
    return false;
}

/* A complete text/binary message arrived at t_recv. */
static void on_message(const uint8_t *p, size_t n, uint64_t t_recv)
{
    uint64_t id;
    pend_t e;
    if (!find_id(p, n, &id) || !pend_take(id, &e)) {
        st.other++;
        return;
    }
    if (e.in_window) {
        st.received++;
        st.bytes += n;
        st.pending_in_window--;
        hist_add(&st.hist, t_recv - e.t_send);
    }
    cconn_t *owner = &conns[e.conn];
    if (owner->outstanding)
        owner->outstanding--;
    if (cfg.window && owner->state == C_OPEN) {
        top_up(owner);
        /* the owner is normally the receiving connection, flushed by the caller */
    }
}

/* Handle complete frames in p[0..n); returns bytes used, *need = size of a partial frame. */
static size_t handle_frames(cconn_t *c, uint8_t *p, size_t n, size_t *need, uint64_t t_recv)
{
    size_t used = 0;
    *need = 0;
    while ((c->state == C_OPEN || c->state == C_CLOSING) && used < n) {
        ws_hdr_t h;
        uint8_t *pl;
        int r = ws_next_frame(p, n, &used, &h, &pl, need);
        if (r < 0 || (r == 1 && h.masked)) {   /* servers must not mask */
            conn_broken(c, true);
            break;
        }
        if (r == 0)
            break;
        size_t len = (size_t)h.len;
        switch (h.opcode) {
        case WS_PING: {
            uint32_t m = (uint32_t)rng_next();
            ws_put_frame(&c->out, WS_PONG, pl, len, (const uint8_t *)&m);
            break;
        }
        case WS_PONG:
            break;
        case WS_CLOSE:
            if (c->state == C_OPEN && phase != PH_CLOSE) {
                conn_broken(c, false);   /* the peer closed during the run */
            } else {
                conn_end(c);             /* the reply to our close */
            }
            return used;
        case WS_TEXT:
        case WS_BIN:
        case WS_CONT: {
            int opcode;
            uint8_t *data;
            size_t data_len;
            int r2 = ws_msg_add(&c->msg, &h, pl, &opcode, &data, &data_len);
            if (r2 < 0) {
                conn_broken(c, true);
                return used;
            }
            if (r2 == 1) {
                on_message(data, data_len, t_recv);
                ws_msg_done(&c->msg);
            }
            break;
        }
        }
    }
    return used;
}

/* ---------------- connection setup ---------------- */

static int started, inflight;
static uint64_t t_connect0;
static void start_next(void);

static void handshake_failed(cconn_t *c, const char *why)
{
    if (st.conn_failed < 5)
        fprintf(stderr, "relaybench client: connection %d failed: %s\n", (int)(c - conns), why);
    st.conn_failed++;
    inflight--;
    conn_end(c);
    start_next();
}

static void send_upgrade(cconn_t *c)
{
    uint8_t raw[16];
    for (int i = 0; i < 16; i += 8) {
        uint64_t r = rng_next();
        memcpy(raw + i, &r, 8);
    }
    c->key[base64_encode(raw, 16, c->key)] = 0;
    char *o = (char *)buf_space(&c->out, sizeof cfg.path + sizeof cfg.hostport + 256);
    int w = sprintf(o,
                    "GET %s HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n"
                    "User-Agent: relaybench\r\n\r\n",
                    cfg.path, cfg.hostport, c->key);
    buf_commit(&c->out, (size_t)w);
    c->state = C_HTTP;
}

/* Check the 101 response; returns bytes used, 0 if incomplete; may fail the connection. */
static size_t handle_http(cconn_t *c, const uint8_t *p, size_t n)
{
    const uint8_t *end = memmem(p, n, "\r\n\r\n", 4);
    if (!end) {
        if (n > 16384)
            handshake_failed(c, "oversized HTTP response");
        return 0;
    }
    size_t hl = (size_t)(end - p) + 4, vl;
    char want[29];
    ws_accept_key(c->key, strlen(c->key), want);
    if (hl < 12 || memcmp(p, "HTTP/1.1 101", 12) != 0) {
        char line[80];
        const uint8_t *eol = memchr(p, '\r', hl);
        snprintf(line, sizeof line, "HTTP status: %.*s", (int)(eol ? eol - p : 40), (const char *)p);
        handshake_failed(c, line);
        return 0;
    }
    const char *acc = http_header((const char *)p, hl, "Sec-WebSocket-Accept", &vl);
    if (!acc || vl != 28 || memcmp(acc, want, 28) != 0) {
        handshake_failed(c, "bad Sec-WebSocket-Accept");
        return 0;
    }
    c->state = C_OPEN;
    st.conns_open++;
    inflight--;
    start_next();
    return hl;
}

/* TCP connected (or TLS done): move on to the next setup step. */
static void after_connect(cconn_t *c)
{
    if (c->state == C_CONNECTING) {
        int err = 0;
        socklen_t sl = sizeof err;
        getsockopt(c->io.fd, SOL_SOCKET, SO_ERROR, &err, &sl);
        if (err) {
            handshake_failed(c, strerror(err));
            return;
        }
        if (ctx) {
            c->io.ssl = SSL_new(ctx);
            if (!c->io.ssl || !SSL_set_fd(c->io.ssl, c->io.fd)) {
                ERR_clear_error();
                handshake_failed(c, "SSL_new failed");
                return;
            }
            SSL_set_connect_state(c->io.ssl);
            struct in6_addr tmp;
            bool literal = inet_pton(AF_INET, cfg.host, &tmp) == 1 || inet_pton(AF_INET6, cfg.host, &tmp) == 1;
            if (!literal)
                SSL_set_tlsext_host_name(c->io.ssl, cfg.host);
            if (!cfg.insecure) {
                X509_VERIFY_PARAM *vp = SSL_get0_param(c->io.ssl);
                if (literal)
                    X509_VERIFY_PARAM_set1_ip_asc(vp, cfg.host);
                else
                    SSL_set1_host(c->io.ssl, cfg.host);
            }
            c->state = C_TLS;
        } else {
            send_upgrade(c);
        }
    }
    if (c->state == C_TLS) {
        int r = io_handshake(&c->io);
        if (r < 0) {
            long v = SSL_get_verify_result(c->io.ssl);
            handshake_failed(c, v != X509_V_OK ? X509_verify_cert_error_string(v) : "TLS handshake failed");
            return;
        }
        if (r == 0) {
            set_events(c);
            return;
        }
        send_upgrade(c);
    }
    flush(c);
}

static void start_conn(cconn_t *c)
{
    c->io.fd = -1;
    c->t_start = now_ns();
    inflight++;
    int fd = socket(addr->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        handshake_failed(c, strerror(errno));
        return;
    }
    set_nodelay_nonblock(fd);
    c->io.fd = fd;
    c->state = C_CONNECTING;
    c->events = EPOLLIN | EPOLLOUT;
    struct epoll_event e = {.events = c->events, .data.u64 = (uint64_t)(c - conns)};
    if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &e) < 0) {
        handshake_failed(c, strerror(errno));
        return;
    }
    if (connect(fd, addr->ai_addr, addr->ai_addrlen) < 0 && errno != EINPROGRESS) {
        handshake_failed(c, strerror(errno));
        return;
    }
    /* completion (even an immediate one) is reported by EPOLLOUT */
}

/* Keep up to --ramp handshakes in flight. Recursion is bounded: a failing
 * start calls back here only after decrementing inflight. */
static void start_next(void)
{
    while (phase == PH_CONNECT && started < cfg.conns && inflight < cfg.ramp)
        start_conn(&conns[started++]);
}

/* ---------------- event handling ---------------- */

static void on_readable(cconn_t *c)
{
    for (;;) {
        if (c->state == C_DONE || c->state == C_IDLE)
            return;
        size_t need = 0, used;
        ssize_t r;
        if (c->in.len == 0) {
            r = io_read(&c->io, scratch, sizeof scratch);
        } else {
            size_t room = 16384;
            ws_hdr_t h;
            if (c->state >= C_OPEN && ws_parse_header(buf_data(&c->in), c->in.len, &h) == 1 &&
                h.hdr_len + h.len > c->in.len + room)
                room = h.hdr_len + (size_t)h.len - c->in.len;
            r = io_read(&c->io, buf_space(&c->in, room), room);
        }
        if (r == IO_AGAIN)
            return;
        if (r <= 0) {
            if (c->state < C_OPEN)
                handshake_failed(c, r == 0 ? "connection closed during handshake" : "read error");
            else
                conn_broken(c, false);
            return;
        }
        uint64_t t_recv = now_ns();
        uint8_t *p;
        size_t n;
        if (c->in.len == 0) {
            p = scratch;
            n = (size_t)r;
        } else {
            buf_commit(&c->in, (size_t)r);
            p = buf_data(&c->in);
            n = c->in.len;
        }
        used = 0;
        if (c->state == C_HTTP) {
            used = handle_http(c, p, n);
            if (c->state != C_OPEN) {
                if (c->state == C_HTTP && p == scratch) {   /* keep the partial head */
                    buf_append(&c->in, p, n);
                }
                continue;
            }
        }
        used += handle_frames(c, p + used, n - used, &need, t_recv);
        if (c->state == C_DONE)
            return;
        if (p == scratch) {
            size_t rest = n - used;
            if (rest) {
                memcpy(buf_space(&c->in, need > rest ? need : rest), p + used, rest);
                buf_commit(&c->in, rest);
            }
        } else {
            buf_consume(&c->in, used);
            buf_shrink(&c->in, KEEP_CAP);
        }
    }
}

static void on_event(cconn_t *c, uint32_t ev)
{
    if (c->state == C_DONE || c->state == C_IDLE)
        return;
    if (c->state == C_CONNECTING || c->state == C_TLS) {
        if (c->state == C_CONNECTING && !(ev & (EPOLLOUT | EPOLLERR | EPOLLHUP)))
            return;
        after_connect(c);
        if (c->state != C_HTTP)
            return;
        /* fall through: the response may already be readable */
    }
    on_readable(c);
    if (c->state != C_DONE && c->io.fd >= 0)
        flush(c);
}

/* ---------------- phases ---------------- */

static double rate_interval_ns;  /* rate mode: ns between consecutive sends (all conns) */
static uint64_t k_next;          /* rate mode: next send number */

static uint64_t rate_time(uint64_t k) { return t_run + (uint64_t)((double)k * rate_interval_ns); }

static void begin_run(uint64_t t)
{
    st.connect_ns = t - t_connect0;
    phase = PH_RUN;
    t_run = t;
    t_win0 = t_run + (uint64_t)(cfg.warmup * 1e9);
    t_win1 = t_win0 + (uint64_t)(cfg.seconds * 1e9);
    if (cfg.window)
        for (int i = 0; i < cfg.conns; i++)
            if (conns[i].state == C_OPEN) {
                top_up(&conns[i]);
                flush(&conns[i]);
            }
}

static void begin_window(void)
{
    /* CPU first (cheap), then memory: both belong to "after warm-up" */
    if (cfg.pid) {
        st.cpu0 = proc_tree_cpu_s(cfg.pid);
        st.t_cpu0 = (double)now_ns() / 1e9;
        st.rss_after = proc_tree_status_kb(cfg.pid, "VmRSS");
    }
    st.conns_open_at_window = st.conns_open;
    window_started = true;
}

static void begin_close(uint64_t t)
{
    phase = PH_CLOSE;
    t_close_end = t + CLOSE_WAIT_NS;
    static const uint8_t code[2] = {0x03, 0xE8};   /* 1000 */
    for (int i = 0; i < cfg.conns; i++) {
        cconn_t *c = &conns[i];
        if (c->state != C_OPEN)
            continue;
        uint32_t m = (uint32_t)rng_next();
        ws_put_frame(&c->out, WS_CLOSE, code, 2, (const uint8_t *)&m);
        c->state = C_CLOSING;
        flush(c);
    }
}

/* Advance the timeline; returns the next deadline (ns) or 0 for none. */
static uint64_t tick(uint64_t t)
{
    if (phase == PH_CONNECT) {
        if (started == cfg.conns && inflight == 0) {
            begin_run(t);
        } else {
            /* handshake timeouts (checked at most every 100 ms by the caller's timeout) */
            for (int i = 0; i < started; i++) {
                cconn_t *c = &conns[i];
                if (c->state >= C_CONNECTING && c->state <= C_HTTP && t - c->t_start > HANDSHAKE_TIMEOUT_NS)
                    handshake_failed(c, "handshake timeout");
            }
            if (started == cfg.conns && inflight == 0)
                begin_run(t);
            else
                return t + 100000000ull;
        }
    }
    if (phase == PH_RUN) {
        if (!window_started && t >= t_win0)
            begin_window();
        if (cfg.rate > 0) {
            /* send everything that is due; late sends go out at once, timed from now */
            while (rate_time(k_next) <= t && rate_time(k_next) < t_win1) {
                cconn_t *c = &conns[k_next % (uint64_t)cfg.conns];
                k_next++;
                if (c->state == C_OPEN) {
                    queue_message(c);
                    flush(c);
                }
            }
        }
        if (t >= t_win1) {
            if (cfg.pid) {
                st.cpu1 = proc_tree_cpu_s(cfg.pid);
                st.t_cpu1 = (double)now_ns() / 1e9;
            }
            phase = PH_GRACE;
            t_grace_end = t + GRACE_NS;
        } else {
            uint64_t next = window_started ? t_win1 : t_win0;
            if (cfg.rate > 0 && rate_time(k_next) < next)
                next = rate_time(k_next);
            return next;
        }
    }
    if (phase == PH_GRACE) {
        if (st.pending_in_window == 0 || t >= t_grace_end)
            begin_close(t);
        else
            return t_grace_end;
    }
    if (phase == PH_CLOSE) {
        if (st.conns_open == 0 || t >= t_close_end)
            phase = PH_DONE;
        else
            return t_close_end;
    }
    return 0;
}

/* ---------------- options, output ---------------- */

static void usage(void)
{
    fprintf(stderr,
            "usage: relaybench client --url ws[s]://HOST:PORT/PATH --conns N (--rate R | --window W)\n"
            "         [--size BYTES] --seconds S [--warmup S] [--ramp N] [--pid PID] [--label TEXT]\n"
            "         [--workload TEXT] [--json FILE] [--insecure]\n");
    exit(2);
}

static void parse_url(const char *u)
{
    const char *p;
    if (!strncmp(u, "ws://", 5))
        p = u + 5;
    else if (!strncmp(u, "wss://", 6))
        p = u + 6, cfg.tls = true;
    else
        die("--url must start with ws:// or wss://");
    const char *slash = strchr(p, '/'), *q = strchr(p, '?');
    if (!slash || (q && q < slash))
        slash = q;
    size_t authlen = slash ? (size_t)(slash - p) : strlen(p);
    char auth[sizeof cfg.host];
    if (authlen == 0 || authlen >= sizeof auth)
        die("bad --url host");
    memcpy(auth, p, authlen);
    auth[authlen] = 0;
    snprintf(cfg.hostport, sizeof cfg.hostport, "%s", auth);
    const char *port = NULL;
    if (auth[0] == '[') {   /* [v6]:port */
        char *rb = strchr(auth, ']');
        if (!rb)
            die("bad --url host");
        *rb = 0;
        snprintf(cfg.host, sizeof cfg.host, "%s", auth + 1);
        if (rb[1] == ':')
            port = rb + 2;
    } else {
        char *colon = strrchr(auth, ':');
        if (colon) {
            *colon = 0;
            port = colon + 1;
        }
        snprintf(cfg.host, sizeof cfg.host, "%s", auth);
    }
    snprintf(cfg.port, sizeof cfg.port, "%s", port && *port ? port : cfg.tls ? "443" : "80");
    if (!slash)
        snprintf(cfg.path, sizeof cfg.path, "/");
    else if (*slash == '?')
        snprintf(cfg.path, sizeof cfg.path, "/%s", slash);
    else if (strlen(slash) >= sizeof cfg.path)
        die("--url path too long");
    else
        snprintf(cfg.path, sizeof cfg.path, "%s", slash);
}

static void json_str(FILE *f, const char *s)
{
    if (!s) {
        fputs("null", f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\')
            fprintf(f, "\\%c", ch);
        else if (ch < 0x20)
            fprintf(f, "\\u%04x", ch);
        else
            fputc(ch, f);
    }
    fputc('"', f);
}

static void json_num(FILE *f, double v, const char *fmt)
{
    if (isnan(v) || isinf(v))
        fputs("null", f);
    else
        fprintf(f, fmt, v);
}

int client_main(int argc, char **argv)
{
    cfg.size = 6496;
    cfg.warmup = 2;
    cfg.ramp = 100;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--url"))
            cfg.url = opt_val(argc, argv, &i);
        else if (!strcmp(a, "--conns"))
            cfg.conns = atoi(opt_val(argc, argv, &i));
        else if (!strcmp(a, "--rate"))
            cfg.rate = atof(opt_val(argc, argv, &i));
        else if (!strcmp(a, "--window"))
            cfg.window = atoi(opt_val(argc, argv, &i));
        else if (!strcmp(a, "--size"))
            cfg.size = (size_t)strtoull(opt_val(argc, argv, &i), NULL, 10);
        else if (!strcmp(a, "--seconds"))
            cfg.seconds = atof(opt_val(argc, argv, &i));
        else if (!strcmp(a, "--warmup"))
            cfg.warmup = atof(opt_val(argc, argv, &i));
        else if (!strcmp(a, "--ramp"))
            cfg.ramp = atoi(opt_val(argc, argv, &i));
        else if (!strcmp(a, "--pid"))
            cfg.pid = (pid_t)atoi(opt_val(argc, argv, &i));
        else if (!strcmp(a, "--label"))
            cfg.label = opt_val(argc, argv, &i);
        else if (!strcmp(a, "--workload"))
            cfg.workload = opt_val(argc, argv, &i);
        else if (!strcmp(a, "--json"))
            cfg.json = opt_val(argc, argv, &i);
        else if (!strcmp(a, "--insecure"))
            cfg.insecure = true;
        else
            usage();
    }
    if (!cfg.url || cfg.conns <= 0 || cfg.conns > 1000000)
        usage();
    if ((cfg.rate > 0) == (cfg.window > 0))
        die("give exactly one of --rate R (> 0) or --window W (> 0)");
    if (!(cfg.rate <= 1e6) || cfg.window > 100000)
        die("--rate or --window out of range");
    if (!(cfg.seconds > 0 && cfg.seconds <= 600))
        die("--seconds must be in (0, 600]");
    if (!(cfg.warmup >= 0 && cfg.warmup <= 600))
        die("--warmup must be in [0, 600]");
    if (cfg.size < PREFIX_LEN + SUFFIX_MAX || cfg.size > WS_MAX_MESSAGE)
        die("--size must be in [%zu, %u]", PREFIX_LEN + SUFFIX_MAX, WS_MAX_MESSAGE);
    if (cfg.ramp <= 0)
        cfg.ramp = 1;
    if (cfg.pid < 0)
        die("bad --pid");
    parse_url(cfg.url);
    alarm((unsigned)(cfg.seconds + cfg.warmup + 30));   /* safety net: the run can never hang */

    raise_nofile();
    tls_init();
    rng_seed();
    hist_init(&st.hist);
    st.rss_before = st.rss_after = st.hwm = -1;
    st.cpu0 = st.cpu1 = -1;

    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM};
    int gai = getaddrinfo(cfg.host, cfg.port, &hints, &addr);
    if (gai)
        die("cannot resolve %s: %s", cfg.host, gai_strerror(gai));
    if (cfg.tls) {
        ctx = SSL_CTX_new(TLS_client_method());
        if (!ctx)
            die("SSL_CTX_new failed");
        SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
        if (cfg.insecure) {
            SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
        } else {
            SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
            SSL_CTX_set_default_verify_paths(ctx);   /* honours SSL_CERT_FILE / SSL_CERT_DIR */
        }
    }

    /* filler: base64 of random bytes, long enough for the largest message */
    size_t raw_n = cfg.size / 4 * 3 + 3;
    uint8_t *raw = malloc(raw_n);
    if (!raw)
        die("out of memory");
    for (int k = 0; k < AUDIO_VARIANTS; k++) {
        audio[k] = malloc(raw_n / 3 * 4 + 8);
        if (!audio[k])
            die("out of memory");
        for (size_t i = 0; i < raw_n; i++)
            raw[i] = (uint8_t)rng_next();
        base64_encode(raw, raw_n, audio[k]);
    }
    free(raw);

    conns = calloc((size_t)cfg.conns, sizeof *conns);
    if (!conns)
        die("out of memory");
    for (int i = 0; i < cfg.conns; i++)
        conns[i].io.fd = -1;
    if (cfg.rate > 0)
        rate_interval_ns = 1e9 / ((double)cfg.conns * cfg.rate);

    if (cfg.pid) {
        st.rss_before = proc_tree_status_kb(cfg.pid, "VmRSS");
        if (st.rss_before < 0)
            die("--pid %d: no such process", (int)cfg.pid);
    }

    ep = epoll_create1(EPOLL_CLOEXEC);
    t_connect0 = now_ns();
    start_next();

    struct epoll_event evs[512];
    bool have_pwait2 = true;
    while (phase != PH_DONE) {
        uint64_t t = now_ns();
        uint64_t deadline = tick(t);
        if (phase == PH_DONE)
            break;
        int n;
        t = now_ns();
        uint64_t wait = deadline ? (deadline > t ? deadline - t : 0) : 1000000000ull;
        if (have_pwait2) {
            struct timespec ts = {(time_t)(wait / 1000000000ull), (long)(wait % 1000000000ull)};
            n = epoll_pwait2(ep, evs, 512, &ts, NULL);
            if (n < 0 && errno == ENOSYS) {
                have_pwait2 = false;
                continue;
            }
        } else {
            n = epoll_wait(ep, evs, 512, (int)((wait + 999999) / 1000000));
        }
        if (n < 0) {
            if (errno == EINTR)
                continue;
            die("epoll_wait: %s", strerror(errno));
        }
        for (int i = 0; i < n; i++)
            on_event(&conns[evs[i].data.u64], evs[i].events);
    }

    if (cfg.pid)
        st.hwm = proc_tree_status_kb(cfg.pid, "VmHWM");
    for (int i = 0; i < cfg.conns; i++)
        if (conns[i].state != C_DONE && conns[i].state != C_IDLE)
            conn_end(&conns[i]);
    close(ep);

    /* ---------- results ---------- */
    uint64_t lost = st.pending_in_window;
    double secs = cfg.seconds;
    double cpu_s = NAN, cpu_pct = NAN, cpu_100k = NAN, kb_per_conn = NAN;
    if (cfg.pid && st.cpu0 >= 0 && st.cpu1 >= 0) {
        cpu_s = st.cpu1 - st.cpu0;
        double wall = st.t_cpu1 - st.t_cpu0;
        cpu_pct = wall > 0 ? 100.0 * cpu_s / wall : NAN;
        cpu_100k = st.received ? cpu_s * 1e5 / (double)st.received : NAN;
    }
    if (cfg.pid && st.rss_after >= 0 && st.conns_open_at_window > 0)
        kb_per_conn = (double)(st.rss_after - st.rss_before) / st.conns_open_at_window;
    double msgs_s = (double)st.received / secs, mb_s = (double)st.bytes / secs / 1e6;
    double p50 = hist_pct_ms(&st.hist, 50), p90 = hist_pct_ms(&st.hist, 90), p99 = hist_pct_ms(&st.hist, 99),
           p999 = hist_pct_ms(&st.hist, 99.9), pmax = st.hist.n ? (double)st.hist.max_ns / 1e6 : NAN;

    fprintf(stderr,
            "%s%s%s conns %d/%d  %.0f msg/s  %.2f MB/s  p50 %.3f p90 %.3f p99 %.3f p99.9 %.3f max %.3f ms  "
            "sent %" PRIu64 " recv %" PRIu64 " lost %" PRIu64 " other %" PRIu64 " err %" PRIu64
            " (closed %" PRIu64 ") conn_failed %" PRIu64,
            cfg.label ? cfg.label : "", cfg.workload ? "/" : "", cfg.workload ? cfg.workload : "",
            st.conns_open_at_window, cfg.conns, msgs_s, mb_s, p50, p90, p99, p999, pmax, st.sent, st.received, lost,
            st.other, st.errors, st.closed_by_peer, st.conn_failed);
    if (cfg.pid)
        fprintf(stderr, "  cpu %.2fs %.0f%% %.2f s/100k  rss %ld->%ld kB (%.1f kB/conn) hwm %.1f MB", cpu_s, cpu_pct,
                cpu_100k, st.rss_before, st.rss_after, kb_per_conn, st.hwm / 1024.0);
    fprintf(stderr, "  (connect %.0f ms)\n", (double)st.connect_ns / 1e6);

    if (cfg.json) {
        FILE *f = fopen(cfg.json, "a");
        if (!f) {
            perror(cfg.json);
        } else {
            fputs("{\"label\":", f);
            json_str(f, cfg.label);
            fputs(",\"workload\":", f);
            json_str(f, cfg.workload);
            fprintf(f, ",\"conns\":%d,\"conns_open\":%d,\"rate\":", cfg.conns, st.conns_open_at_window);
            json_num(f, cfg.rate > 0 ? cfg.rate : NAN, "%g");
            fputs(",\"window\":", f);
            json_num(f, cfg.window > 0 ? cfg.window : NAN, "%.0f");
            fprintf(f, ",\"size\":%zu,\"seconds\":%g,\"msgs_per_s\":%.1f,\"mb_per_s\":%.3f", cfg.size, cfg.seconds,
                    msgs_s, mb_s);
            const char *pk[] = {"p50_ms", "p90_ms", "p99_ms", "p999_ms", "max_ms"};
            double pv[] = {p50, p90, p99, p999, pmax};
            for (int i = 0; i < 5; i++) {
                fprintf(f, ",\"%s\":", pk[i]);
                json_num(f, pv[i], "%.4f");
            }
            fprintf(f,
                    ",\"sent\":%" PRIu64 ",\"received\":%" PRIu64 ",\"lost\":%" PRIu64 ",\"other\":%" PRIu64
                    ",\"errors\":%" PRIu64 ",\"closed_by_peer\":%" PRIu64 ",\"conn_failed\":%" PRIu64,
                    st.sent, st.received, lost, st.other, st.errors, st.closed_by_peer, st.conn_failed);
            fputs(",\"cpu_s\":", f);
            json_num(f, cpu_s, "%.3f");
            fputs(",\"cpu_pct\":", f);
            json_num(f, cpu_pct, "%.1f");
            fputs(",\"cpu_s_per_100k\":", f);
            json_num(f, cpu_100k, "%.3f");
            fputs(",\"rss_before_kb\":", f);
            json_num(f, cfg.pid && st.rss_before >= 0 ? (double)st.rss_before : NAN, "%.0f");
            fputs(",\"rss_after_kb\":", f);
            json_num(f, cfg.pid && st.rss_after >= 0 ? (double)st.rss_after : NAN, "%.0f");
            fputs(",\"kb_per_conn\":", f);
            json_num(f, kb_per_conn, "%.2f");
            fputs(",\"hwm_mb\":", f);
            json_num(f, cfg.pid && st.hwm >= 0 ? st.hwm / 1024.0 : NAN, "%.2f");
            fputs("}\n", f);
            fclose(f);
        }
    }

    free(conns);
    for (int k = 0; k < AUDIO_VARIANTS; k++)
        free(audio[k]);
    free(ptab);
    hist_free(&st.hist);
    freeaddrinfo(addr);
    if (ctx)
        SSL_CTX_free(ctx);
    return (st.conn_failed || st.errors || lost) ? 1 : 0;
}
