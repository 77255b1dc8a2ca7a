/*
 * Log-linear latency histogram in nanoseconds (HDR-style).
 *  - values below 4096 ns: one bucket per ns;
 *  - above: each power of two [2^e, 2^(e+1)) is split into 2048 equal buckets,
 *    so a bucket is at most 1/2048 (0.05%) of its value wide: 512 ns wide just
 *    above 1 ms, 1 us just above 2 ms, and still <= 0.05% relative up to 60 s.
 * Values above 2^36 ns (~68.7 s) land in the last bucket; max is kept exactly.
 */
#include "common.h"

#include <math.h>
#include <stdlib.h>

#define LIN_BITS 12                  /* 4096 linear buckets */
#define SUB_BITS 11                  /* 2048 buckets per octave */
#define TOP_EXP 36                   /* last octave starts at 2^36 ns */
#define NBUCKETS ((1u << LIN_BITS) + (TOP_EXP - LIN_BITS + 1) * (1u << SUB_BITS))

static size_t bucket_of(uint64_t v)
{
    if (v < (1u << LIN_BITS))
        return (size_t)v;
    int e = 63 - __builtin_clzll(v);
    if (e > TOP_EXP)
        return NBUCKETS - 1;
    size_t sub = (size_t)(v >> (e - SUB_BITS)) & ((1u << SUB_BITS) - 1);
    return (1u << LIN_BITS) + (size_t)(e - LIN_BITS) * (1u << SUB_BITS) + sub;
}

/* Midpoint of bucket i, in ns. */
static double bucket_mid(size_t i)
{
    if (i < (1u << LIN_BITS))
        return (double)i;
    size_t j = i - (1u << LIN_BITS);
    int e = (int)(j >> SUB_BITS) + LIN_BITS;
    double width = ldexp(1.0, e - SUB_BITS);
    double lo = ldexp(1.0, e) + (double)(j & ((1u << SUB_BITS) - 1)) * width;
    return lo + width / 2;
}

void hist_init(hist_t *h)
{
    h->counts = calloc(NBUCKETS, sizeof *h->counts);
    if (!h->counts)
        die("out of memory (histogram)");
    h->n = h->max_ns = 0;
    h->min_ns = UINT64_MAX;
    h->sum_ns = 0;
}

void hist_add(hist_t *h, uint64_t ns)
{
    h->counts[bucket_of(ns)]++;
    h->n++;
    h->sum_ns += (double)ns;
    if (ns > h->max_ns)
        h->max_ns = ns;
    if (ns < h->min_ns)
        h->min_ns = ns;
}

double hist_pct_ms(const hist_t *h, double pct)
{
    if (h->n == 0)
        return NAN;
    uint64_t rank = (uint64_t)ceil(pct / 100.0 * (double)h->n);
    if (rank < 1)
        rank = 1;
    uint64_t seen = 0;
    for (size_t i = 0; i < NBUCKETS; i++) {
        seen += h->counts[i];
        if (seen >= rank) {
            double v = bucket_mid(i);
            /* the exact extremes are known: never report outside them */
            if (v > (double)h->max_ns)
                v = (double)h->max_ns;
            if (v < (double)h->min_ns)
                v = (double)h->min_ns;
            return v / 1e6;
        }
    }
    return (double)h->max_ns / 1e6;
}

void hist_free(hist_t *h)
{
    free(h->counts);
    h->counts = NULL;
}
