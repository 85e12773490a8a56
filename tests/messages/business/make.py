#!/usr/bin/env python3
"""Writes the business-letter test set: tests/messages/business/*.eml + .expect.

Takes: the letters below (text written for this project: honest letters of
the kinds this product's users send, and a sales-blast version of each).
Gives: one .eml per letter, built the way its mail program builds it, and
a .expect saying what tests/unit/test_business.c checks:
    kind honest|blast   honest: never level high (and at most 5% of the
                        honest letters at medium); blast: medium or high
    fires RULE          the rule must fire (a blast: the finding that
                        names the cause)
    not RULE            the rule must not fire (an honest letter's
                        wording that is right in context)
Mail programs (client=):
    foxmail    Foxmail 7.2: multipart/alternative, every text part base64,
               even pure ASCII; GB18030/GBK for Chinese, us-ascii or UTF-8
    coremail   Coremail webmail (163.com, qiye.163.com, corporate
               Coremail): multipart/alternative, base64 text parts, GBK or
               UTF-8, its X-Mailer, X-Originating-IP and X-CM-TRANSID
    outlook    Outlook 16: multipart/alternative, quoted-printable
    thunderbird  one text/plain part, format=flowed, 7bit or 8bit
    gmail      multipart/alternative, UTF-8 quoted-printable
Run it from anywhere: python3 tests/messages/business/make.py
The output is committed; re-running writes the same bytes.
"""
import base64
import hashlib
import os
import quopri

HERE = os.path.dirname(os.path.abspath(__file__))
LETTERS = []


def L(name, kind, client, frm, to, subject, body, expect=(), charset=None,
      reply=False, pdf=None, html_extra=""):
    LETTERS.append(dict(name=name, kind=kind, client=client, frm=frm, to=to,
                        subject=subject, body=body.strip("\n") + "\n",
                        expect=list(expect), charset=charset, reply=reply,
                        pdf=pdf, html_extra=html_extra))


# ------------------------------------------------------------- helpers

def b64(data):
    s = base64.b64encode(data).decode()
    return "\r\n".join(s[i:i + 76] for i in range(0, len(s), 76))


def qp(data):
    return quopri.encodestring(data).decode().replace("\n", "\r\n")


def enc_header(text, charset):
    try:
        text.encode("ascii")
        return text
    except UnicodeEncodeError:
        raw = text.encode(charset)
        return "=?%s?B?%s?=" % (charset, base64.b64encode(raw).decode())


def enc_addr(addr, charset):
    if "<" not in addr:
        return addr
    name, rest = addr.split("<", 1)
    name = name.strip().strip('"')
    return '%s <%s' % (enc_header(name, charset) if not name.isascii()
                       else '"%s"' % name, rest)


def to_html(body, charset, extra=""):
    esc = (body.replace("&", "&amp;").replace("<", "&lt;")
           .replace(">", "&gt;"))
    lines = "".join("<div>%s</div>" % (l if l else "<br>")
                    for l in esc.split("\n")[:-1])
    return ('<html><head><meta http-equiv="content-type" content="text/html; '
            'charset=%s"></head><body>%s%s</body></html>\n'
            % (charset, lines, extra))


def seed(name):
    return hashlib.sha1(name.encode()).hexdigest()


def pdf_part(fname, boundary):
    fname = enc_header(fname, "UTF-8")
    data = (b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n"
            b"% quotation table\ntrailer << /Root 1 0 R >>\n%%EOF\n")
    return ("--%s\r\nContent-Type: application/pdf; name=\"%s\"\r\n"
            "Content-Transfer-Encoding: base64\r\n"
            "Content-Disposition: attachment; filename=\"%s\"\r\n\r\n%s\r\n"
            % (boundary, fname, fname, b64(data)))


