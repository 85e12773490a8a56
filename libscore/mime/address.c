/*
 * address.c - mailboxes of From/To/Cc/Bcc/Reply-To (RFC 5322 3.4) and
 * the syntax check of an addr-spec (RFC 5321 4.1.2, RFC 5322 3.4.1).
 *
 * Takes: a header value, unfolded but not decoded.  Gives: one
 * lsc__address per mailbox, groups flattened (LSC__ADDR_GROUP), display
 * names RFC 2047-decoded, the domain in lower case, LSC__ADDR_INVALID
 * when the address would be refused by an SMTP server's syntax check.
 * The reading is tolerant: commas inside quotes, comments and angle
 * brackets do not split, a missing '>' ends at the next comma.
 * Limits: LSC__MAX_ADDRESSES mailboxes per header; comments nest at most
 * LSC__MAX_COMMENT_DEPTH deep.
 */
#include "mime/mime.h"

#define LSC__MAX_COMMENT_DEPTH 32
#define LSC__MAX_LOCAL 64
#define LSC__MAX_DOMAIN 253

static int is_atext(unsigned char ch)
{
    if (ch >= 0x80)
        return 1;   /* RFC 6531 UTF-8 */
    if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
        (ch >= '0' && ch <= '9'))
        return 1;
    return ch && strchr("!#$%&'*+-/=?^_`{|}~", ch) != NULL;
}

static int valid_local(const char *s, size_t n)
{
    size_t i;
    if (n == 0 || n > LSC__MAX_LOCAL + 2)
        return 0;
    if (s[0] == '"') {
        if (n < 2 || s[n - 1] != '"')
            return 0;
        for (i = 1; i + 1 < n; i++) {
            unsigned char ch = (unsigned char)s[i];
            if (ch == '\\') {
                i++;
                continue;
            }
            if (ch == '"' || ch < 0x20 || ch == 0x7f)
                return 0;
        }
        return 1;
    }
    if (n > LSC__MAX_LOCAL || s[0] == '.' || s[n - 1] == '.')
        return 0;
    for (i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == '.') {
            if (s[i + 1] == '.')
                return 0;
            continue;
        }
        if (!is_atext(ch))
            return 0;
    }
    return 1;
}

static int valid_domain(const char *s, size_t n)
{
    size_t i, label = 0, labels = 0, last_start = 0;
    int tld_alpha = 0;
    if (n == 0 || n > LSC__MAX_DOMAIN)
        return 0;
    if (s[0] == '[') {
        if (s[n - 1] != ']' || n < 3)
            return 0;
        for (i = 1; i + 1 < n; i++)
            if (!((s[i] >= '0' && s[i] <= '9') || s[i] == '.' ||
                  s[i] == ':' || (s[i] >= 'a' && s[i] <= 'f') ||
                  (s[i] >= 'A' && s[i] <= 'F') || s[i] == 'v' ||
                  s[i] == 'V' || s[i] == '6'))
                return 0;
        return 1;
    }
    for (i = 0; i <= n; i++) {
        unsigned char ch = i < n ? (unsigned char)s[i] : '.';
        if (ch == '.') {
            if (label == 0 || label > 63 || s[i - 1] == '-' ||
                s[last_start] == '-')
                return 0;
            labels++;
            label = 0;
            last_start = i + 1;
            continue;
        }
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
              (ch >= '0' && ch <= '9') || ch == '-' || ch >= 0x80))
            return 0;
        label++;
    }
    /* the last label (top-level domain) is not all digits */
    for (i = n; i > 0 && s[i - 1] != '.'; i--)
        if (!(s[i - 1] >= '0' && s[i - 1] <= '9'))
            tld_alpha = 1;
    return labels >= 2 && tld_alpha;
}

int lsc__addr_spec_valid(const char *local, size_t llen, const char *domain,
                         size_t dlen)
{
    return valid_local(local, llen) && valid_domain(domain, dlen);
}

