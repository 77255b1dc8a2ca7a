/*
 * relaybench upstream: single-threaded epoll WebSocket echo server (server role).
 *
 * Per connection: TLS handshake (optional) -> HTTP upgrade -> open -> closing.
 * Reads go into one shared scratch buffer and are processed in place; only an
 * incomplete trailing frame is copied into the connection's own input buffer,
 * so idle connections hold no buffers. Output goes to a per-connection buffer
 * that is flushed right away; EPOLLOUT is armed only while bytes are pending.
 * While a connection has more than OUT_HIGH bytes queued it is not read
 * (backpressure), so memory stays bounded by the largest message.
 */
#define _GNU_SOURCE
#include "common.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <openssl/err.h>

#define SCRATCH (256u << 10)        /* shared read buffer */
#define OUT_HIGH (4u << 20)         /* stop reading above this much pending output */
#define HTTP_MAX (16u << 10)        /* largest accepted upgrade request */

enum { U_TLS, U_HTTP, U_OPEN, U_CLOSING };

typedef struct uconn {
    io_t io;
    int state;
    uint32_t events;        /* events currently registered with epoll */
    buf_t in;               /* incomplete frame / HTTP head carried between reads */
    buf_t out;              /* pending output */
    ws_msg_t msg;           /* fragmented message being reassembled */
    bool paused;            /* reading stopped by backpressure */
    struct uconn *prev, *next;   /* list of live connections, for a clean exit */
} uconn_t;

static int ep = -1;
static SSL_CTX *ctx;
static bool session_created;
/* --vary-echo: the echo's "audio" differs from what was sent (each base64 character is the next one
 * in the alphabet), as a model's audio differs from the user's; otherwise a frame log would hold every
 * audio string twice, one record apart, and deflate would compress the second away. */
static bool vary_echo;

static void vary_audio(uint8_t *p, size_t n)
{
    static const char key[] = "\"audio\":\"";
    uint8_t *at = memmem(p, n, key, sizeof key - 1);
    if (!at)
        return;
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    static uint8_t next[256];
    if (!next['A'])
        for (int i = 0; i < 64; i++)
            next[(uint8_t)alphabet[i]] = (uint8_t)alphabet[(i + 1) % 64];
    for (uint8_t *q = at + sizeof key - 1, *end = p + n; q < end && *q != '"'; q++)
        if (next[*q])
            *q = next[*q];
}
static volatile sig_atomic_t stop;
static uint8_t scratch[SCRATCH];
static size_t nconns;
static uconn_t *live;   /* head of the live-connection list */

static void on_signal(int sig) { (void)sig; stop = 1; }

static void conn_free(uconn_t *c)
{
    io_close(&c->io);    /* close() also removes the fd from epoll */
    buf_free(&c->in);
    buf_free(&c->out);
    buf_free(&c->msg.data);
    if (c->prev)
        c->prev->next = c->next;
    else
        live = c->next;
    if (c->next)
        c->next->prev = c->prev;
    free(c);
    nconns--;
}

static void set_events(uconn_t *c)
{
    uint32_t ev = 0;
    if (c->state != U_CLOSING && c->out.len < OUT_HIGH)
        ev |= EPOLLIN;
    if (io_wants_out(&c->io, &c->out) || (c->state == U_TLS && c->io.rd_wants_write))
        ev |= EPOLLOUT;
    if (ev != c->events) {
        struct epoll_event e = {.events = ev, .data.ptr = c};
        epoll_ctl(ep, EPOLL_CTL_MOD, c->io.fd, &e);
        c->events = ev;
    }
}

/* Queue a close frame with the given code and stop reading. */
static void fail(uconn_t *c, uint16_t code)
{
    uint8_t p[2] = {(uint8_t)(code >> 8), (uint8_t)code};
    ws_put_frame(&c->out, WS_CLOSE, p, 2, NULL);
    c->state = U_CLOSING;
}

/* Answer the HTTP upgrade. Returns bytes consumed, 0 if the head is incomplete. */
static size_t handle_http(uconn_t *c, const uint8_t *p, size_t n)
{
    const uint8_t *end = memmem(p, n, "\r\n\r\n", 4);
    if (!end) {
        if (n > HTTP_MAX)
            c->state = U_CLOSING;   /* no reply: just drop it */
        return 0;
    }
    size_t hl = (size_t)(end - p) + 4, klen, plen = 0;
    const char *key = http_header((const char *)p, hl, "Sec-WebSocket-Key", &klen);
    if (!key) {
        static const char bad[] = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        memcpy(buf_space(&c->out, sizeof bad), bad, sizeof bad - 1);
        buf_commit(&c->out, sizeof bad - 1);
        c->state = U_CLOSING;
        return hl;
    }
    char accept[29];
    ws_accept_key(key, klen, accept);
    /* Echo the first requested subprotocol: some clients insist on one. */
    const char *proto = http_header((const char *)p, hl, "Sec-WebSocket-Protocol", &plen);
    if (proto) {
        const char *comma = memchr(proto, ',', plen);
        if (comma)
            plen = (size_t)(comma - proto);
        if (plen > 200)
            plen = 200;
    }
    char *o = (char *)buf_space(&c->out, 512);
    int w = snprintf(o, 512,
                     "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                     "Sec-WebSocket-Accept: %s\r\n%s%.*s%s\r\n",
                     accept, proto ? "Sec-WebSocket-Protocol: " : "", (int)plen, proto ? proto : "",
                     proto ? "\r\n" : "");
    buf_commit(&c->out, (size_t)w);
    if (session_created) {
        static const char sc[] = "{\"type\":\"session.created\",\"event_id\":\"evt_0\","
                                 "\"session\":{\"id\":\"sess_bench\",\"expires_at\":4102444800}}";
        ws_put_frame(&c->out, WS_TEXT, (const uint8_t *)sc, sizeof sc - 1, NULL);
    }
    c->state = U_OPEN;
    return hl;
}

