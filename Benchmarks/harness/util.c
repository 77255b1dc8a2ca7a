/* Small helpers: clock, RNG, limits, base64, the WebSocket accept key, HTTP headers. */
#define _GNU_SOURCE
#include "common.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <openssl/evp.h>

uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* xorshift128+: fast, good enough for masks and filler, never for crypto. */
static uint64_t rng_s[2] = {0x9E3779B97F4A7C15ull, 0xD1B54A32D192ED03ull};

void rng_seed(void)
{
    uint64_t s[2] = {0, 0};
    if (getrandom(s, sizeof s, 0) != (ssize_t)sizeof s)
        s[0] = now_ns(), s[1] = (uint64_t)getpid() * 0x9E3779B97F4A7C15ull;
    if (!s[0] && !s[1])
        s[0] = 1;
    rng_s[0] = s[0];
    rng_s[1] = s[1];
}

uint64_t rng_next(void)
{
    uint64_t x = rng_s[0];
    const uint64_t y = rng_s[1];
    rng_s[0] = y;
    x ^= x << 23;
    rng_s[1] = x ^ y ^ (x >> 17) ^ (y >> 26);
    return rng_s[1] + y;
}

void raise_nofile(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
            perror("setrlimit(RLIMIT_NOFILE)");
    }
}

void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("relaybench: ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(2);
}

const char B64_ALPHABET[64] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

size_t base64_encode(const uint8_t *in, size_t n, char *out)
{
    size_t o = 0, i = 0;
    for (; i + 2 < n; i += 3) {
        uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];
        out[o++] = B64_ALPHABET[v >> 18];
        out[o++] = B64_ALPHABET[(v >> 12) & 63];
        out[o++] = B64_ALPHABET[(v >> 6) & 63];
        out[o++] = B64_ALPHABET[v & 63];
    }
    if (i < n) {
        uint32_t v = (uint32_t)in[i] << 16 | (i + 1 < n ? (uint32_t)in[i + 1] << 8 : 0);
        out[o++] = B64_ALPHABET[v >> 18];
        out[o++] = B64_ALPHABET[(v >> 12) & 63];
        out[o++] = i + 1 < n ? B64_ALPHABET[(v >> 6) & 63] : '=';
        out[o++] = '=';
    }
    return o;
}

void ws_accept_key(const char *key, size_t keylen, char out[29])
{
    static const char guid[] = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    uint8_t md[EVP_MAX_MD_SIZE];
    unsigned mdlen = 0;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (!ctx || !EVP_DigestInit_ex(ctx, EVP_sha1(), NULL) || !EVP_DigestUpdate(ctx, key, keylen) ||
        !EVP_DigestUpdate(ctx, guid, sizeof guid - 1) || !EVP_DigestFinal_ex(ctx, md, &mdlen))
        die("SHA-1 failed");
    EVP_MD_CTX_free(ctx);
    out[base64_encode(md, mdlen, out)] = 0;   /* 20 bytes -> 28 chars */
}

const char *http_header(const char *head, size_t n, const char *name, size_t *vlen)
{
    size_t nl = strlen(name);
    const char *end = head + n;
    /* skip the request/status line */
    const char *p = memchr(head, '\n', n);
    while (p && p + 1 < end) {
        p++;
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol)
            eol = end;
        if ((size_t)(eol - p) > nl && p[nl] == ':' && strncasecmp(p, name, nl) == 0) {
            const char *v = p + nl + 1, *ve = eol;
            while (v < ve && (*v == ' ' || *v == '\t'))
                v++;
            while (ve > v && (ve[-1] == '\r' || ve[-1] == ' ' || ve[-1] == '\t'))
                ve--;
            *vlen = (size_t)(ve - v);
            return v;
        }
        p = eol;
    }
    return NULL;
}

int set_nodelay_nonblock(int fd)
{
    int one = 1;
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
        return -1;
    /* NODELAY fails harmlessly on non-TCP sockets */
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return 0;
}

const char *opt_val(int argc, char **argv, int *i)
{
    if (*i + 1 >= argc)
        die("option %s needs a value", argv[*i]);
    return argv[++*i];
}

/* ---------- buf_t ---------- */

uint8_t *buf_space(buf_t *b, size_t n)
{
    if (b->off + b->len + n <= b->cap)
        return b->p + b->off + b->len;
    if (b->len + n <= b->cap && b->off >= b->len) {
        /* enough room once compacted and the move is cheap relative to what we consumed */
        memmove(b->p, b->p + b->off, b->len);
        b->off = 0;
        return b->p + b->len;
    }
    if (b->off) {
        memmove(b->p, b->p + b->off, b->len);
        b->off = 0;
    }
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n)
            cap *= 2;
        uint8_t *np = realloc(b->p, cap);
        if (!np)
            die("out of memory (%zu bytes)", cap);
        b->p = np;
        b->cap = cap;
    }
    return b->p + b->len;
}

void buf_consume(buf_t *b, size_t n)
{
    b->off += n;
    b->len -= n;
    if (b->len == 0)
        b->off = 0;
}

void buf_shrink(buf_t *b, size_t keep_cap)
{
    if (b->len == 0 && b->cap > keep_cap) {
        free(b->p);
        b->p = NULL;
        b->cap = b->off = 0;
    }
}

void buf_free(buf_t *b)
{
    free(b->p);
    memset(b, 0, sizeof *b);
}
