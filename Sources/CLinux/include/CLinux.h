// Linux headers that Swift's Glibc module does not export, plus wrappers for the macros among them.
#ifndef CLINUX_H
#define CLINUX_H

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <sys/signalfd.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/resource.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <pthread.h>
#include <unistd.h>

// The constants below are macros or enums that Swift imports awkwardly (or not at all) on some
// Glibc versions; exporting them as functions keeps every call site plain Swift.
static inline int CLinux_SOCK_NONBLOCK(void) { return SOCK_NONBLOCK; }
static inline int CLinux_SOCK_CLOEXEC(void) { return SOCK_CLOEXEC; }
static inline int CLinux_SOCK_STREAM(void) { return SOCK_STREAM; }
static inline int CLinux_SO_REUSEPORT(void) { return SO_REUSEPORT; }
static inline int CLinux_MSG_NOSIGNAL(void) { return MSG_NOSIGNAL; }
static inline int CLinux_MSG_MORE(void) { return MSG_MORE; }

/// Tunes glibc malloc for a long-running server: freed memory at the top of a heap stays (up to
/// `trimThreshold`) instead of being handed back with madvise and taken again with mprotect, blocks
/// below `mmapThreshold` come from the heap, and a heap grows by at least `topPad` at a time.
void CLinux_keepFreedHeapMemory(size_t trimThreshold, size_t mmapThreshold, size_t topPad);

/// accept4(2) with SOCK_NONBLOCK | SOCK_CLOEXEC (accept4 needs _GNU_SOURCE, which Swift's Glibc lacks).
int CLinux_accept4(int listener, struct sockaddr *address, socklen_t *length);

/// Names a thread (shown by top -H, perf, gdb); at most 15 characters.
int CLinux_setThreadName(pthread_t thread, const char *name);

/// The kernel's thread id of the calling thread (for "am I on this loop?" checks).
pid_t CLinux_gettid(void);

/// Blocks SIGTERM, SIGINT and SIGHUP in the calling thread (threads created later inherit the mask),
/// so that they are delivered only through a signalfd read by an event loop.
int CLinux_blockTerminationSignals(sigset_t *set);

/// Ignores SIGPIPE process-wide: a peer that closes mid-write must give EPIPE, not kill the server.
void CLinux_ignoreSIGPIPE(void);

#endif
