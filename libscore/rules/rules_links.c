/*
 * rules_links.c - what a link's address hides: a name and @ before the
 * host, a redirect to another site, a much-abused TLD, a look-alike host,
 * an address written disguised.
 *
 * Takes: the LSC__LINK_* flags html/url.c set on the links of the shown
 * body parts (HTML and plain text).  Gives: one hit per kind, with the
 * shown text and the target of a few links as evidence (lsc__links_*).
 */
#include "rules/links.h"

int lsc__rule_link_userinfo(lsc__ctx *c)
{
    const lsc__link *l, *d;
    size_t n = lsc__links_count(c->msg, LSC__LINK_USERINFO, &l);
    size_t nd = lsc__links_count(c->msg, LSC__LINK_USERINFO_DISGUISE, &d);
    lsc__hit *h;
    if (!n)
        return 0;
    if (nd)
        l = d;
    /* "user@ftp.example" is odd; "bank.com@evil.example" is a disguise */
    h = lsc__fire(c, nd ? 1.0 : 0.5, LINK_USERINFO, n, l->href, l->host);
    if (!h)
        return LSC_ENOMEM;
    return lsc__links_evidence(c, h, LSC__LINK_USERINFO);
}

int lsc__rule_link_redirect(lsc__ctx *c)
{
    const lsc__link *l;
    size_t n = lsc__links_count(c->msg, LSC__LINK_REDIRECT, &l);
    lsc__hit *h;
    /* a list's or newsletter's click tracking names its targets openly;
     * a redirect is a disguise in a one-to-one letter */
    if (!n || lsc__msg_header(c->msg, "List-Id") ||
        lsc__msg_header(c->msg, "List-Unsubscribe"))
        return 0;
    h = lsc__fire(c, 1.0, LINK_REDIRECT, n, l->host, l->redirect_host);
    if (!h)
        return LSC_ENOMEM;
    return lsc__links_evidence(c, h, LSC__LINK_REDIRECT);
}

/* Fires key, whose format takes the count and one name (the first link's
 * host, or with shown its text), for the links with flag. */
static int fire_links(lsc__ctx *c, unsigned flag, unsigned key, int shown)
{
    const lsc__link *l;
    size_t n = lsc__links_count(c->msg, flag, &l);
    lsc__hit *h;
    if (!n)
        return 0;
    h = lsc__fire_text(c, 1.0, key, key, n, shown ? l->text : l->host);
    if (!h)
        return LSC_ENOMEM;
    return lsc__links_evidence(c, h, flag);
}

int lsc__rule_link_abused_tld(lsc__ctx *c)
{
    return fire_links(c, LSC__LINK_ABUSED_TLD,
                      lsc__text_key(LINK_ABUSED_TLD, (size_t)0, ""), 0);
}

int lsc__rule_link_lookalike(lsc__ctx *c)
{
    return fire_links(c, LSC__LINK_LOOKALIKE,
                      lsc__text_key(LINK_LOOKALIKE, (size_t)0, ""), 0);
}

int lsc__rule_url_obfuscated(lsc__ctx *c)
{
    return fire_links(c, LSC__LINK_OBFUSCATED,
                      lsc__text_key(URL_OBFUSCATED, (size_t)0, ""), 1);
}