/* Handle complete frames in p[0..n). Returns bytes consumed; *need is set to the
 * total size of an incomplete trailing frame when known (for buffer sizing). */
static size_t handle_frames(uconn_t *c, uint8_t *p, size_t n, size_t *need)
{
    size_t used = 0;
    *need = 0;
    while (c->state == U_OPEN && used < n) {
        ws_hdr_t h;
        uint8_t *pl;
        int r = ws_next_frame(p, n, &used, &h, &pl, need);
        if (r < 0) {
            fail(c, 1002);
            break;
        }
        if (r == 0)
            break;
        size_t len = (size_t)h.len;
        if (h.masked)
            ws_mask_copy(pl, pl, len, h.mask, 0);
        switch (h.opcode) {
        case WS_PING:
            ws_put_frame(&c->out, WS_PONG, pl, len, NULL);
            break;
        case WS_PONG:
            break;
        case WS_CLOSE:
            /* echo the status code (not the reason), then close once flushed */
            ws_put_frame(&c->out, WS_CLOSE, pl, len >= 2 ? 2 : 0, NULL);
            c->state = U_CLOSING;
            break;
        case WS_TEXT:
        case WS_BIN:
        case WS_CONT: {
            int opcode;
            uint8_t *data;
            size_t data_len;
            int r2 = ws_msg_add(&c->msg, &h, pl, &opcode, &data, &data_len);
            if (r2 < 0) {
                fail(c, -r2);
                break;
            }
            if (r2 == 1) {
                if (vary_echo && opcode == WS_TEXT)
                    vary_audio(data, data_len);
                ws_put_frame(&c->out, opcode, data, data_len, NULL);
                ws_msg_done(&c->msg);
            }
            break;
        }
        }
    }
    return used;
}

/* Process whatever is in p[0..n) according to state; returns bytes consumed. */
static size_t handle_input(uconn_t *c, uint8_t *p, size_t n, size_t *need)
{
    size_t used = 0;
    *need = 0;
    if (c->state == U_HTTP) {
        used = handle_http(c, p, n);
        if (!used)
            return 0;
    }
    if (c->state == U_OPEN)
        used += handle_frames(c, p + used, n - used, need);
    else if (c->state == U_CLOSING)
        used = n;   /* ignore anything after close */
    return used;
}

/* Read until EAGAIN (or backpressure). Returns -1 if the connection must be dropped. */
static int do_read(uconn_t *c)
{
    c->paused = false;
    for (;;) {
        if (c->state == U_CLOSING)
            return 0;
        if (c->out.len >= OUT_HIGH) {
            c->paused = true;
            return 0;
        }
        ssize_t r;
        size_t need;
        if (c->in.len == 0) {
            /* fast path: read into scratch and process in place */
            r = io_read(&c->io, scratch, sizeof scratch);
            if (r <= 0)
                return r == IO_AGAIN ? 0 : -1;
            size_t used = handle_input(c, scratch, (size_t)r, &need);
            if (used < (size_t)r) {
                size_t rest = (size_t)r - used;
                /* reserve the whole frame when its size is known */
                memcpy(buf_space(&c->in, need > rest ? need : rest), scratch + used, rest);
                buf_commit(&c->in, rest);
            }
        } else {
            /* carry-over path: a frame started in an earlier read; read into c->in */
            size_t room = 16384;
            ws_hdr_t h;
            if (c->state == U_OPEN && ws_parse_header(buf_data(&c->in), c->in.len, &h) == 1 &&
                h.hdr_len + h.len > c->in.len + room)
                room = h.hdr_len + (size_t)h.len - c->in.len;
            r = io_read(&c->io, buf_space(&c->in, room), room);
            if (r <= 0)
                return r == IO_AGAIN ? 0 : -1;
            buf_commit(&c->in, (size_t)r);
            size_t used = handle_input(c, buf_data(&c->in), c->in.len, &need);
            buf_consume(&c->in, used);
            buf_shrink(&c->in, KEEP_CAP);
        }
        if (c->state == U_CLOSING)
            buf_consume(&c->in, c->in.len);
    }
    return 0;
}

