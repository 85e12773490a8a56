/*
 * sd_help.c - the --help of every score-draft command.
 *
 * Takes: nothing.  Gives: one text per command that names every option it
 * accepts, what it does, and the exit status.  docs/man/score-draft.1
 * says the same at length; tests/cli/man.sh checks that every option named
 * here is in the man page.
 */
#include "sd.h"

void sd_help(FILE *f)
{
    fputs(
"usage: score-draft [OPTION]... FILE|DIR|- ...\n"
"       score-draft bounce [OPTION]... FILE|DIR|- ...\n"
"       score-draft history stats PATH|URL [--now EPOCH]\n"
"       score-draft sender DOMAIN | recipients ADDRESS[,...] [OPTION]...\n"
"       score-draft --check-dns FILE [OPTION]...\n"
"\n"
"Scores email drafts before they are sent: how likely each is to be bounced,\n"
"filtered or ignored, and why, worst finding first with what to change.\n"
"FILE is one message (a *.eml file always is) or an mbox (a file beginning\n"
"with a \"From \" line: each message is scored and named FILE:N); DIR is\n"
"walked in name order (dot files, .md and .tsv skipped); - reads standard\n"
"input.  Options may come before or after the files, as --opt VALUE or\n"
"--opt=VALUE; -- ends the options.\n"
"\n"
"Output:\n"
"      --json             one JSON object per message (JSON lines)\n"
"      --format FORMAT    text (the report, default), json or tsv: path,\n"
"                         points, risk, level, rule ids, one line per message\n"
"      --header           with --format tsv: a first row naming the columns\n"
"      --mime-json        the MIME structure of each message as JSON\n"
"      --text-json        the visible text of each part as JSON\n"
"      --html OUT         also write an annotated page: OUT.html for one\n"
"                         message, else a directory with index.html\n"
"      --color[=WHEN]     colour the report: auto (default: only on a terminal,\n"
"                         not with NO_COLOR set or TERM=dumb), always, never\n"
"      --lang LANG        language of the report and explanations: en or zh\n"
"                         (default: the config file's \"lang\", else en)\n"
"  A report of more than one message ends with a summary line.\n"
"\n"
"Scoring:\n"
"      --sent             judge as delivered mail, not as a draft\n"
"      --no-mbox          every file is one message, even one that begins\n"
"                         with a \"From \" line (the library reads it)\n"
"      --config FILE      weights, switched-off rules, lang, limits (the\n"
"                         format is in libscore(3))\n"
"      --wordlists DIR    extra phrase lists: DIR/<lang>/<category>.txt\n"
"      --history PATH     compare with earlier mail: an SQLite file or a\n"
"                         postgresql:// URL\n"
"      --record           add each scored message to --history\n"
"      --sender NAME      who sends, for the team view of --history\n"
"      --fail-above RISK|LEVEL\n"
"                         exit 1 when a message's risk is above RISK (0-100)\n"
"                         or its level above LEVEL (low, medium, high);\n"
"                         input that is not an email trips either\n"
"\n"
"Information:\n"
"      --list-rules       every rule: id, group, weight, description (with\n"
"                         --json: a JSON array; --config and --lang apply)\n"
"  -h, --help             this text\n"
"  -V, --version          the version of score-draft and of libscore\n"
"\n"
"Commands (each has --help):\n"
"  bounce       reads returned mail: who failed and why\n"
"  history      what a history of sent mail holds\n"
"  sender, recipients, --check-dns   DNS readiness of a domain or a draft\n"
"\n"
"Exit status:\n"
"  0  every message was scored, none above --fail-above\n"
"  1  a message scored above --fail-above, or was not an email\n"
"  2  usage error, or a file, config or history could not be read\n"
"  (sender, recipients, --check-dns: 1 findings with points, 3 DNS did not\n"
"  answer in time)\n", f);
}

void sd_help_bounce(FILE *f)
{
    fputs(
"usage: score-draft bounce [OPTION]... FILE|DIR|- ...\n"
"\n"
"Reads bounces (DSNs, auto-replies, feedback reports), one per file or per\n"
"message of an mbox, and says for each failed recipient why, in words.\n"
"\n"
"      --json             one JSON object per file\n"
"      --format FORMAT    text (default), json or tsv: file, recipient,\n"
"                         status, replycode, reason, hard\n"
"      --header           with --format tsv: a first row naming the columns\n"
"      --lang LANG        en or zh\n"
"      --history PATH     record the failed recipients in the history\n"
"  -h, --help             this text\n"
"  -V, --version          the version\n"
"\n"
"Exit status: 0 read, 2 usage error or a file could not be read.\n", f);
}

void sd_help_history(FILE *f)
{
    fputs(
"usage: score-draft history stats PATH|URL [--now EPOCH]\n"
"\n"
"Entries, time span, domains, template groups and the team view (letters\n"
"per sender and recipient domain in the last hour and day).\n"
"\n"
"      --now EPOCH        the time to count from (seconds; default now)\n"
"  -h, --help             this text\n"
"  -V, --version          the version\n"
"\n"
"Exit status: 0, 2 usage error or the history could not be read.\n", f);
}

void sd_help_dns(FILE *f)
{
    fputs(
"usage: score-draft sender DOMAIN [OPTION]...\n"
"       score-draft recipients ADDRESS[,ADDRESS...] [OPTION]...\n"
"       score-draft --check-dns FILE [OPTION]...\n"
"\n"
"sender: SPF, DKIM, DMARC, MX and BIMI of DOMAIN.  recipients: MX, null MX,\n"
"A and typos of each address's domain.  --check-dns: both for the From and\n"
"the recipients of FILE, then FILE scored with the findings.\n"
"\n"
"      --dns-server IP[:PORT][,...]  ask these servers (default: resolv.conf)\n"
"      --timeout MS       per question\n"
"      --tries N          tries per question\n"
"      --deadline MS      for the whole check\n"
"      --selector S[,S]   DKIM selectors to look for\n"
"      --sending-ip IP    check that SPF allows this address\n"
"      --include DOMAIN   check that SPF includes this domain\n"
"      --lang LANG        en or zh\n"
"      --json             JSON instead of the report\n"
"  -h, --help             this text\n"
"  -V, --version          the version\n"
"\n"
"Exit status: 0 nothing found, 1 findings with points, 2 usage error,\n"
"3 DNS did not answer in time.\n", f);
}
