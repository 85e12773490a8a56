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
 *          --lang en|zh --json --help --version (getopt_long, as score-draft)
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

static const struct option dns_options[] = {
    { "json", no_argument, NULL, 'j' },
    { "check-dns", required_argument, NULL, 'c' },
    { "dns-server", required_argument, NULL, 's' },
    { "timeout", required_argument, NULL, 't' },
    { "tries", required_argument, NULL, 'r' },
    { "deadline", required_argument, NULL, 'd' },
    { "selector", required_argument, NULL, 'S' },
    { "sending-ip", required_argument, NULL, 'i' },
    { "include", required_argument, NULL, 'I' },
    { "lang", required_argument, NULL, 'l' },
    { "help", no_argument, NULL, 'h' },
    { "version", no_argument, NULL, 'V' },
    { NULL, 0, NULL, 0 }
};

int sd_dns_wanted(int argc, char **argv)
{
    int i;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0)
            break;
        if (strcmp(a, "--check-dns") == 0 ||
            strncmp(a, "--check-dns=", 12) == 0)
            return 1;
        if (a[0] == '-' && a[1] == '-') {
            /* "--lang zh sender x": skip the value of a valued option of
             * either command. */
            if (sd_is_valued(dns_options, a))
                i++;
            continue;
        }
        /* The first word that is not an option names the command. */
        return strcmp(a, "sender") == 0 || strcmp(a, "recipients") == 0;
    }
    return 0;
}

/* A whole number for --timeout, --tries, --deadline; -1 after saying why. */
static int count_arg(const char *name, const char *v, int *out)
{
    char *end;
    long n = strtol(v, &end, 10);
    if (*end || end == v || n < 0 || n > 1000000) {
        fprintf(stderr, "score-draft: --%s takes a whole number, not '%s'\n",
                name, v);
        return -1;
    }
    *out = (int)n;
    return 0;
}

static int parse_args(dns_args *a, int argc, char **argv)
{
    int c;
    memset(a, 0, sizeof *a);
    lsc_dns_options_init(&a->o);
    optind = 1;
    while ((c = getopt_long(argc, argv, "hV", dns_options, NULL)) != -1) {
        switch (c) {
        case 'j': a->json = 1; break;
        case 'c': a->command = "check-dns"; a->what = optarg; break;
        case 's': a->o.servers = optarg; break;
        case 't': if (count_arg("timeout", optarg, &a->o.timeout_ms)) return 2; break;
        case 'r': if (count_arg("tries", optarg, &a->o.tries)) return 2; break;
        case 'd': if (count_arg("deadline", optarg, &a->o.deadline_ms)) return 2; break;
        case 'S':
            a->o.selectors = optarg;
            a->o.selectors_len = strlen(optarg);
            break;
        case 'i': a->o.sending_ip = optarg; break;
        case 'I': a->o.expect_include = optarg; break;
        case 'l': if (sd_lang(optarg, &a->lang) != 0) return 2; break;
        case 'h': sd_help_dns(stdout); return 1;
        case 'V': sd_version(); return 1;
        default: return sd_usage_error(NULL);
        }
    }
    if (!a->command && argc - optind == 2 &&
        (strcmp(argv[optind], "sender") == 0 ||
         strcmp(argv[optind], "recipients") == 0)) {
        a->command = argv[optind];
        a->what = argv[optind + 1];
    } else if (!a->command || optind != argc) {
        sd_help_dns(stderr);
        return 2;
    }
    return 0;
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
    st = parse_args(&a, argc, argv);
    if (st == 1)          /* --help, --version */
        return 0;
    if (st != 0)
        return st;
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