typedef struct seg {
    const char *s;
    size_t n;
    int group;
} seg;

static void trim(const char **s, size_t *n)
{
    while (*n && (**s == ' ' || **s == '\t' || **s == '\r' || **s == '\n')) {
        (*s)++;
        (*n)--;
    }
    while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t' ||
                  (*s)[*n - 1] == '\r' || (*s)[*n - 1] == '\n'))
        (*n)--;
}

/* Copies s without comments into b; the first comment's text goes to
 * *comment (for "addr (Name)"). */
static int strip_comments(lsc__buf *b, const char *s, size_t n,
                          const char **cs, size_t *cn)
{
    size_t i;
    int depth = 0, q = 0;
    *cs = NULL;
    *cn = 0;
    for (i = 0; i < n; i++) {
        char ch = s[i];
        if (q) {
            if (ch == '\\' && i + 1 < n) {
                if (lsc__buf_putc(b, ch) != 0)
                    return LSC_ENOMEM;
                ch = s[++i];
            } else if (ch == '"') {
                q = 0;
            }
        } else if (depth) {
            if (ch == '\\' && i + 1 < n)
                i++;
            else if (ch == '(' && depth < LSC__MAX_COMMENT_DEPTH)
                depth++;
            else if (ch == ')' && --depth == 0 && *cs)
                *cn = (size_t)(s + i - *cs);
            continue;
        } else if (ch == '(') {
            depth = 1;
            if (!*cs)
                *cs = s + i + 1;
            continue;
        } else if (ch == '"') {
            q = 1;
        }
        if (lsc__buf_putc(b, ch) != 0)
            return LSC_ENOMEM;
    }
    if (*cs && !*cn && depth)
        *cn = (size_t)(s + n - *cs);
    return 0;
}

/* Display name: comments dropped, quotes removed, RFC 2047 decoded. */
static int display_name(lsc__arena *ar, const char *s, size_t n, char **out)
{
    lsc__buf b;
    size_t i, len;
    int bad = 0;
    trim(&s, &n);
    *out = NULL;
    if (n == 0)
        return 0;
    lsc__buf_init(&b, ar);
    for (i = 0; i < n; i++) {
        if (s[i] == '"')
            continue;
        if (s[i] == '\\' && i + 1 < n)
            i++;
        if (lsc__buf_putc(&b, s[i]) != 0)
            return LSC_ENOMEM;
    }
    if (!lsc__buf_finish(&b))
        return LSC_ENOMEM;
    if (lsc__decode_words(ar, b.p, b.len, out, &len, &bad) != 0)
        return LSC_ENOMEM;
    {
        const char *t = *out;
        size_t tn = len;
        trim(&t, &tn);
        *out = tn ? (char *)t : NULL;
        if (*out)
            (*out)[tn] = '\0';
    }
    return 0;
}

