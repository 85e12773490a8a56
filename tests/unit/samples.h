/*
 * samples.h - a small, varied set of messages for the thread and
 * out-of-memory tests (test_threads.c, test_oom.c): plain, multipart
 * alternative with QP/base64, an attachment with an RFC 2231 name, spammy
 * HTML, GB2312, a forwarded message/rfc822, broken structure.  Plus
 * the messages of tests/messages/NAME.eml, read at run time (up to a count)
 * so that each stage's own test mail is covered as it lands.
 *
 * Gives: samples_load() fills a list of (pointer, length) that the caller
 * frees with samples_free().  Limits: up to SAMPLES_MAX messages.
 */
#ifndef LSC_SAMPLES_H
#define LSC_SAMPLES_H

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#define SAMPLES_MAX 64

static const char *const sample_builtin[] = {
    "From: Ann Lee <ann@example.com>\r\nTo: Bob <bob@example.org>\r\n"
    "Subject: Quote for the valves\r\nDate: Mon, 6 Nov 2023 10:00:00 +0800\r\n"
    "Message-ID: <q1@example.com>\r\nMIME-Version: 1.0\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n\r\n"
    "Hello Bob,\r\n\r\nthank you for your call. The quote for 200 valves is "
    "attached; delivery is four weeks.\r\n\r\nBest regards,\r\nAnn\r\n",

    "From: =?utf-8?B?5p2O5piO?= <li@example.cn>\r\nTo: buyer@example.com\r\n"
    "Subject: =?utf-8?Q?Re:_Angebot_f=C3=BCr_Ventile?=\r\nMIME-Version: 1.0\r\n"
    "Content-Type: multipart/alternative; boundary=\"alt\"\r\n\r\n"
    "--alt\r\nContent-Type: text/plain; charset=utf-8\r\n"
    "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
    "Sch=C3=B6ne Gr=C3=BC=C3=9Fe, the price is 12 EUR per piece.=\r\n"
    " See you.\r\n"
    "--alt\r\nContent-Type: text/html; charset=utf-8\r\n"
    "Content-Transfer-Encoding: base64\r\n\r\n"
    "PGh0bWw+PGJvZHk+PHA+U2Now7ZuZSBHcsO8w59lLCB0aGUgcHJpY2UgaXMgPGI+MTIg\r\n"
    "RVVSPC9iPiBwZXIgcGllY2UuPC9wPjwvYm9keT48L2h0bWw+\r\n"
    "--alt--\r\n",

    "From: sales@example.com\r\nTo: a@example.org, b@example.org, c@example.org\r\n"
    "Subject: Catalogue\r\nMIME-Version: 1.0\r\n"
    "Content-Type: multipart/mixed; boundary=\"mix\"\r\n\r\n"
    "--mix\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n"
    "Please find our catalogue attached.\r\n"
    "--mix\r\nContent-Type: application/pdf; name=\"cat.pdf\"\r\n"
    "Content-Disposition: attachment; filename*=utf-8''cat%C3%A1logo.pdf\r\n"
    "Content-Transfer-Encoding: base64\r\n\r\n"
    "JVBERi0xLjQKJcOkw7zDtsOfCjIgMCBvYmoKPDwvTGVuZ3RoIDMgMCBSPj4Kc3RyZWFt\r\n"
    "--mix\r\nContent-Type: application/octet-stream; name=\"invoice.pdf.exe\"\r\n"
    "Content-Disposition: attachment; filename=\"invoice.pdf.exe\"\r\n"
    "Content-Transfer-Encoding: base64\r\n\r\n"
    "TVqQAAMAAAAEAAAA//8AALgAAAAAAAAAQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\r\n"
    "--mix--\r\n",

    "From: promo@deals.example\r\nTo: you@example.org\r\n"
    "Subject: FREE GIFT!!! LIMITED TIME OFFER - 50% OFF $$$\r\nMIME-Version: 1.0\r\n"
    "Content-Type: text/html; charset=utf-8\r\n\r\n"
    "<html><body><p>Dear Sir/Madam, {{first_name}},</p>"
    "<p style=\"display:none\">hidden words here</p>"
    "<font color=\"#ffffff\" size=\"1\">tiny white text</font>"
    "<a href=\"http://192.168.1.1/win\">https://www.yourbank.example/</a> "
    "<a href=\"https://bit.ly/3abc\">click here</a>"
    "<img src=\"http://img.example/a.png\" width=\"600\">"
    "<form action=\"http://1.2.3.4/\"><input name=\"card\"></form>"
    "<script>alert(1)</script>ACT NOW, BUY NOW!!!</body></html>\r\n",

    "From: zhang@example.cn\r\nTo: client@example.com\r\n"
    "Subject: =?gb2312?B?suLK1A==?=\r\nMIME-Version: 1.0\r\n"
    "Content-Type: text/plain; charset=gb2312\r\n"
    "Content-Transfer-Encoding: 8bit\r\n\r\n"
    "\xc4\xfa\xba\xc3\xa3\xac\xce\xd2\xca\xc7\xd5\xc5\xc8\xfd\xa1\xa3 "
    "\xcf\xde\xca\xb1\xd3\xc5\xbb\xdd\xa3\xa1\r\n",

    "From: ann@example.com\r\nTo: bob@example.org\r\nSubject: Fwd: your order\r\n"
    "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"f\"\r\n\r\n"
    "--f\r\nContent-Type: text/plain\r\n\r\nsee below\r\n"
    "--f\r\nContent-Type: message/rfc822\r\n\r\n"
    "From: shop@example.net\r\nSubject: Order 42\r\n"
    "Content-Type: multipart/alternative; boundary=\"g\"\r\n\r\n"
    "--g\r\nContent-Type: text/plain\r\n\r\nOrder 42 shipped.\r\n"
    "--g\r\nContent-Type: text/html\r\n\r\n<p>Order <b>42</b> shipped.</p>\r\n"
    "--g--\r\n--f--\r\n",

    "From ann@example.com Mon Nov  6 10:00:00 2023\r\n"
    "From ann@example.com\r\nTo: not an address,, @@\r\nSubject: =?utf-8?B?!!?=\r\n"
    "broken header line\r\nContent-Type: multipart/mixed; boundary=x\r\n"
    "Content-Transfer-Encoding: x-unknown\r\n\r\n--x\r\n"
    "Content-Type: text/plain; charset=x-bogus\r\n"
    "Content-Transfer-Encoding: base64\r\n\r\n!!!not base64\r\n"
    "--x\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
    "bad =ZZ escape =\r\n\r\r\n",

    /* look-alike hosts: the engine's one spoof checker, read by every
     * thread (a skeleton match, a shown name, mixed scripts) */
    "From: service@paypa1.example\r\nTo: you@example.org\r\n"
    "Subject: Verify your account\r\nMIME-Version: 1.0\r\n"
    "Content-Type: multipart/alternative; boundary=\"la\"\r\n\r\n"
    "--la\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
    "Log in at https://paypa1.com/login or http://\xd0\xb0pple.com/id "
    "or rnicrosoft.com today.\r\n"
    "--la\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
    "<p><a href=\"https://paypa1.com/login\">https://paypal.com/</a> "
    "<a href=\"https://xn--pple-43d.com/\">apple.com</a></p>\r\n"
    "--la--\r\n",
};

