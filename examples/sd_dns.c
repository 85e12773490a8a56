/*
 * sd_dns.c - the DNS readiness commands of score-draft (issue 13).
 *
 *   score-draft sender DOMAIN [options]       SPF, DKIM, DMARC, MX, BIMI
 *   score-draft recipients ADDR[,ADDR...]     MX / null MX / A / NXDOMAIN, typos
 *   score-draft --check-dns FILE [options]    both, for the From domain and
 *                                             the To/Cc/Bcc of FILE, then
 *                                             FILE scored with the sender
 *                                             findings in its report
 * options: --dns-server IP[:PORT][,...] --timeout MS --tries N
 *          --deadline MS --selector S[,S] --sending-ip IP --include DOMAIN
 *          --lang en|zh --json
 * Exit status: 0 nothing found, 1 findings with points, 3 DNS did not
 * answer in time (unknown), 2 usage or error.
 */
#include <stdlib.h>
#include <string.h>

#include "sd.h"

typedef struct dns_args {
    lsc_dns_options o;
    lsc_lang lang;
    int json;
    const char *command, *what;
} dns_args;

/* Options that take a value, so "--lang zh sender x" finds the command. */
static const char *const valued[] = {
    "--lang", "--dns-server", "--timeout", "--tries", "--deadline",
    "--selector", "--sending-ip", "--include", "--check-dns",
};

int sd_dns_wanted(int argc, char **argv)
{
    int i, positional = 0;
    size_t k;
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--check-dns") == 0)
            return 1;
        if (argv[i][0] == '-' && argv[i][1] == '-') {
            for (k = 0; k < sizeof valued / sizeof valued[0]; k++)
                if (strcmp(argv[i], valued[k]) == 0)
                    i++;
            continue;
        }
        /* The first word that is not an option names the command. */
        if (!positional++ && (strcmp(argv[i], "sender") == 0 ||
                              strcmp(argv[i], "recipients") == 0))
            return 1;
    }
    return 0;
}

static int usage(void)
{
    fputs("usage: score-draft sender DOMAIN [--dns-server IP:PORT] [--json]\n"
          "       score-draft recipients ADDRESS[,ADDRESS...] [--dns-server IP:PORT] [--json]\n"
          "       score-draft --check-dns FILE [--dns-server IP:PORT] [--json]\n"
          "  more: --timeout MS --tries N --deadline MS --selector S[,S]\n"
          "        --sending-ip IP --include DOMAIN --lang en|zh\n", stderr);
    return 2;
}

static int parse_args(dns_args *a, int argc, char **argv)
{
    int i;
    memset(a, 0, sizeof *a);
    lsc_dns_options_init(&a->o);
    for (i = 1; i < argc; i++) {
        const char *s = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(s, "--json") == 0) {
            a->json = 1;
            continue;
        }
        if (s[0] == '-' && s[1] == '-' && !v)
            return -1;
        if (strcmp(s, "--check-dns") == 0) {
            a->command = "check-dns";
            a->what = argv[++i];
        } else if (strcmp(s, "--dns-server") == 0) {
            a->o.servers = argv[++i];
        } else if (strcmp(s, "--timeout") == 0) {
            a->o.timeout_ms = atoi(argv[++i]);
        } else if (strcmp(s, "--tries") == 0) {
            a->o.tries = atoi(argv[++i]);
        } else if (strcmp(s, "--deadline") == 0) {
            a->o.deadline_ms = atoi(argv[++i]);
        } else if (strcmp(s, "--selector") == 0) {
            a->o.selectors = argv[++i];
            a->o.selectors_len = strlen(a->o.selectors);
        } else if (strcmp(s, "--sending-ip") == 0) {
            a->o.sending_ip = argv[++i];
        } else if (strcmp(s, "--include") == 0) {
            a->o.expect_include = argv[++i];
        } else if (strcmp(s, "--lang") == 0) {
            a->lang = strcmp(argv[++i], "zh") == 0 ? LSC_LANG_ZH : LSC_LANG_EN;
        } else if (!a->command && (strcmp(s, "sender") == 0 ||
                                   strcmp(s, "recipients") == 0) && v) {
            a->command = s;
            a->what = argv[++i];
        } else {
            return -1;
        }
    }
    return a->command ? 0 : -1;
}

static void report(const lsc_check *c, const char *title)
{
    size_t i;
    printf("%s %s: %s (%.1f points, %zu DNS questions, %.1f ms)\n", title,
           lsc_check_subject(c), lsc_check_state_name(lsc_check_state_of(c)),
           lsc_check_points(c), lsc_check_queries(c), lsc_check_elapsed_ms(c));
    for (i = 0; i < lsc_check_hit_count(c); i++) {
        const lsc_hit *h = lsc_check_hit(c, i);
        printf("  %-22s %4.1f  %s\n", h->id, h->points, h->explanation);
        if (h->points > 0)
            printf("  %-22s       -> %s\n", "", h->suggestion);
        if (lsc_hit_evidence(h, 0)->text[0])
            printf("  %-22s       %s: \"%s\"\n", "", lsc_hit_evidence(h, 0)->header,
                   lsc_hit_evidence(h, 0)->text);
    }
}

