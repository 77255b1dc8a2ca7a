/*
 * relaybench: load generator for WebSocket relays.
 *   relaybench upstream ...   WebSocket echo server (the "Azure OpenAI" side)
 *   relaybench client ...     N browser-like connections, latency/CPU/RSS report
 *   relaybench wait ...       wait until a TCP port accepts connections
 * See README.md.
 */
#define _GNU_SOURCE
#include "common.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>

static int wait_main(int argc, char **argv)
{
    const char *host = "127.0.0.1";
    int port = 0;
    double timeout = 10;
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--port"))
            port = atoi(opt_val(argc, argv, &i));
        else if (!strcmp(argv[i], "--host"))
            host = opt_val(argc, argv, &i);
        else if (!strcmp(argv[i], "--timeout"))
            timeout = atof(opt_val(argc, argv, &i));
        else
            die("usage: relaybench wait --port P [--host H] [--timeout S]");
    }
    if (port <= 0 || port > 65535 || !(timeout >= 0 && timeout <= 3600))
        die("usage: relaybench wait --port P [--host H] [--timeout S (0..3600)]");
    char ps[16];
    snprintf(ps, sizeof ps, "%d", port);
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM}, *ai;
    if (getaddrinfo(host, ps, &hints, &ai) != 0)
        die("cannot resolve %s", host);
    uint64_t deadline = now_ns() + (uint64_t)(timeout * 1e9);
    for (;;) {
        int fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
        int ok = fd >= 0 && connect(fd, ai->ai_addr, ai->ai_addrlen) == 0;
        if (fd >= 0)
            close(fd);
        if (ok) {
            freeaddrinfo(ai);
            return 0;
        }
        if (now_ns() >= deadline)
            break;
        struct timespec ts = {0, 50 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    freeaddrinfo(ai);
    fprintf(stderr, "relaybench wait: %s:%d not accepting after %.1f s\n", host, port, timeout);
    return 1;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && !strcmp(argv[1], "upstream"))
        return upstream_main(argc - 2, argv + 2);
    if (argc >= 2 && !strcmp(argv[1], "client"))
        return client_main(argc - 2, argv + 2);
    if (argc >= 2 && !strcmp(argv[1], "wait"))
        return wait_main(argc - 2, argv + 2);
    fprintf(stderr, "usage: relaybench upstream|client|wait [options]   (see README.md)\n");
    return 2;
}
