/*
 * sd_history.c - "score-draft history ...": what a history of sent mail
 * holds.
 *
 *   score-draft history stats PATH|URL [--now EPOCH]
 *       entries, time span, domains, the largest template group, memory,
 *       then the team view: per sender and recipient domain, the letters
 *       of the last hour and day and how many were near copies of another
 *       letter to that domain (a burst a team lead should see)
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sd.h"

/* Domains listed under "bounces by domain". */
#define SD_BOUNCE_DOMAINS_SHOWN 10

static void put_time(FILE *out, const char *label, int64_t t)
{
    char buf[64] = "-";
    if (t) {
        time_t tt = (time_t)t;
        struct tm tm;
        if (gmtime_r(&tt, &tm))
            strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S UTC", &tm);
    }
    fprintf(out, "%-18s %s\n", label, buf);
}

static void team(lsc_history *h, int64_t now)
{
    lsc_history_team *t = NULL;
    lsc_error err;
    size_t i;
    if (lsc_history_team_stats(&t, h, now, &err) != 0) {
        fprintf(stderr, "score-draft: team view: %s\n", err.message);
        return;
    }
    printf("\nteam view: letters per sender and recipient domain; "
           "\"similar\" = near copy\nof another letter to that domain "
           "the same day%s\n",
           lsc_history_team_truncated(t) ? " (oldest letters left out)" : "");
    printf("%-28s %-24s %6s %8s %6s %8s\n", "sender", "domain", "1 hour",
           "similar", "24 h", "similar");
    for (i = 0; i < lsc_history_team_count(t); i++) {
        const lsc_history_team_row *r = lsc_history_team_row_at(t, i);
        printf("%-28s %-24s %6llu %8llu %6llu %8llu\n",
               *r->sender ? r->sender : "-", r->domain,
               (unsigned long long)r->sent_hour,
               (unsigned long long)r->similar_hour,
               (unsigned long long)r->sent_day,
               (unsigned long long)r->similar_day);
    }
    if (!lsc_history_team_count(t))
        printf("(no letters in the last 24 hours)\n");
    lsc_history_team_free(t);
}

static int stats(const char *path, int64_t now)
{
    lsc_history *h = NULL;
    lsc_history_options o;
    lsc_history_summary s = LSC_HISTORY_SUMMARY_INIT;
    lsc_error err;
    lsc_history_options_init(&o);
    o.flags = LSC_HISTORY_READONLY;
    if (lsc_history_open(&h, path, &o, &err) != 0) {
        fprintf(stderr, "score-draft: %s: %s\n", path, err.message);
        return 2;
    }
    if (lsc_history_stats(&s, h, &err) != 0) {
        fprintf(stderr, "score-draft: %s: %s\n", path, err.message);
        lsc_history_close(h);
        return 2;
    }
    printf("%-18s %s\n", "history", path);
    printf("%-18s %llu\n", "entries", (unsigned long long)s.entries);
    put_time(stdout, "oldest", s.oldest);
    put_time(stdout, "newest", s.newest);
    printf("%-18s %llu\n", "domains", (unsigned long long)s.domains);
    if (s.top_domain[0])
        printf("%-18s %s (%llu messages)\n", "top domain", s.top_domain,
               (unsigned long long)s.top_domain_count);
    printf("%-18s %llu messages >= 80%% alike\n", "largest template",
           (unsigned long long)s.largest_template);
    printf("%-18s %lld days\n", "kept for", (long long)(s.max_age / 86400));
    printf("%-18s %.1f KiB\n", "index memory", s.memory_bytes / 1024.0);
    {
        /* bounces recorded with "score-draft bounce --history", per domain */
        lsc_bounce_domain d[SD_BOUNCE_DOMAINS_SHOWN];
        uint64_t total = 0;
        size_t n = 0, i;
        if (lsc_history_bounce_stats(h, &total, d, SD_BOUNCE_DOMAINS_SHOWN, &n, &err) == 0) {
            printf("%-18s %llu\n", "bounces", (unsigned long long)total);
            for (i = 0; i < n; i++)
                printf("%-18s %s: %llu (%llu hard)\n", i ? "" : "bounces by domain",
                       d[i].domain, (unsigned long long)d[i].bounces,
                       (unsigned long long)d[i].hard);
        }
    }
    team(h, now);
    lsc_history_close(h);
    return 0;
}

static const struct option history_options[] = {
    { "now", required_argument, NULL, 'n' },
    { "help", no_argument, NULL, 'h' },
    { "version", no_argument, NULL, 'V' },
    { NULL, 0, NULL, 0 }
};

int sd_history_main(int argc, char **argv)
{
    long long now = 0;
    char *end;
    int c;
    argv[0] = (char *)"score-draft history";
    optind = 1;
    while ((c = getopt_long(argc, argv, "hV", history_options, NULL)) != -1) {
        switch (c) {
        case 'n':
            now = strtoll(optarg, &end, 10);
            if (*end || now < 0) {
                fprintf(stderr, "score-draft history: --now takes seconds "
                                "since 1970, not '%s'\n", optarg);
                return 2;
            }
            break;
        case 'h': sd_help_history(stdout); return 0;
        case 'V': return sd_version();
        default: return sd_usage_error("history");
        }
    }
    if (argc - optind == 2 && strcmp(argv[optind], "stats") == 0)
        return stats(argv[optind + 1], now);
    fprintf(stderr, "usage: score-draft history stats PATH|URL "
                    "[--now EPOCH]\n");
    return sd_usage_error("history");
}