typedef struct sample {
    char *p;
    size_t len;
    char name[64];
} sample;

static int sample_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Built-ins first, then up to `max_files` tests/messages/NAME.eml. */
static inline size_t samples_load(sample *out, size_t max_files)
{
    size_t n = 0, i, nn = 0;
    const char *top = getenv("LSC_TOP");
    char dir[1024], path[2048];
    char *names[512];
    DIR *d;
    struct dirent *de;
    for (i = 0; i < sizeof sample_builtin / sizeof sample_builtin[0]; i++) {
        out[n].len = strlen(sample_builtin[i]);
        out[n].p = malloc(out[n].len + 1);
        memcpy(out[n].p, sample_builtin[i], out[n].len + 1);
        snprintf(out[n].name, sizeof out[n].name, "builtin-%zu", i);
        n++;
    }
    snprintf(dir, sizeof dir, "%s/tests/messages", top && *top ? top : ".");
    d = opendir(dir);
    if (!d)
        return n;
    while ((de = readdir(d)) != NULL && nn < 512) {
        size_t l = strlen(de->d_name);
        if (l > 4 && strcmp(de->d_name + l - 4, ".eml") == 0)
            names[nn++] = strdup(de->d_name);
    }
    closedir(d);
    qsort(names, nn, sizeof names[0], sample_cmp);
    for (i = 0; i < nn; i++) {
        if (n < SAMPLES_MAX && i < max_files) {
            snprintf(path, sizeof path, "%s/%s", dir, names[i]);
            out[n].p = t_read_file(path, &out[n].len);
            if (out[n].p) {
                snprintf(out[n].name, sizeof out[n].name, "%s", names[i]);
                n++;
            }
        }
        free(names[i]);
    }
    return n;
}

static inline void samples_free(sample *s, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        free(s[i].p);
}

#endif