static void on_conn_event(uconn_t *c, uint32_t ev)
{
    if (ev & (EPOLLERR | EPOLLHUP)) {
        conn_free(c);
        return;
    }
    if (c->state == U_TLS) {
        int r = io_handshake(&c->io);
        if (r < 0) {
            conn_free(c);
            return;
        }
        if (r == 0) {
            set_events(c);
            return;
        }
        c->state = U_HTTP;
    }
    if (do_read(c) < 0) {
        conn_free(c);
        return;
    }
    for (;;) {
        if (io_flush(&c->io, &c->out) < 0) {
            conn_free(c);
            return;
        }
        /* backpressure released: read what was left waiting (TLS may hold decrypted data) */
        if (c->paused && c->out.len < OUT_HIGH) {
            if (do_read(c) < 0) {
                conn_free(c);
                return;
            }
            if (c->out.len)
                continue;
        }
        break;
    }
    buf_shrink(&c->out, KEEP_CAP);
    if (c->state == U_CLOSING && c->out.len == 0) {
        if (c->io.ssl)
            SSL_shutdown(c->io.ssl);   /* best effort close_notify */
        conn_free(c);
        return;
    }
    set_events(c);
}

static void on_accept(int lfd)
{
    for (;;) {
        int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED)
                continue;
            if (errno != EAGAIN && errno != EWOULDBLOCK)
                perror("accept4");   /* e.g. EMFILE: keep serving the others */
            return;
        }
        set_nodelay_nonblock(fd);
        uconn_t *c = calloc(1, sizeof *c);
        if (!c)
            die("out of memory");
        c->io.fd = fd;
        c->state = U_HTTP;
        if (ctx) {
            c->io.ssl = SSL_new(ctx);
            if (!c->io.ssl || !SSL_set_fd(c->io.ssl, fd)) {
                ERR_clear_error();
                if (c->io.ssl)
                    SSL_free(c->io.ssl);
                close(fd);
                free(c);
                continue;
            }
            SSL_set_accept_state(c->io.ssl);
            c->state = U_TLS;
        }
        c->events = EPOLLIN;
        struct epoll_event e = {.events = EPOLLIN, .data.ptr = c};
        if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &e) < 0) {
            io_close(&c->io);
            free(c);
            continue;
        }
        c->next = live;
        if (live)
            live->prev = c;
        live = c;
        nconns++;
    }
}

static void usage(void)
{
    fprintf(stderr, "usage: relaybench upstream --port P [--host 127.0.0.1] [--tls-cert FILE --tls-key FILE] "
                    "[--session-created] [--vary-echo]\n");
    exit(2);
}

int upstream_main(int argc, char **argv)
{
    const char *host = "127.0.0.1", *cert = NULL, *key = NULL;
    int port = 0;
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--port"))
            port = atoi(opt_val(argc, argv, &i));
        else if (!strcmp(argv[i], "--host"))
            host = opt_val(argc, argv, &i);
        else if (!strcmp(argv[i], "--tls-cert"))
            cert = opt_val(argc, argv, &i);
        else if (!strcmp(argv[i], "--tls-key"))
            key = opt_val(argc, argv, &i);
        else if (!strcmp(argv[i], "--session-created"))
            session_created = true;
        else if (!strcmp(argv[i], "--vary-echo"))
            vary_echo = true;
        else
            usage();
    }
    if (port <= 0 || port > 65535 || !cert != !key)
        usage();
    raise_nofile();
    tls_init();
    if (cert) {
        ctx = SSL_CTX_new(TLS_server_method());
        if (!ctx || SSL_CTX_use_certificate_chain_file(ctx, cert) != 1 ||
            SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) != 1 || SSL_CTX_check_private_key(ctx) != 1) {
            ERR_print_errors_fp(stderr);
            die("cannot load TLS certificate/key");
        }
        SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    }

    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    if (inet_pton(AF_INET, host, &sa.sin_addr) != 1)
        die("--host must be an IPv4 address: %s", host);
    int lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0), one = 1;
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(lfd, (struct sockaddr *)&sa, sizeof sa) < 0 || listen(lfd, 4096) < 0)
        die("cannot listen on %s:%d: %s", host, port, strerror(errno));

    struct sigaction sact = {.sa_handler = on_signal};   /* no SA_RESTART: epoll_wait returns EINTR */
    sigaction(SIGTERM, &sact, NULL);
    sigaction(SIGINT, &sact, NULL);

    ep = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event le = {.events = EPOLLIN, .data.ptr = NULL};
    epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &le);
    fprintf(stderr, "relaybench upstream: listening on %s:%d%s%s\n", host, port, ctx ? " (TLS)" : "",
            session_created ? " session.created" : "");

    struct epoll_event evs[256];
    while (!stop) {
        int n = epoll_wait(ep, evs, 256, -1);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            die("epoll_wait: %s", strerror(errno));
        }
        for (int i = 0; i < n; i++) {
            if (!evs[i].data.ptr)
                on_accept(lfd);
            else
                on_conn_event(evs[i].data.ptr, evs[i].events);
        }
    }
    fprintf(stderr, "relaybench upstream: exiting (%zu connections open)\n", nconns);
    while (live)
        conn_free(live);
    close(lfd);
    close(ep);
    if (ctx)
        SSL_CTX_free(ctx);
    return 0;
}
