// Small C helpers for the Swift targets: things that are macros or need sigset_t manipulation.
#define _GNU_SOURCE
#include <malloc.h>
#include "CLinux.h"
#include <sys/syscall.h>

int CLinux_accept4(int listener, struct sockaddr *address, socklen_t *length) {
    return accept4(listener, address, length, SOCK_NONBLOCK | SOCK_CLOEXEC);
}

int CLinux_setThreadName(pthread_t thread, const char *name) { return pthread_setname_np(thread, name); }

pid_t CLinux_gettid(void) { return (pid_t)syscall(SYS_gettid); }

int CLinux_blockTerminationSignals(sigset_t *set) {
    sigemptyset(set);
    sigaddset(set, SIGTERM);
    sigaddset(set, SIGINT);
    sigaddset(set, SIGHUP);
    return pthread_sigmask(SIG_BLOCK, set, NULL);
}

void CLinux_ignoreSIGPIPE(void) { signal(SIGPIPE, SIG_IGN); }

void CLinux_keepFreedHeapMemory(size_t trimThreshold, size_t mmapThreshold, size_t topPad) {
    mallopt(M_TRIM_THRESHOLD, (int)trimThreshold);
    mallopt(M_MMAP_THRESHOLD, (int)mmapThreshold);
    mallopt(M_TOP_PAD, (int)topPad);
}
