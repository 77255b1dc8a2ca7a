/*
 * Transport: a non-blocking socket, either plain TCP or OpenSSL on top of it.
 * The callers use level-triggered epoll and, on every event, try both to read
 * (until IO_AGAIN) and to flush pending output, so WANT_READ/WANT_WRITE
 * crossovers (an SSL_read that must write, an SSL_write that must read) are
 * retried naturally; rd_wants_write asks the caller to keep EPOLLOUT armed.
 */
#define _GNU_SOURCE
#include "common.h"

#include <errno.h>
#include <signal.h>
#include <unistd.h>
#include <sys/socket.h>
#include <openssl/err.h>

void tls_init(void)
{
    /* OpenSSL >= 1.1 initialises itself. Its socket BIO uses write(), so a peer
     * that has gone away would raise SIGPIPE: ignore it, EPIPE is handled. */
    signal(SIGPIPE, SIG_IGN);
}

/* Map an SSL result to IO_AGAIN / IO_ERR and record which direction is wanted. */
static int ssl_status(io_t *io, int ret, bool reading)
{
    int e = SSL_get_error(io->ssl, ret);
    switch (e) {
    case SSL_ERROR_WANT_READ:
        if (reading)
            io->rd_wants_write = false;
        return IO_AGAIN;
    case SSL_ERROR_WANT_WRITE:
        if (reading)
            io->rd_wants_write = true;
        return IO_AGAIN;
    case SSL_ERROR_ZERO_RETURN:
        return 0;   /* close_notify: orderly EOF */
    default:
        ERR_clear_error();   /* do not leak this error into other connections' calls */
        return IO_ERR;
    }
}

int io_handshake(io_t *io)
{
    if (!io->ssl)
        return 1;
    int r = SSL_do_handshake(io->ssl);
    if (r == 1) {
        io->rd_wants_write = false;
        return 1;
    }
    r = ssl_status(io, r, true);
    return r == IO_AGAIN ? 0 : IO_ERR;
}

ssize_t io_read(io_t *io, void *p, size_t n)
{
    if (!io->ssl) {
        for (;;) {
            ssize_t r = recv(io->fd, p, n, 0);
            if (r >= 0)
                return r;
            if (errno == EINTR)
                continue;
            return (errno == EAGAIN || errno == EWOULDBLOCK) ? IO_AGAIN : IO_ERR;
        }
    }
    size_t got = 0;
    int r = SSL_read_ex(io->ssl, p, n, &got);
    if (r == 1) {
        io->rd_wants_write = false;
        return (ssize_t)got;
    }
    return ssl_status(io, r, true);
}

int io_flush(io_t *io, buf_t *b)
{
    while (b->len > 0) {
        if (!io->ssl) {
            ssize_t w = send(io->fd, buf_data(b), b->len, MSG_NOSIGNAL);
            if (w > 0) {
                buf_consume(b, (size_t)w);
                continue;
            }
            if (w < 0 && errno == EINTR)
                continue;
            if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
                return 0;
            return IO_ERR;
        }
        /* SSL_MODE_ENABLE_PARTIAL_WRITE + ACCEPT_MOVING_WRITE_BUFFER are set on the
         * contexts, so retrying with the (possibly moved, longer) pending data is legal. */
        size_t done = 0;
        int r = SSL_write_ex(io->ssl, buf_data(b), b->len, &done);
        if (r == 1) {
            buf_consume(b, done);
            continue;
        }
        r = ssl_status(io, r, false);
        if (r == IO_AGAIN)
            return 0;
        return IO_ERR;
    }
    return 0;
}

void io_close(io_t *io)
{
    if (io->ssl) {
        SSL_free(io->ssl);
        io->ssl = NULL;
    }
    if (io->fd >= 0) {
        close(io->fd);
        io->fd = -1;
    }
    io->rd_wants_write = false;
}