def build(l):
    c = l["client"]
    h = seed(l["name"])
    cs = l["charset"] or ("us-ascii" if l["body"].isascii() else "UTF-8")
    body = l["body"].replace("\n", "\r\n").encode(cs)
    dom = l["frm"].split("@")[1].rstrip(">")
    hdr = []
    hdr.append("Date: Mon, 7 Dec 2026 %02d:%02d:%02d +0800"
               % (8 + int(h[0], 16) % 9, int(h[1:3], 16) % 60,
                  int(h[3:5], 16) % 60))
    hdr.append("From: " + enc_addr(l["frm"], cs if cs != "us-ascii" else "UTF-8"))
    hdr.append("To: " + enc_addr(l["to"], cs if cs != "us-ascii" else "UTF-8"))
    hdr.append("Subject: " + enc_header(l["subject"],
                                        cs if cs != "us-ascii" else "UTF-8"))
    if l["reply"]:
        hdr.append("In-Reply-To: <%s@mail.%s>" % (h[5:21], "buyer.example"))
        hdr.append("References: <%s@mail.%s>" % (h[5:21], "buyer.example"))
    alt = True
    if c == "foxmail":
        hdr.append("Message-ID: <2026120710%s@%s>" % (str(int(h[:8], 16))[:10], dom))
        hdr.append("X-Mailer: Foxmail 7.2.25.375[cn]")
        hdr.append("Mime-Version: 1.0")
        bnd = "----=_001_NextPart%s_=----" % str(int(h[8:16], 16))[:12]
        te = "base64"
    elif c == "coremail":
        hdr.append("Message-ID: <%s.%s.%s.Coremail.%s>"
                   % (h[:8], h[8:12], h[12:23], l["frm"].split("<")[-1].rstrip(">")))
        hdr.append("X-Mailer: Coremail Webmail Server Version XT5.0.14 build "
                   "20230109(dcb5de15) Copyright (c) 2002-2026 www.mailtech.cn")
        hdr.append("X-Originating-IP: [10.%d.%d.%d]"
                   % (int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)))
        hdr.append("X-CM-TRANSID:%sAQ--.%s" % (h[:20], h[20:30]))
        hdr.append("MIME-Version: 1.0")
        bnd = "----=_Part_%d_%d.%d" % (int(h[:5], 16), int(h[5:10], 16),
                                       1796000000000 + int(h[10:16], 16))
        te = "base64"
    elif c == "outlook":
        hdr.append("Message-ID: <%s$%s@%s>" % (h[:12].upper(), h[12:24].upper(), dom))
        hdr.append("X-Mailer: Microsoft Outlook 16.0")
        hdr.append("Thread-Index: AdnL%s" % base64.b64encode(bytes.fromhex(h[:16])).decode())
        hdr.append("Content-Language: en-us")
        hdr.append("MIME-Version: 1.0")
        bnd = "----=_NextPart_000_%s_01DB48A1.%s" % (h[:4].upper(), h[4:12].upper())
        te = "quoted-printable"
    elif c == "thunderbird":
        hdr.append("Message-ID: <%s-%s-%s@%s>" % (h[:8], h[8:12], h[12:24], dom))
        hdr.append("User-Agent: Mozilla Thunderbird")
        hdr.append("MIME-Version: 1.0")
        alt = False
        te = "7bit" if l["body"].isascii() else "8bit"
        bnd = "------------%s" % h[:24]
    else:  # gmail
        hdr.append("Message-ID: <CAF%s@mail.gmail.com>" % h[:30])
        hdr.append("MIME-Version: 1.0")
        bnd = "000000000000%s" % h[:16]
        te = "quoted-printable"

    def text_part(ctype, data):
        if te == "base64":
            payload = b64(data)
        elif te == "quoted-printable":
            payload = qp(data).rstrip("\r\n")
        else:
            payload = data.decode(cs).rstrip("\r\n")
        extra = "; format=flowed" if c == "thunderbird" else ""
        return ("Content-Type: %s; charset=\"%s\"%s\r\n"
                "Content-Transfer-Encoding: %s\r\n\r\n%s\r\n"
                % (ctype, cs, extra, te, payload))

    html = to_html(l["body"], cs, l["html_extra"]).replace("\n", "\r\n").encode(cs)
    parts = []
    if alt:
        inner = ("--%s\r\n%s--%s\r\n%s--%s--\r\n"
                 % (bnd + "a", text_part("text/plain", body), bnd + "a",
                    text_part("text/html", html), bnd + "a"))
        inner_hdr = "Content-Type: multipart/alternative;\r\n\tboundary=\"%sa\"\r\n" % bnd
    else:
        inner = text_part("text/plain", body)
        inner_hdr = None
    if l["pdf"]:
        hdr.append("Content-Type: multipart/mixed;\r\n\tboundary=\"%s\"" % bnd)
        if inner_hdr:
            first = "--%s\r\n%s\r\n%s" % (bnd, inner_hdr, inner)
        else:
            first = "--%s\r\n%s" % (bnd, inner)
        msg = ("\r\n".join(hdr) + "\r\n\r\nThis is a multi-part message in MIME format.\r\n\r\n"
               + first + pdf_part(l["pdf"], bnd) + "--%s--\r\n" % bnd)
    elif inner_hdr:
        hdr.append(inner_hdr.rstrip("\r\n"))
        msg = "\r\n".join(hdr) + "\r\n\r\n" + inner
    else:
        head, _, rest = inner.partition("\r\n\r\n")
        msg = "\r\n".join(hdr) + "\r\n" + head + "\r\n\r\n" + rest
    return msg.encode("ascii" if te != "8bit" else cs)


# The letters live in letters_*.py beside this script (one file per
# language family keeps each small).
def main():
    for mod in ("letters_en", "letters_intl"):
        ns = {"L": L}
        with open(os.path.join(HERE, mod + ".py"), encoding="utf-8") as f:
            exec(compile(f.read(), mod + ".py", "exec"), ns)
    names = set()
    for l in LETTERS:
        assert l["name"] not in names, l["name"]
        names.add(l["name"])
        with open(os.path.join(HERE, l["name"] + ".eml"), "wb") as f:
            f.write(build(l))
        lines = ["# %s letter, %s" % (l["kind"], l["client"]),
                 "kind " + l["kind"]] + l["expect"]
        with open(os.path.join(HERE, l["name"] + ".expect"), "w") as f:
            f.write("\n".join(lines) + "\n")
    print("%d letters (%d honest, %d blast)" % (
        len(LETTERS), sum(l["kind"] == "honest" for l in LETTERS),
        sum(l["kind"] == "blast" for l in LETTERS)))


if __name__ == "__main__":
    main()
