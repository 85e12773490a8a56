/*
 * t_dns.h - what the DNS tests share: RSA public keys of any size built
 * here as DER (SubjectPublicKeyInfo, written from X.690 and RFC 3279 by
 * hand, independently of the library's reader) and base64 (RFC 4648), and
 * a real authoritative server (Debian's nsd, tests/dns/nsd-start.sh) on
 * 127.0.0.1 for zones the test writes, and a UDP socket that never
 * answers.  A test that cannot start nsd FAILS: it never skips.
 */
#ifndef T_DNS_H
#define T_DNS_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Appends a DER length. */
static inline size_t t_der_len(unsigned char *p, size_t n)
{
    if (n < 0x80) {
        p[0] = (unsigned char)n;
        return 1;
    }
    if (n < 0x100) {
        p[0] = 0x81;
        p[1] = (unsigned char)n;
        return 2;
    }
    p[0] = 0x82;
    p[1] = (unsigned char)(n >> 8);
    p[2] = (unsigned char)n;
    return 3;
}

static inline size_t t_der_tlv(unsigned char *out, unsigned tag, const unsigned char *v,
                        size_t n)
{
    size_t h = 1;
    out[0] = (unsigned char)tag;
    h += t_der_len(out + 1, n);
    memmove(out + h, v, n);
    return h + n;
}

/* A SubjectPublicKeyInfo for an RSA key with a modulus of exactly `bits`
 * bits (top bit set, other bytes a fixed pattern); bare=1 gives only the
 * RSAPublicKey.  Returns its length in out (at least 1200 bytes). */
static inline size_t t_rsa_der(unsigned char *out, unsigned bits, int bare)
{
    unsigned char mod[600] = { 0 }, ints[700], seq[720], bit[730], alg[32], body[800];
    size_t mn = (bits + 7) / 8, i, n, an, bn;
    static const unsigned char alg_v[] = { 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7,
                                           0x0d, 0x01, 0x01, 0x01, 0x05, 0x00 };
    static const unsigned char e[] = { 0x02, 0x03, 0x01, 0x00, 0x01 };
    unsigned top = (bits - 1) % 8;    /* highest set bit of the top byte */
    for (i = 0; i < mn; i++)
        mod[i] = (unsigned char)(0x5a ^ (i * 37));
    mod[0] &= (unsigned char)((1u << (top + 1)) - 1);
    mod[0] |= (unsigned char)(1u << top);
    n = mn;
    if (top == 7) {    /* a positive INTEGER: a 0 byte before a high bit */
        memmove(mod + 1, mod, mn);
        mod[0] = 0;
        n = mn + 1;
    }
    n = t_der_tlv(ints, 0x02, mod, n);
    memcpy(ints + n, e, sizeof e);
    n += sizeof e;
    n = t_der_tlv(seq, 0x30, ints, n);
    if (bare) {
        memcpy(out, seq, n);
        return n;
    }
    bit[0] = 0;
    memcpy(bit + 1, seq, n);
    an = t_der_tlv(alg, 0x30, alg_v, sizeof alg_v);
    memcpy(body, alg, an);
    bn = an + t_der_tlv(body + an, 0x03, bit, n + 1);
    return t_der_tlv(out, 0x30, body, bn);
}

static inline void t_base64(char *out, const unsigned char *in, size_t n)
{
    static const char a[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t i, o = 0;
    for (i = 0; i + 2 < n; i += 3) {
        unsigned v = (unsigned)in[i] << 16 | (unsigned)in[i + 1] << 8 | in[i + 2];
        out[o++] = a[v >> 18];
        out[o++] = a[(v >> 12) & 63];
        out[o++] = a[(v >> 6) & 63];
        out[o++] = a[v & 63];
    }
    if (n - i == 1) {
        unsigned v = (unsigned)in[i] << 16;
        out[o++] = a[v >> 18];
        out[o++] = a[(v >> 12) & 63];
        out[o++] = '=';
        out[o++] = '=';
    } else if (n - i == 2) {
        unsigned v = (unsigned)in[i] << 16 | (unsigned)in[i + 1] << 8;
        out[o++] = a[v >> 18];
        out[o++] = a[(v >> 12) & 63];
        out[o++] = a[(v >> 6) & 63];
        out[o++] = '=';
    }
    out[o] = 0;
}

/* "v=DKIM1; k=rsa; p=<base64 of an RSA key of bits>" into out (4 KiB). */
static inline void t_dkim_record(char *out, unsigned bits)
{
    unsigned char der[1200];
    char b64[1700];
    t_base64(b64, der, t_rsa_der(der, bits, 0));
    snprintf(out, 4096, "v=DKIM1; k=rsa; p=%s", b64);
}

/* ---- a real nsd on 127.0.0.1 ---- */

typedef struct t_nsd {
    char dir[256];
    int port;
    long pid;
    char server[64];   /* "127.0.0.1:PORT" */
} t_nsd;

static inline int t_write(const char *dir, const char *name, const char *text)
{
    char path[512];
    FILE *f;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "w");
    if (!f)
        return -1;
    fputs(text, f);
    return fclose(f);
}

/* Starts nsd for the zone files already in n->dir.  0 or -1 (with a
 * message on stdout: the test then fails). */
static inline int t_nsd_start(t_nsd *n)
{
    char cmd[640], line[128] = "";
    const char *top = getenv("LSC_TOP");
    FILE *p;
    snprintf(cmd, sizeof cmd, "sh %s/tests/dns/nsd-start.sh %s 2>&1",
             top ? top : ".", n->dir);
    p = popen(cmd, "r");
    if (!p || !fgets(line, sizeof line, p)) {
        if (p)
            pclose(p);
        printf("# nsd did not start (is nsd installed? apt-get install nsd)\n");
        return -1;
    }
    if (pclose(p) != 0 || sscanf(line, "%d %ld", &n->port, &n->pid) != 2) {
        printf("# nsd did not start: %s", line);
        return -1;
    }
    snprintf(n->server, sizeof n->server, "127.0.0.1:%d", n->port);
    return 0;
}

static inline void t_nsd_stop(t_nsd *n)
{
    int i;
    char cmd[300];
    if (n->pid > 0) {
        kill((pid_t)n->pid, SIGTERM);
        for (i = 0; i < 200 && kill((pid_t)n->pid, 0) == 0; i++)
            usleep(10000);
        n->pid = 0;
    }
    if (n->dir[0]) {
        snprintf(cmd, sizeof cmd, "rm -rf %s", n->dir);
        if (system(cmd) != 0)
            printf("# could not remove %s\n", n->dir);
    }
}

static inline int t_nsd_dir(t_nsd *n)
{
    const char *tmp = getenv("TMPDIR");
    memset(n, 0, sizeof *n);
    snprintf(n->dir, sizeof n->dir, "%s/lsc-nsd-XXXXXX", tmp ? tmp : "/tmp");
    return mkdtemp(n->dir) ? 0 : -1;
}

/* A UDP socket on 127.0.0.1 that never answers (a dead server). */
static inline int t_silent_server(char *server, size_t cap)
{
    struct sockaddr_in sa;
    socklen_t sl = sizeof sa;
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0 ||
        getsockname(fd, (struct sockaddr *)&sa, &sl) != 0)
        return -1;
    snprintf(server, cap, "127.0.0.1:%d", ntohs(sa.sin_port));
    return fd;
}

static inline double t_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

#endif