static void json_out(const lsc_check *c)
{
    char *j = NULL;
    if (lsc_check_json(&j, NULL, c, 0) == 0)
        fputs(j, stdout);
    lsc_string_free(j);
}

static int status_of(const lsc_check *c, int st)
{
    int s = lsc_check_state_of(c) == LSC_CHECK_UNKNOWN ? 3
          : lsc_check_state_of(c) == LSC_CHECK_PROBLEMS ? 1 : 0;
    return s > st ? s : st;
}

static int check_one(dns_args *a, const lsc_engine *e, int sender,
                     const char *what, lsc_check **out)
{
    lsc_error err;
    int rc = sender ? lsc_sender_check(out, e, what, LSC_NTS, &a->o, &err)
                    : lsc_recipient_check(out, e, what, LSC_NTS, &a->o, &err);
    if (rc != 0)
        fprintf(stderr, "score-draft: %s: %s\n", what, err.message);
    return rc;
}

/* The domain of the first From address of a parsed message. */
static int from_domain(const lsc_result *r, char *out, size_t cap)
{
    const char *v = lsc_result_header_value(r, "From");
    const char *at, *end;
    if (!v || !(at = strrchr(v, '@')))
        return -1;
    at++;
    end = at + strcspn(at, "> \t,;");
    if (end == at || (size_t)(end - at) >= cap)
        return -1;
    memcpy(out, at, (size_t)(end - at));
    out[end - at] = 0;
    return 0;
}

static int check_file(dns_args *a, lsc_engine *e)
{
    size_t len = 0, cap = 0, got;
    char *data = NULL, domain[256], *rcpts;
    const char *fields[] = { "To", "Cc", "Bcc" };
    FILE *f = fopen(a->what, "rb");
    lsc_result *r = NULL;
    lsc_check *snd = NULL, *rcp = NULL;
    lsc_score_options so;
    lsc_error err;
    int st = 0, i;
    if (!f) {
        fprintf(stderr, "score-draft: cannot read %s\n", a->what);
        return 2;
    }
    do {
        if (len + 65536 > cap && !(data = realloc(data, cap = (cap + 65536) * 2))) {
            fclose(f);
            return 2;
        }
        got = fread(data + len, 1, cap - len, f);
        len += got;
    } while (got > 0);
    fclose(f);
    if (lsc_parse(&r, e, data, len, &err) != 0 || from_domain(r, domain, sizeof domain) != 0) {
        fprintf(stderr, "score-draft: %s: no From address with a domain\n", a->what);
        lsc_result_free(r);
        free(data);
        return 2;
    }
    rcpts = calloc(1, len + 16);
    for (i = 0; rcpts && i < 3; i++) {
        const char *v = lsc_result_header_value(r, fields[i]);
        if (v && *v) {
            if (*rcpts)
                strcat(rcpts, ", ");
            strncat(rcpts, v, len);
        }
    }
    lsc_result_free(r);
    r = NULL;
    a->o.message = data;
    a->o.message_len = len;
    if (!rcpts || check_one(a, e, 1, domain, &snd) != 0 ||
        check_one(a, e, 0, rcpts, &rcp) != 0) {
        free(rcpts);
        free(data);
        lsc_check_free(snd);
        return 2;
    }
    st = status_of(rcp, status_of(snd, 0));
    lsc_score_options_init(&so);
    so.check = snd;
    if (lsc_score(&r, e, data, len, &so, &err) != 0) {
        fprintf(stderr, "score-draft: %s: %s\n", a->what, err.message);
        st = 2;
    } else if (a->json) {
        printf("{\"sender\":");
        json_out(snd);
        printf(",\"recipients\":");
        json_out(rcp);
        printf(",\"score\":");
        fflush(stdout);
        sd_json(stdout, a->what, r);
        printf("}\n");
    } else {
        sd_opts o;
        memset(&o, 0, sizeof o);
        o.lang = a->lang;
        o.fail_above = -1;
        o.fail_level = -1;
        report(snd, "sender");
        report(rcp, "recipients");
        printf("\n");
        sd_report(stdout, a->what, r, &o);
    }
    lsc_result_free(r);
    lsc_check_free(snd);
    lsc_check_free(rcp);
    free(rcpts);
    free(data);
    return st;
}

int sd_dns_main(int argc, char **argv)
{
    dns_args a;
    lsc_options eo;
    lsc_engine *e = NULL;
    lsc_error err;
    lsc_check *c = NULL;
    int st;
    if (parse_args(&a, argc, argv) != 0)
        return usage();
    lsc_options_init(&eo);
    eo.lang = a.lang;
    if (lsc_engine_new(&e, &eo, &err) != 0) {
        fprintf(stderr, "score-draft: %s\n", err.message);
        return 2;
    }
    if (strcmp(a.command, "check-dns") == 0) {
        st = check_file(&a, e);
    } else if (check_one(&a, e, strcmp(a.command, "sender") == 0, a.what, &c) != 0) {
        st = 2;
    } else {
        if (a.json) {
            json_out(c);
            printf("\n");
        } else {
            report(c, a.command);
        }
        st = status_of(c, 0);
        lsc_check_free(c);
    }
    lsc_engine_free(e);
    return st;
}
