/*
 * Process-tree sampling from /proc: the tree is the root PID plus every
 * descendant, found through the ppid field of /proc/<pid>/stat.
 *  - CPU: utime + stime (fields 14, 15 of /proc/<pid>/stat; they include all
 *    threads of the process), in clock ticks.
 *  - Memory: VmRSS / VmHWM lines of /proc/<pid>/status, in kB.
 */
#include "common.h"

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Read /proc/<pid>/stat; returns 0 and fills ppid, ticks (utime+stime). */
static int read_stat(pid_t pid, pid_t *ppid, unsigned long long *ticks)
{
    char path[64], line[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "re");
    if (!f)
        return -1;
    size_t n = fread(line, 1, sizeof line - 1, f);
    fclose(f);
    line[n] = 0;
    /* comm may contain spaces and parentheses: fields resume after the last ')' */
    char *p = strrchr(line, ')');
    if (!p)
        return -1;
    char state;
    int pp;
    unsigned long long ut, st;
    /* after ')' : state(3) ppid(4) pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime(14) stime(15) */
    if (sscanf(p + 1, " %c %d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &state, &pp, &ut, &st) != 4)
        return -1;
    *ppid = pp;
    *ticks = ut + st;
    return 0;
}

/* Collect the tree rooted at root into a malloc'd array; returns count (0 if root is gone). */
static size_t tree_pids(pid_t root, pid_t **out)
{
    size_t n = 0, cap = 256;
    pid_t *pid = malloc(cap * sizeof *pid), *par = malloc(cap * sizeof *par);
    DIR *d = opendir("/proc");
    if (!pid || !par || !d)
        die("cannot scan /proc");
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!isdigit((unsigned char)e->d_name[0]))
            continue;
        pid_t p = (pid_t)atoi(e->d_name), pp;
        unsigned long long t;
        if (read_stat(p, &pp, &t) != 0)
            continue;
        if (n == cap) {
            cap *= 2;
            pid = realloc(pid, cap * sizeof *pid);
            par = realloc(par, cap * sizeof *par);
            if (!pid || !par)
                die("out of memory");
        }
        pid[n] = p;
        par[n] = pp;
        n++;
    }
    closedir(d);
    /* breadth-first walk: tree[] grows as children of members are found */
    pid_t *tree = malloc((n + 1) * sizeof *tree);
    size_t tn = 0;
    bool found = false;
    for (size_t i = 0; i < n; i++)
        if (pid[i] == root)
            found = true;
    if (found)
        tree[tn++] = root;
    for (size_t k = 0; k < tn; k++)
        for (size_t i = 0; i < n; i++)
            if (par[i] == tree[k] && pid[i] != root)
                tree[tn++] = pid[i];
    free(pid);
    free(par);
    *out = tree;
    return tn;
}

double proc_tree_cpu_s(pid_t root)
{
    pid_t *t;
    size_t n = tree_pids(root, &t);
    unsigned long long sum = 0;
    for (size_t i = 0; i < n; i++) {
        pid_t pp;
        unsigned long long ticks;
        if (read_stat(t[i], &pp, &ticks) == 0)
            sum += ticks;
    }
    free(t);
    if (n == 0)
        return -1;
    return (double)sum / (double)sysconf(_SC_CLK_TCK);
}

static long status_kb(pid_t pid, const char *field)
{
    char path[64], line[256];
    size_t fl = strlen(field);
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    FILE *f = fopen(path, "re");
    if (!f)
        return -1;
    long v = -1;
    while (fgets(line, sizeof line, f))
        if (!strncmp(line, field, fl) && line[fl] == ':') {
            v = strtol(line + fl + 1, NULL, 10);
            break;
        }
    fclose(f);
    return v;
}

long proc_tree_status_kb(pid_t root, const char *field)
{
    pid_t *t;
    size_t n = tree_pids(root, &t);
    long sum = 0;
    for (size_t i = 0; i < n; i++) {
        long v = status_kb(t[i], field);
        if (v > 0)
            sum += v;   /* kernel threads and zombies have no Vm* lines */
    }
    free(t);
    return n ? sum : -1;
}
