/*
 * relaybench: load-generation harness for WebSocket relays.
 * Shared declarations: time, randomness, byte buffers, transport (plain TCP
 * or non-blocking OpenSSL), WebSocket framing, histogram, /proc sampling.
 */
#ifndef RELAYBENCH_COMMON_H
#define RELAYBENCH_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <sys/types.h>
#include <openssl/ssl.h>

/* ---------- util.c ---------- */
uint64_t now_ns(void);                 /* CLOCK_MONOTONIC in ns */
void rng_seed(void);                   /* seed xorshift128+ from getrandom() */
uint64_t rng_next(void);
void raise_nofile(void);               /* RLIMIT_NOFILE soft := hard */
void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
size_t base64_encode(const uint8_t *in, size_t n, char *out); /* no NUL added */
extern const char B64_ALPHABET[64];
/* Sec-WebSocket-Accept for a client key (28 chars + NUL into out). */
void ws_accept_key(const char *key, size_t keylen, char out[29]);
/* Case-insensitive header lookup in an HTTP head; returns value start and length. */
const char *http_header(const char *head, size_t n, const char *name, size_t *vlen);
int set_nodelay_nonblock(int fd);
/* Option parsing helper: returns argv[++*i] or dies. */
const char *opt_val(int argc, char **argv, int *i);

/* ---------- buf.c: growable byte buffer, data lives in p[off, off+len) ---------- */
typedef struct {
    uint8_t *p;
    size_t off, len, cap;
} buf_t;
uint8_t *buf_space(buf_t *b, size_t n);   /* ensure n writable bytes at the end, return ptr */
static inline uint8_t *buf_data(buf_t *b) { return b->p + b->off; }
static inline void buf_commit(buf_t *b, size_t n) { b->len += n; }
static inline void buf_append(buf_t *b, const void *p, size_t n) { memcpy(buf_space(b, n), p, n); buf_commit(b, n); }
void buf_consume(buf_t *b, size_t n);
void buf_free(buf_t *b);
void buf_shrink(buf_t *b, size_t keep_cap); /* release memory of an empty, oversized buffer */

/* ---------- io.c: one non-blocking stream, optionally TLS ---------- */
enum { IO_AGAIN = -1, IO_ERR = -2 };
typedef struct {
    int fd;
    SSL *ssl;              /* NULL for plain TCP */
    bool rd_wants_write;   /* last SSL_read/handshake needed the socket writable */
} io_t;
/* TLS handshake step: 1 done, 0 in progress, IO_ERR failed. Plain: always 1. */
int io_handshake(io_t *io);
/* >0 bytes read, 0 orderly EOF, IO_AGAIN, IO_ERR */
ssize_t io_read(io_t *io, void *p, size_t n);
/* Write as much of b as possible: 0 ok (maybe bytes left), IO_ERR. */
int io_flush(io_t *io, buf_t *b);
/* True if the connection needs EPOLLOUT (pending output or TLS wants it). */
static inline bool io_wants_out(const io_t *io, const buf_t *out) {
    return out->len > 0 || io->rd_wants_write;
}
void io_close(io_t *io);   /* SSL_free + close(fd), idempotent */
void tls_init(void);

/* ---------- ws.c: RFC 6455 framing ---------- */
enum { WS_CONT = 0x0, WS_TEXT = 0x1, WS_BIN = 0x2, WS_CLOSE = 0x8, WS_PING = 0x9, WS_PONG = 0xA };
#define WS_MAX_MESSAGE (64u << 20)   /* refuse messages above 64 MiB */
#define KEEP_CAP (64u << 10)         /* release idle buffers bigger than this */
typedef struct {
    bool fin, masked;
    uint8_t opcode, rsv;
    uint8_t mask[4];
    uint64_t len;        /* payload length */
    size_t hdr_len;      /* header bytes, payload starts here */
} ws_hdr_t;
/* 1 header complete, 0 need more bytes, -1 protocol error */
int ws_parse_header(const uint8_t *p, size_t n, ws_hdr_t *h);
/* The next whole frame in p[*used..n): 1 with *h and *payload set and *used advanced past it;
 * 0 when the frame is incomplete (*need = its full size, or 0 when even the header is); -1 on a
 * malformed header. */
int ws_next_frame(uint8_t *p, size_t n, size_t *used, ws_hdr_t *h, uint8_t **payload, size_t *need);
/* Append a whole frame to out. mask == NULL: unmasked (server role). */
void ws_put_frame(buf_t *out, int opcode, const uint8_t *payload, size_t n, const uint8_t *mask);
/* Header only (max 14 bytes) into dst, returns its size. */
size_t ws_write_header(uint8_t *dst, int opcode, bool fin, uint64_t n, const uint8_t *mask);
/* dst[i] = src[i] ^ mask[(i+phase)%4], 8 bytes at a time; dst may equal src. */
void ws_mask_copy(uint8_t *dst, const uint8_t *src, size_t n, const uint8_t mask[4], size_t phase);
/* Message reassembly over fragments. */
typedef struct {
    buf_t data;
    int opcode;          /* opcode of the first fragment, 0 when idle */
} ws_msg_t;

/* Reassembly of a data frame (text, binary or continuation) into m. Returns 1 when a whole message
 * is ready (*opcode, *data, *len point at it; call ws_msg_done after using it), 0 when more
 * fragments must follow, -1002 for a frame out of sequence and -1009 for a message over
 * WS_MAX_MESSAGE. A single unfragmented frame is returned in place, without a copy. */
int ws_msg_add(ws_msg_t *m, const ws_hdr_t *h, uint8_t *payload, int *opcode, uint8_t **data, size_t *len);
void ws_msg_done(ws_msg_t *m);

/* ---------- histogram.c ---------- */
typedef struct {
    uint64_t *counts;
    uint64_t n, max_ns, min_ns;
    double sum_ns;
} hist_t;
void hist_init(hist_t *h);
void hist_add(hist_t *h, uint64_t ns);
double hist_pct_ms(const hist_t *h, double pct);   /* pct in [0,100] */
void hist_free(hist_t *h);

/* ---------- proc.c: process-tree CPU and memory ---------- */
/* utime+stime in seconds summed over pid and its descendants; <0 if pid is gone. */
double proc_tree_cpu_s(pid_t root);
/* Sum of a /proc/PID/status field in kB ("VmRSS", "VmHWM") over the tree; <0 if gone. */
long proc_tree_status_kb(pid_t root, const char *field);

/* ---------- roles ---------- */
int upstream_main(int argc, char **argv);
int client_main(int argc, char **argv);

#endif
