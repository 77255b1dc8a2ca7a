/* RFC 6455 frame headers and masking. */
#include "common.h"

#include <string.h>

int ws_parse_header(const uint8_t *p, size_t n, ws_hdr_t *h)
{
    if (n < 2)
        return 0;
    h->fin = p[0] & 0x80;
    h->rsv = (p[0] >> 4) & 7;
    h->opcode = p[0] & 0x0F;
    h->masked = p[1] & 0x80;
    uint64_t len = p[1] & 0x7F;
    size_t hl = 2;
    if (len == 126) {
        if (n < 4)
            return 0;
        len = (uint64_t)p[2] << 8 | p[3];
        hl = 4;
    } else if (len == 127) {
        if (n < 10)
            return 0;
        len = 0;
        for (int i = 0; i < 8; i++)
            len = len << 8 | p[2 + i];
        hl = 10;
        if (len >> 63)
            return -1;
    }
    if (h->masked) {
        if (n < hl + 4)
            return 0;
        memcpy(h->mask, p + hl, 4);
        hl += 4;
    }
    h->len = len;
    h->hdr_len = hl;
    if (h->rsv)
        return -1;   /* no extensions negotiated */
    if (h->opcode >= 0x8) {
        if (!h->fin || len > 125 || h->opcode > WS_PONG)
            return -1;   /* control frames: unfragmented, short */
    } else if (h->opcode > WS_BIN) {
        return -1;
    }
    if (len > WS_MAX_MESSAGE)
        return -1;
    return 1;
}

size_t ws_write_header(uint8_t *d, int opcode, bool fin, uint64_t n, const uint8_t *mask)
{
    size_t hl;
    d[0] = (uint8_t)((fin ? 0x80 : 0) | (opcode & 0x0F));
    uint8_t m = mask ? 0x80 : 0;
    if (n < 126) {
        d[1] = m | (uint8_t)n;
        hl = 2;
    } else if (n <= 0xFFFF) {
        d[1] = m | 126;
        d[2] = (uint8_t)(n >> 8);
        d[3] = (uint8_t)n;
        hl = 4;
    } else {
        d[1] = m | 127;
        for (int i = 0; i < 8; i++)
            d[2 + i] = (uint8_t)(n >> (56 - 8 * i));
        hl = 10;
    }
    if (mask) {
        memcpy(d + hl, mask, 4);
        hl += 4;
    }
    return hl;
}

void ws_mask_copy(uint8_t *dst, const uint8_t *src, size_t n, const uint8_t mask[4], size_t phase)
{
    /* Build a 64-bit key whose byte i is mask[(i + phase) % 4]; memcpy keeps
     * unaligned access well-defined and compiles to plain loads/stores. */
    uint8_t k8[8];
    for (int i = 0; i < 8; i++)
        k8[i] = mask[(i + phase) & 3];
    uint64_t k;
    memcpy(&k, k8, 8);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, src + i, 8);
        w ^= k;
        memcpy(dst + i, &w, 8);
    }
    for (; i < n; i++)
        dst[i] = src[i] ^ k8[i & 7];
}

void ws_put_frame(buf_t *out, int opcode, const uint8_t *payload, size_t n, const uint8_t *mask)
{
    uint8_t *d = buf_space(out, n + 14);
    size_t hl = ws_write_header(d, opcode, true, n, mask);
    if (mask)
        ws_mask_copy(d + hl, payload, n, mask, 0);
    else if (n)
        memcpy(d + hl, payload, n);
    buf_commit(out, hl + n);
}

int ws_next_frame(uint8_t *p, size_t n, size_t *used, ws_hdr_t *h, uint8_t **payload, size_t *need)
{
    *need = 0;
    int r = ws_parse_header(p + *used, n - *used, h);
    if (r <= 0)
        return r;
    if (h->len > n - *used - h->hdr_len) {
        *need = h->hdr_len + (size_t)h->len;
        return 0;
    }
    *payload = p + *used + h->hdr_len;
    *used += h->hdr_len + (size_t)h->len;
    return 1;
}

int ws_msg_add(ws_msg_t *m, const ws_hdr_t *h, uint8_t *payload, int *opcode, uint8_t **data, size_t *len)
{
    size_t n = (size_t)h->len;
    if (h->opcode != WS_CONT) {
        if (m->opcode)
            return -1002;   /* a new message inside a fragmented one */
        if (h->fin) {
            *opcode = h->opcode, *data = payload, *len = n;
            return 1;
        }
        m->opcode = h->opcode;
    } else if (!m->opcode) {
        return -1002;
    }
    if (m->data.len + n > WS_MAX_MESSAGE)
        return -1009;
    buf_append(&m->data, payload, n);
    if (!h->fin)
        return 0;
    *opcode = m->opcode, *data = buf_data(&m->data), *len = m->data.len;
    return 1;
}

void ws_msg_done(ws_msg_t *m)
{
    if (!m->opcode)
        return;   /* the message was a single frame, returned in place */
    m->opcode = 0;
    buf_consume(&m->data, m->data.len);
    buf_shrink(&m->data, KEEP_CAP);
}
