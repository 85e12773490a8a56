#!/usr/bin/env python3
"""Writes tests/messages/attach_*.eml and .expect: the attachments are built
here (a PE header, zips, a PDF, a PNG), base64-encoded into MIME messages.
Run from the repository top: python3 tests/messages/attach_make.py tests/messages
"""
import base64, io, struct, zipfile, sys, os
out = sys.argv[1]

def pe():
    dos = bytearray(0x80)
    dos[0:2] = b'MZ'; dos[0x3c] = 0x80
    stub = b'\x0e\x1f\xba\x0e\x00\xb4\x09\xcd\x21\xb8\x01\x4c\xcd\x21This program cannot be run in DOS mode.\r\r\n$'
    dos[0x40:0x40+len(stub)] = stub
    coff = b'PE\0\0' + struct.pack('<HHIIIHH', 0x14c, 1, 0x5f000000, 0, 0, 0xe0, 0x0102)
    opt = bytearray(0xe0); opt[0:2] = struct.pack('<H', 0x10b); opt[0x44] = 2
    sec = b'.text\0\0\0' + bytes(32)
    b = bytes(dos) + coff + bytes(opt) + sec
    return b + bytes(1024 - len(b))

PDF = (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
       b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")
PNG = (b'\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x02\x00\x00\x00\x90\x91h6'
       b'\x00\x00\x00\x00IEND\xaeB`\x82')

def zipof(entries):
    bio = io.BytesIO()
    with zipfile.ZipFile(bio, 'w', zipfile.ZIP_STORED) as z:
        for n, d in entries:
            z.writestr(zipfile.ZipInfo(n, (2026, 11, 25, 10, 0, 0)), d)
    return bio.getvalue()

def b64(d):
    s = base64.b64encode(d).decode()
    return '\r\n'.join(s[i:i+76] for i in range(0, len(s), 76))

def msg(name, to, subject, reply, parts, comment, expect):
    h = ["From: Anna Becker <a.becker@lichtbau.example>", "To: " + to,
         "Subject: " + subject, "Date: Wed, 25 Nov 2026 10:12:00 +0100",
         "Message-ID: <%s@lichtbau.example>" % name, "MIME-Version: 1.0"]
    if reply:
        h += ["In-Reply-To: <prev-%s@shenzhen-led.example>" % name,
              "References: <prev-%s@shenzhen-led.example>" % name]
    h.append('Content-Type: multipart/mixed; boundary="b1"')
    body = ["", "--b1", "Content-Type: text/plain; charset=UTF-8", "",
            "Hello Li Wei,", "", "please find the documents attached.", "",
            "Kind regards,", "Anna", ""]
    for ctype, disp, data in parts:
        body += ["--b1", "Content-Type: " + ctype, "Content-Disposition: " + disp,
                 "Content-Transfer-Encoding: base64", "", b64(data), ""]
    body += ["--b1--", ""]
    open(os.path.join(out, name + ".eml"), "w", newline="").write("\r\n".join(h + body))
    open(os.path.join(out, name + ".expect"), "w").write("# " + comment + "\n" + "\n".join(expect) + "\n")

ALL = ["ATTACH_BLOCKED_TYPE", "ATTACH_DOUBLE_EXTENSION", "ATTACH_HIDDEN_NAME_CHARS",
       "ATTACH_TYPE_MISMATCH", "ATTACH_ENCRYPTED", "ATTACH_NESTED_ARCHIVE",
       "ATTACH_ARCHIVE_BOMB", "ATTACH_MACRO", "ATTACH_PDF_ACTIVE", "ATTACH_TOO_LARGE",
       "ATTACH_NEAR_SIZE_LIMIT", "HTML_CLIPPED", "ATTACH_FIRST_CONTACT"]
def exp(fires):
    return ["fires " + f for f in fires] + ["not " + r for r in ALL if r not in fires]

TO = "Li Wei <li.wei@shenzhen-led.example>"
msg("attach_pdf_exe", TO, "Invoice 4711", True,
    [("application/octet-stream; name=\"invoice.pdf.exe\"", "attachment; filename=\"invoice.pdf.exe\"", pe())],
    "A Windows program named invoice.pdf.exe: blocked and disguised.",
    exp(["ATTACH_BLOCKED_TYPE", "ATTACH_DOUBLE_EXTENSION"]) + ["level high"])
msg("attach_pe_as_pdf", TO, "Invoice 4712", True,
    [("application/pdf; name=\"invoice.pdf\"", "attachment; filename=\"invoice.pdf\"", pe())],
    "A Windows program named and declared as a PDF: blocked by content, types disagree.",
    exp(["ATTACH_BLOCKED_TYPE", "ATTACH_TYPE_MISMATCH"]) + ["level high"])
msg("attach_rtl_name", TO, "Report", True,
    [("text/html", "attachment; filename*=UTF-8''report%E2%80%AEfdp.html",
      b"<html><body><p>Quarterly report</p></body></html>\r\n")],
    "A file name with U+202E (shows as reportlmth.pdf), given in RFC 2231 form.",
    exp(["ATTACH_HIDDEN_NAME_CHARS"]))
msg("attach_zip_exe", TO, "Tools", True,
    [("application/zip; name=\"tools.zip\"", "attachment; filename=\"tools.zip\"",
      zipof([("readme.pdf", PDF), ("bin/setup.exe", pe())]))],
    "A zip holding a Windows program: Gmail refuses the message.",
    exp(["ATTACH_BLOCKED_TYPE"]) + ["level high"])
msg("attach_ordinary", TO, "Drawings", True,
    [("application/pdf; name=\"drawing.pdf\"", "attachment; filename=\"drawing.pdf\"", PDF),
     ("image/png; name=\"panel.png\"", "attachment; filename=\"panel.png\"", PNG),
     ("application/zip; name=\"specs.zip\"", "attachment; filename=\"specs.zip\"",
      zipof([("a.pdf", PDF), ("b.pdf", PDF)]))],
    "Ordinary files in a reply: no attachment rule fires.",
    exp([]) + ["level low"])
msg("attach_first_contact", "Purchasing <buy@example.org>", "Our catalogue", False,
    [("application/pdf; name=\"catalogue.pdf\"", "attachment; filename=\"catalogue.pdf\"", PDF)],
    "A first message (no In-Reply-To/References) with a PDF: mild risk only.",
    exp(["ATTACH_FIRST_CONTACT"]) + ["level low"])