static int one_mailbox(lsc__arena *ar, const char *s, size_t n, int group,
                       size_t header, lsc__vec *out)
{
    const char *lt = NULL, *gt = NULL, *as, *cs;
    size_t an, cn, i, at;
    int q = 0, depth = 0;
    lsc__buf b;
    lsc__address *a;

    trim(&s, &n);
    if (n == 0)
        return 0;
    for (i = 0; i < n; i++) {
        char ch = s[i];
        if (q) {
            if (ch == '\\')
                i++;
            else if (ch == '"')
                q = 0;
        } else if (depth) {
            if (ch == '(')
                depth++;
            else if (ch == ')')
                depth--;
        } else if (ch == '"') {
            q = 1;
        } else if (ch == '(') {
            depth = 1;
        } else if (ch == '<' && !lt) {
            lt = s + i;
        } else if (ch == '>' && lt && !gt) {
            gt = s + i;
        }
    }
    a = lsc__vec_push(out, ar);
    if (!a)
        return LSC_ENOMEM;
    a->header = header;
    if (group)
        a->flags |= LSC__ADDR_GROUP;
    lsc__buf_init(&b, ar);
    if (lt) {
        const char *e = gt ? gt : s + n;
        const char *colon;
        int rc = display_name(ar, s, (size_t)(lt - s), &a->display);
        if (rc)
            return rc;
        as = lt + 1;
        an = (size_t)(e - as);
        /* obsolete route "@a,@b:" */
        colon = an && as[0] == '@' ? memchr(as, ':', an) : NULL;
        if (colon) {
            an -= (size_t)(colon + 1 - as);
            as = colon + 1;
        }
        if (strip_comments(&b, as, an, &cs, &cn) != 0)
            return LSC_ENOMEM;
        if (!gt)
            a->flags |= LSC__ADDR_INVALID;
    } else {
        if (strip_comments(&b, s, n, &cs, &cn) != 0)
            return LSC_ENOMEM;
        if (cs && cn) {
            int rc = display_name(ar, cs, cn, &a->display);
            if (rc)
                return rc;
        }
    }
    if (!lsc__buf_finish(&b))
        return LSC_ENOMEM;
    as = b.p;
    an = b.len;
    trim(&as, &an);
    a->addr = lsc__arena_strndup(ar, as, an);
    if (!a->addr)
        return LSC_ENOMEM;
    at = LSC__NONE;
    for (i = an; i > 0; i--)
        if (as[i - 1] == '@') {
            at = i - 1;
            break;
        }
    if (at == LSC__NONE) {
        a->local = lsc__arena_strndup(ar, as, an);
        a->domain = lsc__arena_strdup(ar, "");
        a->flags |= LSC__ADDR_INVALID;
    } else {
        a->local = lsc__arena_strndup(ar, as, at);
        a->domain = lsc__arena_strndup(ar, as + at + 1, an - at - 1);
        if (a->domain)
            lsc__lower(a->domain, an - at - 1);
        if (a->local && a->domain &&
            !lsc__addr_spec_valid(a->local, at, a->domain, an - at - 1))
            a->flags |= LSC__ADDR_INVALID;
    }
    if (!a->local || !a->domain)
        return LSC_ENOMEM;
    return 0;
}

int lsc__address_parse(lsc__arena *ar, const char *raw, size_t n,
                       size_t header, lsc__vec *out)
{
    size_t i, st = 0, count = 0;
    int q = 0, depth = 0, angle = 0, group = 0, rc;

    for (i = 0; i <= n && count < LSC__MAX_ADDRESSES; i++) {
        char ch = i < n ? raw[i] : ',';
        if (i < n) {
            if (q) {
                if (ch == '\\')
                    i++;
                else if (ch == '"')
                    q = 0;
                continue;
            }
            if (depth) {
                if (ch == '\\')
                    i++;
                else if (ch == '(' && depth < LSC__MAX_COMMENT_DEPTH)
                    depth++;
                else if (ch == ')')
                    depth--;
                continue;
            }
            if (ch == '"') {
                q = 1;
                continue;
            }
            if (ch == '(') {
                depth = 1;
                continue;
            }
            if (ch == '<') {
                angle = 1;
                continue;
            }
            if (ch == '>') {
                angle = 0;
                continue;
            }
            if (angle && ch != ',')
                continue;
            if (ch == ':' && !group) {
                /* group name: what came before is not a mailbox */
                group = 1;
                st = i + 1;
                continue;
            }
            if (ch == ';' && group) {
                rc = one_mailbox(ar, raw + st, i - st, 1, header, out);
                if (rc)
                    return rc;
                if (i > st)
                    count++;
                group = 0;
                st = i + 1;
                continue;
            }
            if (ch != ',')
                continue;
        }
        if (i > n)
            break;
        {
            size_t before = out->n;
            rc = one_mailbox(ar, raw + st, i - st, group, header, out);
            if (rc)
                return rc;
            count += out->n - before;
        }
        angle = 0;
        st = i + 1;
    }
    return 0;
}
