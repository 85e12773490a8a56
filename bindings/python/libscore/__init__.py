"""libscore: will this email be bounced, filtered or ignored, and why?

    import libscore
    with libscore.Scorer(lang="en") as s:
        r = s.score(pathlib.Path("draft.eml"))
        print(r.risk, r.level, [h.id for h in r.hits])
        r = s.score_draft(subject="Quote", to="ann@example.com",
                          text="Dear Ann, ...", attachments=["quote.pdf"])

A ``Scorer`` owns one engine (immutable, built from keyword options) and
may be shared by any number of threads: scoring runs in C without the GIL.
Every call returns a plain-Python ``Result`` copied out of the C result,
which is freed before the call returns.  Errors raise ``LibscoreError``
(or a subclass) carrying the library's code and message.
"""

import codecs
import ctypes
import json
import os
import threading
from typing import List, Optional, Tuple, Union

from . import _ffi
from ._ffi import lib
from ._types import (AttachmentFlag, Level, MessageFlag, MessageInput,
                     PartFlag, level_of, message_bytes)

__all__ = [
    "Scorer", "DraftSession", "Result", "Hit", "Evidence", "Part",
    "AttachmentFacts", "ArchiveEntry", "Fingerprint", "History",
    "HistoryMatch", "Check", "DnsCache", "Bounce", "BounceRecipient",
    "Attachment", "LibscoreError", "InvalidArgument", "OutOfMemory",
    "LibraryIOError", "ConfigError", "VersionError", "NotFound",
    "CorruptData", "Busy", "Unsupported", "InternalError", "BufferTooSmall",
    "version",
    "library_path",
    "Level", "MessageFlag", "PartFlag", "AttachmentFlag",
]

# The linked library's LSC_VERSION_STRING (include/libscore.h): the one
# version number, which the Makefile and the packaging read from the header.
__version__ = lib.lsc_version_string().decode()
library_path = _ffi.library_path


def version():
    """The linked library's version string, e.g. "0.1.0"."""
    return lib.lsc_version_string().decode()


# ---- decoding C strings exactly as the library's JSON writer does ----

def _one_byte_replace(exc):
    # The C JSON writer replaces each byte of an invalid sequence with
    # U+FFFD; Python's "replace" would fold a truncated sequence into one.
    return ("\ufffd", exc.start + 1)


codecs.register_error("libscore-replace", _one_byte_replace)


def _s(b):
    if b is None:
        return None
    return b.decode("utf-8", "libscore-replace")


# ---- errors ----

_CODE_NAMES = {
    0: "LSC_OK", -1: "LSC_EINVAL", -2: "LSC_ENOMEM", -3: "LSC_EIO",
    -4: "LSC_ECONFIG", -5: "LSC_EVERSION", -6: "LSC_ENOTFOUND",
    -7: "LSC_ECORRUPT", -8: "LSC_EBUSY", -9: "LSC_EUNSUPPORTED",
    -10: "LSC_EINTERNAL", -11: "LSC_ERANGE",
}


class LibscoreError(Exception):
    """A libscore call failed.

    code: the negative LSC_E... number; name: "LSC_EINVAL", ...;
    message, source, line, column: from the library's lsc_error.
    """

    def __init__(self, code, message="", source="", line=0, column=0):
        self.code = code
        self.name = _CODE_NAMES.get(code, "LSC_E%d" % -code)
        self.message = message or _s(lib.lsc_strerror(code))
        self.source = source
        self.line = line
        self.column = column
        where = source
        if line:
            where = "%s:%d:%d" % (source, line, column)
        text = "%s: %s" % (where, self.message) if where else self.message
        super().__init__("%s (%s)" % (text, self.name))


class InvalidArgument(LibscoreError, ValueError):
    pass


class OutOfMemory(LibscoreError, MemoryError):
    pass


class LibraryIOError(LibscoreError, OSError):
    pass


class ConfigError(LibscoreError, ValueError):
    pass


class VersionError(LibscoreError):
    pass


class NotFound(LibscoreError, LookupError):
    pass


class CorruptData(LibscoreError):
    pass


class Busy(LibscoreError):
    pass


class Unsupported(LibscoreError):
    pass


class InternalError(LibscoreError):
    pass


class BufferTooSmall(LibscoreError):
    """LSC_ERANGE: a caller's buffer is too small."""


_ERRORS = {
    -1: InvalidArgument, -2: OutOfMemory, -3: LibraryIOError,
    -4: ConfigError, -5: VersionError, -6: NotFound, -7: CorruptData,
    -8: Busy, -9: Unsupported, -10: InternalError, -11: BufferTooSmall,
}


def _raise(rc, err=None):
    cls = _ERRORS.get(rc, LibscoreError)
    if err is not None and err.code == rc:
        raise cls(rc, _s(err.message), _s(err.source), err.line, err.column)
    raise cls(rc)


# ---- the result, in plain Python ----

_NONE = ctypes.c_size_t(-1).value
WHERE_NAMES = ("message", "subject", "body", "header", "attachment", "link",
               "dns")
# Names come from the library (lsc_level_name, lsc_flag_name), not copies.
# "low", "medium", "high", "unreadable" (input that is not an email).
LEVEL_NAMES = tuple(lib.lsc_level_name(i).decode() for i in range(4))


class Evidence:
    """Where a finding is: ``where`` ("subject", "body", "header", "link",
    "attachment", "message"), ``part`` (index into Result.parts for body
    and attachment evidence), ``header`` (its name), ``start``/``end``
    (byte offsets into that text, UTF-8) and ``text`` (the evidence)."""

    __slots__ = ("where", "part", "header", "start", "end", "text",
                 "raw_text")

    def __init__(self, where, part, header, start, end, raw_text):
        self.where = where
        self.part = part
        self.header = header
        self.start = start
        self.end = end
        self.raw_text = raw_text     # the bytes as the library has them
        self.text = _s(raw_text)

    def to_dict(self):
        # the same keys, in the same order, as lsc_result_json
        d = {"where": self.where}
        if self.where in ("body", "attachment"):
            d["part"] = self.part
        if self.header is not None:
            d["header"] = self.header
        if self.where not in ("message", "attachment"):
            d["start"] = self.start
            d["end"] = self.end
        d["text"] = self.text
        return d

    def __repr__(self):
        return "Evidence(%s %r)" % (self.where, self.text)


class Hit:
    """One rule that fired: ``id``, ``group``, ``weight``, ``strength``
    (0..1), ``points`` (after the group cap), ``fix_points`` and
    ``fix_risk`` (what fixing it changes: the score without this hit minus
    the score with it, never positive), ``description``, ``explanation``,
    ``suggestion`` and ``evidence`` (list of Evidence)."""

    __slots__ = ("id", "group", "weight", "strength", "points",
                 "fix_points", "fix_risk",
                 "description", "explanation", "suggestion", "evidence",
                 "raw_explanation", "raw_suggestion")

    def __init__(self, **kw):
        for k in self.__slots__:
            setattr(self, k, kw.get(k))
        self.explanation = _s(self.raw_explanation)
        self.suggestion = _s(self.raw_suggestion)

    def to_dict(self):
        return {
            "id": self.id, "group": self.group, "weight": self.weight,
            "strength": self.strength, "points": self.points,
            "fix_points": self.fix_points, "fix_risk": self.fix_risk,
            "description": self.description,
            "explanation": self.explanation, "suggestion": self.suggestion,
            "evidence": [e.to_dict() for e in self.evidence],
        }

    def __repr__(self):
        return "Hit(%s, %+.1f)" % (self.id, self.points)


class Part:
    """One MIME entity as read (see lsc_part in libscore.h).  ``text`` is
    the visible text (str) and ``text_bytes`` the same as UTF-8 bytes, the
    text that body evidence offsets point into."""

    __slots__ = ("index", "leaf_index", "parent", "depth", "kind",
                 "content_type", "charset", "disposition", "filename",
                 "transfer_encoding", "encoded_bytes", "body_bytes",
                 "real_type", "flags", "invalid_bytes", "text_bytes")

    def __init__(self, **kw):
        for k in self.__slots__:
            setattr(self, k, kw.get(k))

    @property
    def text(self):
        return None if self.text_bytes is None else _s(self.text_bytes)

    def to_dict(self):
        return {
            "index": self.index, "depth": self.depth,
            "content_type": self.content_type, "charset": self.charset,
            "disposition": self.disposition, "filename": self.filename,
            "encoded_bytes": self.encoded_bytes, "bytes": self.body_bytes,
            "real_type": self.real_type, "flags": self.flags,
            "flag_names": _flag_names(self.flags, PART_FLAGS),
        }

    @property
    def flag_names(self):
        return _flag_names(self.flags, PART_FLAGS)

    def __repr__(self):
        return "Part(%d %s)" % (self.index, self.content_type)


_FLAGS_MESSAGE, _FLAGS_PART, _FLAGS_ATTACHMENT = 0, 1, 2   # lsc_flag_set


def _flag_table(flag_set):
    table = {}
    for i in range(32):
        name = lib.lsc_flag_name(flag_set, 1 << i)
        if name:
            table[1 << i] = name.decode()
    return table


ATT_FLAGS = _flag_table(_FLAGS_ATTACHMENT)
MSG_FLAGS = _flag_table(_FLAGS_MESSAGE)
PART_FLAGS = _flag_table(_FLAGS_PART)


def _flag_names(flags, table=None):
    table = ATT_FLAGS if table is None else table
    return [name for bit, name in sorted(table.items()) if flags & bit]


class ArchiveEntry:
    """A file inside an archive attachment (at any depth)."""

    __slots__ = ("name", "path", "size", "depth", "parent", "flags")

    def __init__(self, **kw):
        for k in self.__slots__:
            setattr(self, k, kw.get(k))

    @property
    def flag_names(self):
        return _flag_names(self.flags)

    def __repr__(self):
        return "ArchiveEntry(%r)" % self.path


class AttachmentFacts:
    """What the attachments stage found about one file (lsc_attachment):
    part, filename, extension(s), declared_type, real_type, kind,
    decoded_bytes, encoded_bytes, flags (LSC_ATT_* bits; flag_names as
    words), entries (ArchiveEntry list), archive_bytes."""

    __slots__ = ("part", "filename", "extension", "extensions",
                 "declared_type", "real_type", "kind", "decoded_bytes",
                 "encoded_bytes", "flags", "entries", "archive_bytes")

    def __init__(self, **kw):
        for k in self.__slots__:
            setattr(self, k, kw.get(k))

    @property
    def flag_names(self):
        return _flag_names(self.flags)

    def to_dict(self):
        d = {k: getattr(self, k) for k in self.__slots__}
        d["entries"] = [{k: getattr(e, k) for k in e.__slots__}
                        for e in self.entries]
        return d

    def __repr__(self):
        return "AttachmentFacts(%r, %s)" % (self.filename, self.flag_names)


class Result:
    """What one scoring returned, copied out of C.

    ``score`` (= ``points``, the sum of capped points), ``risk`` (0..100),
    ``level`` (a Level: LOW, MEDIUM, HIGH, UNREADABLE for input that is not
    an email, equal to the strings "low", "medium", "high", "unreadable"),
    ``hits`` (worst first), ``version`` (the library's), ``subject``,
    ``flags`` (a MessageFlag of LSC_MSG_* bits, an int; ``flag_names`` as
    words), ``parts``, ``headers``
    (list of (name, value)), ``attachments`` (AttachmentFacts list),
    ``message_bytes``, ``size_limit``, ``size_limit_domain`` and
    ``fingerprint`` (a Fingerprint to add to a History once the message is
    really sent; None after parse()), ``personalization`` (scored against a
    history with an earlier message >= 50% similar: dict of changed and
    total words, similarity and when that message was sent; else None).  ``to_dict()`` has the shape of
    ``score-draft --json`` (``parts=True`` adds the parts), ``to_json()``
    its text.  ``to_html()`` is the annotated report page, made at
    scoring time when ``report=`` was given (the C result is freed as soon
    as it is copied, and the page is made from it).
    """

    points: float
    risk: int
    level: Union[Level, str]
    hits: List["Hit"]
    flags: MessageFlag
    parts: List["Part"]
    headers: List[Tuple[str, str]]
    attachments: List["AttachmentFacts"]
    message_bytes: int
    fingerprint: Optional["Fingerprint"]

    __slots__ = ("points", "risk", "level", "hits", "subject_bytes", "flags",
                 "parts", "headers", "_raw_headers", "attachments",
                 "message_bytes", "size_limit", "size_limit_domain",
                 "fingerprint", "personalization", "_html")

    @property
    def score(self):
        return self.points

    @property
    def version(self):
        return _s(lib.lsc_version_string())

    @property
    def flag_names(self):
        return _flag_names(self.flags, MSG_FLAGS)

    @property
    def subject(self):
        return _s(self.subject_bytes)

    def hit(self, rule_id):
        """The hit of one rule, or None."""
        for h in self.hits:
            if h.id == rule_id:
                return h
        return None

    def header(self, name):
        """The first header of that name (case-insensitive), or None."""
        low = name.lower()
        for n, v in self.headers:
            if n.lower() == low:
                return v
        return None

    def source_bytes(self, ev):
        """The UTF-8 text an Evidence's offsets point into, or None."""
        if ev.where == "subject":
            return self.subject_bytes
        if ev.where == "body" and ev.part is not None and \
                ev.part < len(self.parts):
            return self.parts[ev.part].text_bytes
        if ev.where == "header":
            v = self._header_bytes(ev.header)
            return v
        return None

    def _header_bytes(self, name):
        if name is None:
            return None
        low = name.lower()
        for n, v in self._raw_headers:
            if n.lower() == low:
                return v
        return None

    def to_dict(self, parts=False):
        d = {
            "version": self.version,
            "points": self.points, "risk": self.risk, "level": self.level,
            "subject": self.subject, "flags": self.flags,
            "flag_names": self.flag_names,
            "hits": [h.to_dict() for h in self.hits],
        }
        if parts:
            d["parts"] = [p.to_dict() for p in self.parts]
        return d

    def to_json(self, parts=False, **kw):
        kw.setdefault("ensure_ascii", False)
        return json.dumps(self.to_dict(parts=parts), **kw)

    def to_html(self):
        """The annotated report page (str), as lsc_result_html made it.

        Ask for it when scoring: ``score(msg, report=True)`` or
        ``report={"lang": "zh", "title": "draft.eml", "fragment": True}``.
        """
        if self._html is None:
            raise ValueError("no page: score with report=True (or "
                             "report={...}) to get one")
        return self._html

    def __repr__(self):
        return "Result(risk=%d, level=%s, points=%.2f, hits=%s)" % (
            self.risk, self.level, self.points, [h.id for h in self.hits])


_HTML_LANGS = {None: _ffi.LSC_HTML_LANG_ENGINE, "en": 0, "zh": 1}


def _html_page(r, report):
    """lsc_result_html of r with the options in report (True or a dict of
    lang, title, fragment), as str."""
    o = _ffi.HtmlOptions()
    lib.lsc_html_options_init(ctypes.byref(o))
    opts = report if isinstance(report, dict) else {}
    unknown = set(opts) - {"lang", "title", "fragment"}
    if unknown:
        raise ValueError("unknown report option(s): %s" % ", ".join(sorted(unknown)))
    if opts.get("lang") not in _HTML_LANGS:
        raise ValueError("report lang must be 'en' or 'zh'")
    o.lang = _HTML_LANGS[opts.get("lang")]
    if opts.get("fragment"):
        o.flags |= _ffi.LSC_HTML_FRAGMENT
    title = opts.get("title")
    if title is not None:
        tb = title.encode("utf-8", "surrogateescape") if isinstance(title, str) \
            else bytes(title)
        o.title = tb
        o.title_len = len(tb)
    out = ctypes.c_void_p()
    n = ctypes.c_size_t(0)
    err = _ffi.Error()
    rc = lib.lsc_result_html(ctypes.byref(out), ctypes.byref(n), r,
                             ctypes.byref(o), ctypes.byref(err))
    if rc != 0:
        _raise(rc, err)
    try:
        return ctypes.string_at(out, n.value).decode("utf-8")
    finally:
        lib.lsc_string_free(out)


def _copy_hit(h):
    """A plain-Python Hit from an lsc_hit (results and DNS checks)."""
    evs = []
    for j in range(h.n_evidence):
        # through the accessor: Evidence may grow (header's ABI policy)
        e = lib.lsc_hit_evidence(ctypes.byref(h), j).contents
        where = WHERE_NAMES[e.where] if 0 <= e.where < len(WHERE_NAMES) \
            else "message"
        evs.append(Evidence(
            where, e.part if where in ("body", "attachment") else None,
            _s(e.header), e.start, e.end, e.text))
    return Hit(
        id=_s(h.id), group=_s(h.group), weight=h.weight,
        strength=h.strength, points=h.points,
        fix_points=h.fix_points, fix_risk=h.fix_risk,
        description=_s(h.description), raw_explanation=h.explanation,
        raw_suggestion=h.suggestion, evidence=evs)


def _copy_result(r):
    """Copies everything out of an lsc_result (not freed here)."""
    res = Result()
    res._html = None
    res.points = lib.lsc_result_points(r)
    res.risk = lib.lsc_result_risk(r)
    lv = lib.lsc_result_level(r)
    res.level = level_of(_s(lib.lsc_level_name(lv)))
    res.flags = MessageFlag(lib.lsc_result_flags(r))
    n = ctypes.c_size_t(0)
    p = lib.lsc_result_subject(r, ctypes.byref(n))
    res.subject_bytes = ctypes.string_at(p, n.value) if p and n.value else b""
    parts = []
    for i in range(lib.lsc_result_part_count(r)):
        pp = lib.lsc_result_part(r, i)
        if not pp:
            continue
        c = pp.contents
        tb = None
        if c.text:
            tb = ctypes.string_at(c.text, c.text_bytes)
        parts.append(Part(
            index=c.index, leaf_index=c.leaf_index, parent=c.parent,
            depth=c.depth, kind=c.kind, content_type=_s(c.content_type),
            charset=_s(c.charset), disposition=_s(c.disposition),
            filename=_s(c.filename),
            transfer_encoding=_s(c.transfer_encoding),
            encoded_bytes=c.encoded_bytes, body_bytes=c.body_bytes,
            real_type=_s(c.real_type), flags=PartFlag(c.flags),
            invalid_bytes=c.invalid_bytes, text_bytes=tb))
    res.parts = parts
    raw_headers = []
    name = ctypes.c_char_p()
    value = ctypes.c_char_p()
    for i in range(lib.lsc_result_header_count(r)):
        if lib.lsc_result_header(r, i, ctypes.byref(name),
                                 ctypes.byref(value)) == 0:
            raw_headers.append((name.value or b"", value.value or b""))
    res._raw_headers = [(_s(a), b) for a, b in raw_headers]
    res.headers = [(_s(a), _s(b)) for a, b in raw_headers]
    hits = []
    for i in range(lib.lsc_result_hit_count(r)):
        hp = lib.lsc_result_hit(r, i)
        if hp:
            hits.append(_copy_hit(hp.contents))
    res.hits = hits
    atts = []
    for i in range(lib.lsc_result_attachment_count(r)):
        ap = lib.lsc_result_attachment(r, i)
        if not ap:
            continue
        a = ap.contents
        entries = []
        for j in range(a.n_entries):
            e = lib.lsc_attachment_entry(ap, j).contents
            entries.append(ArchiveEntry(
                name=_s(e.name), path=_s(e.path), size=e.size,
                depth=e.depth, parent=None if e.parent == _NONE else e.parent,
                flags=AttachmentFlag(e.flags)))
        atts.append(AttachmentFacts(
            part=a.part, filename=_s(a.filename), extension=_s(a.extension),
            extensions=_s(a.extensions), declared_type=_s(a.declared_type),
            real_type=_s(a.real_type), kind=_s(a.kind),
            decoded_bytes=a.decoded_bytes, encoded_bytes=a.encoded_bytes,
            flags=AttachmentFlag(a.flags), entries=entries,
            archive_bytes=a.archive_bytes))
    res.attachments = atts
    res.message_bytes = lib.lsc_result_message_bytes(r)
    dom = ctypes.c_char_p()
    res.size_limit = lib.lsc_result_size_limit(r, ctypes.byref(dom))
    res.size_limit_domain = _s(dom.value)
    fp = lib.lsc_result_fingerprint(r)
    res.fingerprint = Fingerprint._encode(fp) if fp else None
    changed, total = ctypes.c_size_t(0), ctypes.c_size_t(0)
    sim, when = ctypes.c_double(0), ctypes.c_int64(0)
    if lib.lsc_result_personalization(r, ctypes.byref(changed),
                                      ctypes.byref(total), ctypes.byref(sim),
                                      ctypes.byref(when)) == 0:
        res.personalization = {"changed": changed.value, "total": total.value,
                               "similarity": sim.value, "when": when.value}
    else:
        res.personalization = None
    return res


# ---- fingerprints and the history of sent mail ----

class Fingerprint:
    """What libscore remembers of a message (no text): the stable encoded
    form in ``data`` (bytes, store it anywhere), ``time``, ``domains``,
    ``similarity(other)`` (estimated Jaccard, 0..1)."""

    __slots__ = ("data", "time", "domains")

    def __init__(self, data):
        self.data = bytes(data)
        with _Decoded(self.data) as h:
            self.time = lib.lsc_fingerprint_time(h)
            self.domains = [
                _s(lib.lsc_fingerprint_domain(h, i))
                for i in range(lib.lsc_fingerprint_domain_count(h))]

    @classmethod
    def _encode(cls, handle):
        n = ctypes.c_size_t(0)
        lib.lsc_fingerprint_encode(None, 0, ctypes.byref(n), handle, None)
        buf = ctypes.create_string_buffer(n.value)
        err = _ffi.Error()
        rc = lib.lsc_fingerprint_encode(buf, n.value, ctypes.byref(n),
                                        handle, ctypes.byref(err))
        if rc != 0:
            _raise(rc, err)
        return cls(buf.raw[:n.value])

    def similarity(self, other):
        other = other.fingerprint if isinstance(other, Result) else other
        with _Decoded(self.data) as a, _Decoded(other.data) as b:
            return lib.lsc_fingerprint_similarity(a, b)

    def __eq__(self, other):
        return isinstance(other, Fingerprint) and self.data == other.data

    def __hash__(self):
        return hash(self.data)

    def __repr__(self):
        return "Fingerprint(time=%d, domains=%r)" % (self.time, self.domains)


class _Decoded:
    """A decoded lsc_fingerprint for the length of a with block."""

    def __init__(self, data):
        self.data = data
        self.h = _ffi.FingerprintHandle()

    def __enter__(self):
        err = _ffi.Error()
        rc = lib.lsc_fingerprint_decode(ctypes.byref(self.h), self.data,
                                        len(self.data), ctypes.byref(err))
        if rc != 0:
            _raise(rc, err)
        return self.h

    def __exit__(self, *exc):
        lib.lsc_fingerprint_free(self.h)


class HistoryMatch:
    """An earlier message a query found: ``id``, ``time``, ``similarity``,
    ``same_body``, ``n_domains``."""

    __slots__ = ("id", "time", "similarity", "same_body", "n_domains")

    def __init__(self, m):
        self.id = m.id
        self.time = m.time
        self.similarity = m.similarity
        self.same_body = bool(m.same_body)
        self.n_domains = m.n_domains

    def __repr__(self):
        return "HistoryMatch(id=%d, similarity=%.2f)" % (self.id,
                                                         self.similarity)


class _Handle:
    """An owned C handle that waits for calls in flight before closing."""

    def _init_handle(self, h, free):
        self._h = h
        self._free = free
        self._cv = threading.Condition()
        self._active = 0

    def _enter(self):
        with self._cv:
            if not self._h:
                raise InvalidArgument(-1, "%s is closed" %
                                      type(self).__name__,
                                      type(self).__name__)
            self._active += 1
            return self._h

    def _leave(self):
        with self._cv:
            self._active -= 1
            if not self._active:
                self._cv.notify_all()

    def close(self):
        with self._cv:
            h, self._h = self._h, None
            while self._active:
                self._cv.wait()
        if h:
            self._free(h)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        try:
            if getattr(self, "_h", None):
                self._free(self._h)
                self._h = None
        except Exception:
            pass


class History(_Handle):
    """The sender's memory of sent mail (template similarity rules).

    History(path) opens or creates an SQLite file; History() or
    History(":memory:") keeps it in memory.  Keywords: readonly, sync_full,
    max_age (seconds), busy_timeout_ms, now.  Share it between threads
    freely; pass it to Scorer.score(..., history=h) and add() the
    fingerprint of what was really sent.
    """

    def __init__(self, path=None, readonly=False, sync_full=False,
                 max_age=0, busy_timeout_ms=0, now=0):
        o = _ffi.HistoryOptions()
        lib.lsc_history_options_init(ctypes.byref(o))
        if readonly:
            o.flags |= _ffi.LSC_HISTORY_READONLY
        if sync_full:
            o.flags |= _ffi.LSC_HISTORY_SYNC_FULL
        o.max_age = int(max_age)
        o.busy_timeout_ms = int(busy_timeout_ms)
        o.now = int(now)
        h = _ffi.HistoryHandle()
        err = _ffi.Error()
        p = None if path is None else os.fsencode(path)
        rc = lib.lsc_history_open(ctypes.byref(h), p, ctypes.byref(o),
                                  ctypes.byref(err))
        if rc != 0:
            _raise(rc, err)
        self.path = path
        self._init_handle(h, lib.lsc_history_close)

    def add(self, fp: Union["Fingerprint", "Result"]) -> None:
        """Records a sent message (a Fingerprint or a Result)."""
        if isinstance(fp, Result):
            if fp.fingerprint is None:
                raise InvalidArgument(
                    -1,  # LSC_EINVAL
                    "this Result has no fingerprint, so it cannot be "
                    "recorded: it was scored with fingerprint=False (which "
                    "skips making one, to score faster) or read with "
                    "parse(); score the message again with "
                    "fingerprint=True (the default) to record it",
                    "History.add")
            fp = fp.fingerprint
        if not isinstance(fp, Fingerprint):
            raise TypeError("add() takes a Fingerprint or a Result, not %s"
                            % type(fp).__name__)
        h = self._enter()
        try:
            with _Decoded(fp.data) as f:
                err = _ffi.Error()
                rc = lib.lsc_history_add(h, f, ctypes.byref(err))
                if rc != 0:
                    _raise(rc, err)
        finally:
            self._leave()

    def query(self, like=None, min_similarity=0.0, since=0, until=0,
              domain=None, max_matches=10):
        """(count of entries that match, the best max_matches of them as
        HistoryMatch, most similar first)."""
        count, _, matches = self.query_capped(like, min_similarity, since,
                                              until, domain, max_matches)
        return count, matches

    def query_capped(self, like=None, min_similarity=0.0, since=0, until=0,
                     domain=None, max_matches=10):
        """query(), and whether the count is only a floor: (count, capped,
        matches).  capped is True when a similarity query met more
        candidates than it compares (LSC_HISTORY_MAX_COMPARED, the nearest
        first): there may be more matches than count."""
        like = like.fingerprint if isinstance(like, Result) else like
        q = _ffi.HistoryFilter()
        q.version = _ffi.LSC_HISTORY_FILTER_VERSION
        q.min_similarity = float(min_similarity)
        q.since = int(since)
        q.until = int(until)
        dom = _enc(domain)
        q.domain = dom
        arr = (_ffi.HistoryMatch * max(1, max_matches))()
        lib.lsc_history_match_init(arr, len(arr))
        count = ctypes.c_size_t(0)
        got = ctypes.c_size_t(0)
        capped = ctypes.c_int(0)
        h = self._enter()
        try:
            dec = _Decoded(like.data) if like is not None else None
            fh = dec.__enter__() if dec else None
            try:
                if fh is not None:
                    q.like = fh
                err = _ffi.Error()
                rc = lib.lsc_history_query_capped(arr, max_matches,
                                                  ctypes.byref(got),
                                                  ctypes.byref(count),
                                                  ctypes.byref(capped), h,
                                                  ctypes.byref(q),
                                                  ctypes.byref(err))
                if rc != 0:
                    _raise(rc, err)
            finally:
                if dec:
                    dec.__exit__()
        finally:
            self._leave()
        return (count.value, bool(capped.value),
                [HistoryMatch(arr[i]) for i in range(got.value)])

    def get(self, entry_id):
        """The Fingerprint of one entry (an id from query())."""
        h = self._enter()
        try:
            fh = _ffi.FingerprintHandle()
            err = _ffi.Error()
            rc = lib.lsc_history_get(ctypes.byref(fh), h, int(entry_id),
                                     ctypes.byref(err))
            if rc != 0:
                _raise(rc, err)
            try:
                return Fingerprint._encode(fh)
            finally:
                lib.lsc_fingerprint_free(fh)
        finally:
            self._leave()

    def stats(self):
        """What the history holds, as a dict (lsc_history_summary)."""
        h = self._enter()
        try:
            sm = _ffi.HistorySummary()
            lib.lsc_history_summary_init(ctypes.byref(sm))
            err = _ffi.Error()
            rc = lib.lsc_history_stats(ctypes.byref(sm), h, ctypes.byref(err))
            if rc != 0:
                _raise(rc, err)
        finally:
            self._leave()
        d = {k: getattr(sm, k) for k, _ in sm._fields_ if k != "version"}
        d["top_domain"] = _s(sm.top_domain)
        d["persistent"] = bool(sm.persistent)
        return d

    def set_sender(self, sender):
        """Names the composer of the adds that follow (team view)."""
        h = self._enter()
        try:
            err = _ffi.Error()
            rc = lib.lsc_history_set_sender(
                h, _enc(sender) if sender else None, ctypes.byref(err))
            if rc != 0:
                _raise(rc, err)
        finally:
            self._leave()

    def team_stats(self, now=0):
        """The team view (lsc_history_team_stats): a list of dicts with
        sender, domain, sent_hour, sent_day, similar_hour, similar_day,
        most similar first; and whether letters were left out."""
        h = self._enter()
        th = _ffi.HistoryTeamHandle()
        try:
            err = _ffi.Error()
            rc = lib.lsc_history_team_stats(ctypes.byref(th), h, int(now),
                                            ctypes.byref(err))
            if rc != 0:
                _raise(rc, err)
            rows = []
            for i in range(lib.lsc_history_team_count(th)):
                r = lib.lsc_history_team_row_at(th, i).contents
                d = {k: getattr(r, k) for k, _ in r._fields_}
                d["sender"] = _s(r.sender)
                d["domain"] = _s(r.domain)
                rows.append(d)
            return rows, bool(lib.lsc_history_team_truncated(th))
        finally:
            lib.lsc_history_team_free(th)
            self._leave()

    def add_bounce(self, bounce):
        """Records the failed recipients of a Bounce (Scorer.read_bounce);
        returns how many rows were written.  Later drafts scored with this
        history fire RECIPIENT_BOUNCED, RECIPIENT_SOFT_BOUNCED and
        SENDER_REJECTED_BY_DOMAIN."""
        if not isinstance(bounce, Bounce):
            raise TypeError("add_bounce() takes a Bounce")
        h = self._enter()
        try:
            with bounce._reread() as b:
                err = _ffi.Error()
                added = ctypes.c_size_t(0)
                rc = lib.lsc_history_add_bounce(h, b, ctypes.byref(added),
                                                ctypes.byref(err))
                if rc != 0:
                    _raise(rc, err)
                return added.value
        finally:
            self._leave()

    def bounce_stats(self, max_domains=10):
        """(bounces recorded, [(domain, bounces, hard), ...] most first)."""
        arr = (_ffi.BounceDomain * max(1, max_domains))()
        total = ctypes.c_uint64(0)
        got = ctypes.c_size_t(0)
        h = self._enter()
        try:
            err = _ffi.Error()
            rc = lib.lsc_history_bounce_stats(h, ctypes.byref(total), arr,
                                              max_domains, ctypes.byref(got),
                                              ctypes.byref(err))
            if rc != 0:
                _raise(rc, err)
        finally:
            self._leave()
        return total.value, [(_s(arr[i].domain), arr[i].bounces, arr[i].hard)
                             for i in range(got.value)]

    def __repr__(self):
        return "History(%r)" % (self.path,)


# ---- bounces ----

class BounceRecipient:
    """One failed recipient of a bounce (plain data)."""

    __slots__ = ("address", "status", "reply_code", "diagnostic", "action",
                 "command", "reporting_mta", "remote_mta", "date", "time",
                 "reason", "hard", "explanation", "suggestion")

    def __init__(self, **kw):
        for k in self.__slots__:
            setattr(self, k, kw[k])

    def to_dict(self):
        return {k: getattr(self, k) for k in self.__slots__}

    def __repr__(self):
        return "BounceRecipient(%r, %s, %s)" % (self.address, self.status,
                                                 self.reason)


class Bounce:
    """What lsc_bounce_read found in a returned message, copied out.

    kind: "none" (not a bounce), "failure", "autoreply", "feedback" or
    "delivered"; format: the reader that understood it; recipients: a list
    of BounceRecipient; original_subject / original_message_id /
    original_to: of the returned message when it was attached or quoted.
    """

    def __init__(self, scorer, data, b):
        self._scorer = scorer
        self._data = data
        self.kind = _ffi.LSC_BOUNCE_KINDS[lib.lsc_bounce_get_kind(b)]
        self.format = _s(lib.lsc_bounce_format(b))
        self.original_subject = _s(lib.lsc_bounce_original_subject(b))
        self.original_message_id = _s(lib.lsc_bounce_original_message_id(b))
        self.original_to = _s(lib.lsc_bounce_original_to(b))
        self.recipients = []
        for i in range(lib.lsc_bounce_recipient_count(b)):
            self.recipients.append(BounceRecipient(
                address=_s(lib.lsc_bounce_address(b, i)),
                status=_s(lib.lsc_bounce_status(b, i)),
                reply_code=lib.lsc_bounce_reply_code(b, i),
                diagnostic=_s(lib.lsc_bounce_diagnostic(b, i)),
                action=_s(lib.lsc_bounce_action(b, i)),
                command=_s(lib.lsc_bounce_command(b, i)),
                reporting_mta=_s(lib.lsc_bounce_reporting_mta(b, i)),
                remote_mta=_s(lib.lsc_bounce_remote_mta(b, i)),
                date=_s(lib.lsc_bounce_date(b, i)),
                time=lib.lsc_bounce_time(b, i),
                reason=_s(lib.lsc_bounce_reason_name(
                    lib.lsc_bounce_get_reason(b, i))),
                hard=bool(lib.lsc_bounce_hard(b, i)),
                explanation=_s(lib.lsc_bounce_explanation(b, i)),
                suggestion=_s(lib.lsc_bounce_suggestion(b, i))))

    @property
    def is_bounce(self):
        return self.kind != "none"

    def _reread(self):
        """The C bounce again, for History.add_bounce (a context manager)."""
        return _BounceHandleCtx(self._scorer, self._data)

    def to_dict(self):
        return {"kind": self.kind, "format": self.format,
                "original_subject": self.original_subject,
                "original_message_id": self.original_message_id,
                "original_to": self.original_to,
                "recipients": [r.to_dict() for r in self.recipients]}

    def __repr__(self):
        return "Bounce(%s, %s, %d recipients)" % (self.kind, self.format,
                                                   len(self.recipients))


class _BounceHandleCtx:
    def __init__(self, scorer, data):
        self._scorer = scorer
        self._data = data
        self._b = None

    def __enter__(self):
        self._b = self._scorer._read_bounce_handle(self._data)
        return self._b

    def __exit__(self, *exc):
        lib.lsc_bounce_free(self._b)
        self._b = None


# ---- drafts ----

class Attachment:
    """An attachment of a draft: ``data`` (bytes) or ``path``, the
    ``filename`` shown (default: the path's base name), ``content_type``
    (default: from the extension), ``content_id`` and ``inline`` for
    images shown in the HTML."""

    __slots__ = ("filename", "data", "path", "content_type", "content_id",
                 "inline")

    def __init__(self, data=None, filename=None, path=None,
                 content_type=None, content_id=None, inline=False):
        if (data is None) == (path is None):
            raise TypeError("Attachment needs exactly one of data or path")
        self.data = bytes(data) if data is not None else None
        self.path = os.fspath(path) if path is not None else None
        if filename is None and self.path is not None:
            filename = os.path.basename(self.path)
        self.filename = filename
        self.content_type = content_type
        self.content_id = content_id
        self.inline = bool(inline)

    @classmethod
    def of(cls, item):
        """An Attachment from a path, (filename, bytes), a dict or itself."""
        if isinstance(item, Attachment):
            return item
        if isinstance(item, (str, os.PathLike)):
            return cls(path=item)
        if isinstance(item, tuple) and len(item) == 2:
            return cls(data=item[1], filename=item[0])
        if isinstance(item, dict):
            return cls(**item)
        raise TypeError("an attachment is a path, (filename, bytes), a dict "
                        "or an Attachment, not %r" % type(item).__name__)


def _enc(v):
    if v is None:
        return None
    if isinstance(v, bytes):
        return v
    if isinstance(v, (list, tuple)):
        v = ", ".join(v)
    return str(v).encode("utf-8", "surrogateescape")


class _DraftBuf:
    """An lsc_draft and the Python objects it points into (kept alive)."""

    def __init__(self, fields):
        known = set(_ffi.DRAFT_TEXT_FIELDS) | {"attachments", "headers"}
        for k in fields:
            if k not in known:
                raise TypeError("unknown draft field %r" % k)
        self.d = _ffi.Draft()
        lib.lsc_draft_init(ctypes.byref(self.d))
        self.keep = []
        for name in _ffi.DRAFT_TEXT_FIELDS:
            b = _enc(fields.get(name))
            if b is None:
                continue
            self.keep.append(b)
            setattr(self.d, name, b)
            setattr(self.d, name + "_len", len(b))
        atts = [Attachment.of(a) for a in fields.get("attachments") or ()]
        if atts:
            arr = (_ffi.DraftAttachment * len(atts))()
            for i, a in enumerate(atts):
                c = arr[i]
                for attr in ("filename", "content_type", "content_id"):
                    b = _enc(getattr(a, attr))
                    if b is not None:
                        self.keep.append(b)
                        setattr(c, attr, b)
                        setattr(c, attr + "_len", len(b))
                if a.data is not None:
                    buf = ctypes.c_char_p(a.data)
                    self.keep.append(buf)
                    c.data = ctypes.cast(buf, ctypes.c_void_p)
                    c.data_len = len(a.data)
                else:
                    pb = os.fsencode(a.path)
                    self.keep.append(pb)
                    c.path = pb
                c.flags = _ffi.LSC_ATTACH_INLINE if a.inline else 0
            self.keep.append(arr)
            self.d.attachments = arr
            self.d.n_attachments = len(atts)
        hdrs = fields.get("headers") or {}
        items = list(hdrs.items()) if isinstance(hdrs, dict) else list(hdrs)
        if items:
            harr = (_ffi.DraftHeader * len(items))()
            for i, (k, v) in enumerate(items):
                kb, vb = _enc(k), _enc(v)
                self.keep += [kb, vb]
                harr[i].name = kb
                harr[i].name_len = len(kb)
                harr[i].value = vb
                harr[i].value_len = len(vb)
            self.keep.append(harr)
            self.d.headers = harr
            self.d.n_headers = len(items)


def _draft_fields(kw):
    # "from" is a keyword in Python: accept from_ and sender
    kw = dict(kw)
    for alias in ("from_", "sender"):
        if alias in kw:
            kw["from"] = kw.pop(alias)
    return kw


# ---- the scorer ----

_LANGS = {"en": 0, "zh": 1}
_MODES = {"draft": 0, "sent": 1}
_FLAGS = {"no_magic": 0x1, "no_archives": 0x2, "no_first_contact": 0x4}


class Scorer(_Handle):
    """Owns one libscore engine; share it between threads freely.

    Keyword options (all optional):
      lang          "en" (default) or "zh": language of explanations
      config        config text ("weight PROMO_PHRASES 3.5", see libscore.h)
      config_path   a config file to read
      weights       {rule_id: weight}
      disabled      rule ids to switch off; enabled: ids to switch on
      wordlist_dir  extra phrase lists; wordlist_mode "extend" | "replace"
      limits        {"max_parts": 200, ...} (lsc_limits field names)
      size_limits   {"example.com": 15000000, "*": 10000000}
      no_magic, no_archives, no_first_contact   engine flags (bool)
    """

    def __init__(self, lang="en", config=None, config_path=None,
                 weights=None, disabled=(), enabled=(), wordlist_dir=None,
                 wordlist_mode="extend", limits=None, size_limits=None,
                 no_magic=False, no_archives=False, no_first_contact=False):
        self._init_handle(None, lib.lsc_engine_free)
        if lang not in _LANGS:
            raise ValueError("lang must be 'en' or 'zh', not %r" % (lang,))
        if wordlist_mode not in ("extend", "replace"):
            raise ValueError("wordlist_mode must be 'extend' or 'replace'")
        self.lang = lang
        o = _ffi.Options()
        lib.lsc_options_init(ctypes.byref(o))
        keep = []
        o.lang = _LANGS[lang]
        for name, bit in _FLAGS.items():
            if locals()[name]:
                o.flags |= bit
        if wordlist_dir is not None:
            b = os.fsencode(wordlist_dir)
            keep.append(b)
            o.wordlist_dir = b
        o.wordlist_mode = 1 if wordlist_mode == "replace" else 0
        if config is not None:
            b = _enc(config)
            keep.append(b)
            o.config = b
            o.config_len = len(b)
        if config_path is not None:
            b = os.fsencode(config_path)
            keep.append(b)
            o.config_path = b
        settings = {}
        for rid, w in (weights or {}).items():
            settings[rid] = [float(w), 1]
        for rid in disabled:
            settings.setdefault(rid, [-1.0, 1])[1] = 0
        for rid in enabled:
            settings.setdefault(rid, [-1.0, 1])[1] = 1
        if settings:
            arr = (_ffi.RuleSetting * len(settings))()
            for i, (rid, (w, on)) in enumerate(settings.items()):
                b = _enc(rid)
                keep.append(b)
                arr[i].id = b
                arr[i].weight = w
                arr[i].enabled = on
            keep.append(arr)
            o.rules = arr
            o.n_rules = len(settings)
        if size_limits:
            arr = (_ffi.SizeLimit * len(size_limits))()
            for i, (dom, n) in enumerate(size_limits.items()):
                b = _enc(dom)
                keep.append(b)
                arr[i].domain = b
                arr[i].bytes = int(n)
            keep.append(arr)
            o.size_limits = arr
            o.n_size_limits = len(size_limits)
        for name, value in (limits or {}).items():
            if name not in dict(_ffi.Limits._fields_):
                raise ValueError("unknown limit %r" % (name,))
            setattr(o.limits, name, int(value))
        h = _ffi.EngineHandle()
        err = _ffi.Error()
        rc = lib.lsc_engine_new(ctypes.byref(h), ctypes.byref(o),
                                ctypes.byref(err))
        if rc != 0:
            _raise(rc, err)
        self._h = h

    # -- the rules --

    def rules(self):
        """The rule table: list of dicts (id, group, description,
        default_weight, weight, enabled)."""
        h = self._enter()
        try:
            out = []
            for i in range(lib.lsc_engine_rule_count(h)):
                ri = lib.lsc_engine_rule(h, i).contents
                out.append({
                    "id": _s(ri.id), "group": _s(ri.group),
                    "description": _s(ri.description),
                    "default_weight": ri.default_weight,
                    "weight": ri.weight, "enabled": bool(ri.enabled)})
            return out
        finally:
            self._leave()

    def group_cap(self, group):
        h = self._enter()
        try:
            return lib.lsc_engine_group_cap(h, _enc(group))
        finally:
            self._leave()

    @property
    def language(self) -> str:
        """"en" or "zh": the language explanations come in, after lang=
        and the config's "lang" line (which the library reads later)."""
        h = self._enter()
        try:
            return "zh" if lib.lsc_engine_lang(h) == 1 else "en"
        finally:
            self._leave()

    # -- scoring --

    @staticmethod
    def _score_options(mode, now, history, fingerprint=True, check=None):
        """Score options; the history and check (if any) are entered:
        _leave them."""
        if mode not in _MODES:
            raise ValueError("mode must be 'draft' or 'sent'")
        if history is not None and not isinstance(history, History):
            raise TypeError("history must be a libscore.History")
        so = _ffi.ScoreOptions()
        lib.lsc_score_options_init(ctypes.byref(so))
        so.mode = _MODES[mode]
        so.now = int(now or 0)
        if not fingerprint:
            so.flags |= _ffi.LSC_SCORE_NO_FINGERPRINT
        if check is not None and not isinstance(check, Check):
            raise TypeError("check must be a libscore.Check")
        if history is not None:
            so.history = history._enter()
        if check is not None:
            so.check = check._enter()
        return so

    def _finish(self, rc, r, err, want_json=False, report=None):
        if rc != 0:
            _raise(rc, err)
        try:
            res = _copy_result(r)
            if report:
                res._html = _html_page(r, report)
            if want_json:
                js = ctypes.c_void_p()
                n = ctypes.c_size_t(0)
                jerr = _ffi.Error()
                jrc = lib.lsc_result_json(ctypes.byref(js), ctypes.byref(n),
                                          r, 0, ctypes.byref(jerr))
                if jrc != 0:
                    _raise(jrc, jerr)
                try:
                    res_json = ctypes.string_at(js, n.value)
                finally:
                    lib.lsc_string_free(js)
                return res, res_json
            return res
        finally:
            lib.lsc_result_free(r)

    def score(self, message: Optional[MessageInput] = None,
              mode: str = "draft", now: Optional[int] = None,
              history: Optional["History"] = None, fingerprint: bool = True,
              report=None, check=None, _json: bool = False,
              text: Union[str, bytes, None] = None) -> "Result":
        """Scores one RFC 5322 / MIME message.

        message: bytes; a path (os.PathLike such as pathlib.Path, or a str
        naming an existing file; the file is read); a binary file object;
        an email.message.Message; or a str that is the message itself
        (it must begin with a header line).  A str that is neither a
        message nor an existing file raises FileNotFoundError or
        ValueError saying so.  text=: the message as a str or bytes, taken
        as it is.
        mode: "draft" (default) or "sent"; now: seconds since the epoch;
        history: a History to compare with (template rules);
        fingerprint=False: the message will not be recorded, so its
        fingerprint is not made (faster; result.fingerprint is None);
        report=True or a dict (lang "en"/"zh", title, fragment): also
        make the annotated report page, for result.to_html().
        check: a Check from check_sender/check_recipients whose findings
        join the result (group "dns"; no DNS is asked while scoring).
        """
        data = message_bytes(message, text, "score")
        so = self._score_options(mode, now, history, fingerprint, check)
        try:
            h = self._enter()
            try:
                r = _ffi.ResultHandle()
                err = _ffi.Error()
                rc = lib.lsc_score(ctypes.byref(r), h, data, len(data),
                                   ctypes.byref(so), ctypes.byref(err))
                return self._finish(rc, r, err, _json, report)
            finally:
                self._leave()
        finally:
            if history is not None:
                history._leave()
            if check is not None:
                check._leave()

    def check_sender(self, domain, **dns):
        """Checks a sending domain over DNS (SPF, DKIM, DMARC, MX, BIMI);
        returns a Check.  Keywords: servers ("IP:PORT,..."), timeout_ms,
        tries, deadline_ms, selectors (list or "a,b"), sending_ip,
        expect_include, message (bytes: its DKIM-Signature, From and
        Return-Path), cache (a DnsCache), now."""
        return _dns.check(self, lib.lsc_sender_check, domain, dns)

    def check_recipients(self, recipients, **dns):
        """Checks that recipient domains can receive mail (MX, null MX,
        A/AAAA, NXDOMAIN, provider typos); recipients: a list of addresses
        or one "a@x, b@y" string.  Keywords as check_sender.  Returns a
        Check."""
        if not isinstance(recipients, (str, bytes)):
            recipients = ", ".join(recipients)
        return _dns.check(self, lib.lsc_recipient_check, recipients, dns)

    def _read_bounce_handle(self, data):
        h = self._enter()
        try:
            b = _ffi.BounceHandle()
            err = _ffi.Error()
            rc = lib.lsc_bounce_read(ctypes.byref(b), h, data, len(data),
                                     None, ctypes.byref(err))
            if rc != 0:
                _raise(rc, err)
            return b
        finally:
            self._leave()

    def read_bounce(self, message: Optional[MessageInput] = None,
                    text: Union[str, bytes, None] = None) -> "Bounce":
        """Reads a returned message (as score() takes it) and
        says who failed and why: a Bounce, kind "none" when it is not one
        (never an error).  Explanations are in the Scorer's language."""
        data = message_bytes(message, text, "read_bounce")
        b = self._read_bounce_handle(data)
        try:
            return Bounce(self, data, b)
        finally:
            lib.lsc_bounce_free(b)

    def score_file(self, path, **kw):
        """score() of a file given by name."""
        with open(path, "rb") as f:
            return self.score(f.read(), **kw)

    def parse(self, message: Optional[MessageInput] = None,
              text: Union[str, bytes, None] = None) -> "Result":
        """Reads only the structure (parts, text), no rules; the message
        as score() takes it."""
        data = message_bytes(message, text, "parse")
        h = self._enter()
        try:
            r = _ffi.ResultHandle()
            err = _ffi.Error()
            rc = lib.lsc_parse(ctypes.byref(r), h, data, len(data),
                               ctypes.byref(err))
            return self._finish(rc, r, err)
        finally:
            self._leave()

    def score_draft(self, mode="draft", now=None, history=None,
                    session=None, fingerprint=True, report=None, check=None,
                    **fields):
        """Scores a draft given as pieces, without building MIME.

        Fields: from_ (or sender), to, cc, bcc, reply_to (str or list of
        str), subject, text, html, in_reply_to, references, headers (dict
        or list of pairs), attachments (list of paths, (filename, bytes)
        pairs, dicts or Attachment).  The result equals score() of
        draft_mime() of the same fields.  report, check: as for score().
        """
        buf = _DraftBuf(_draft_fields(fields))
        if session is not None and session._scorer is not self:
            raise InvalidArgument(-1, "the session belongs to another "
                                  "Scorer", "score_draft")
        cache = session._cache if session is not None else None
        so = self._score_options(mode, now, history, fingerprint, check)
        try:
            h = self._enter()
            try:
                r = _ffi.ResultHandle()
                err = _ffi.Error()
                rc = lib.lsc_draft_score(ctypes.byref(r), h,
                                         ctypes.byref(buf.d),
                                         ctypes.byref(so), cache,
                                         ctypes.byref(err))
                return self._finish(rc, r, err, report=report)
            finally:
                self._leave()
        finally:
            if history is not None:
                history._leave()
            if check is not None:
                check._leave()

    def draft_mime(self, **fields):
        """The MIME message (bytes, CRLF) that score_draft() scores."""
        buf = _DraftBuf(_draft_fields(fields))
        h = self._enter()
        try:
            out = ctypes.c_void_p()
            n = ctypes.c_size_t(0)
            err = _ffi.Error()
            rc = lib.lsc_draft_mime(ctypes.byref(out), ctypes.byref(n), h,
                                    ctypes.byref(buf.d), ctypes.byref(err))
            if rc != 0:
                _raise(rc, err)
            try:
                return ctypes.string_at(out, n.value)
            finally:
                lib.lsc_string_free(out)
        finally:
            self._leave()

    def session(self, max_entries=0):
        """A composer session: re-scoring reuses unchanged attachments."""
        return DraftSession(self, max_entries)


class DraftSession:
    """A composer window's memory (an lsc_draft_cache): score() again and
    again as the user types; unchanged attachments are not re-read,
    re-encoded or re-analysed.  One session is used by one thread at a
    time (a lock serializes calls)."""

    def __init__(self, scorer, max_entries=0):
        self._scorer = scorer
        self._cache = None
        self._mutex = threading.Lock()
        h = scorer._enter()
        try:
            c = _ffi.DraftCacheHandle()
            err = _ffi.Error()
            rc = lib.lsc_draft_cache_new(ctypes.byref(c), h, max_entries,
                                         ctypes.byref(err))
            if rc != 0:
                _raise(rc, err)
            self._cache = c
        finally:
            scorer._leave()

    def score(self, **fields):
        with self._mutex:
            if not self._cache:
                raise InvalidArgument(-1, "the session is closed",
                                      "DraftSession")
            return self._scorer.score_draft(session=self, **fields)

    def stats(self):
        """(attachments whose bytes came from the cache, attachments read
        and encoded afresh, attachments whose analysis was reused)."""
        hits = ctypes.c_uint64(0)
        misses = ctypes.c_uint64(0)
        reused = ctypes.c_uint64(0)
        lib.lsc_draft_cache_stats(self._cache, ctypes.byref(hits),
                                  ctypes.byref(misses), ctypes.byref(reused))
        return hits.value, misses.value, reused.value

    def close(self):
        with self._mutex:
            c, self._cache = self._cache, None
        if c:
            lib.lsc_draft_cache_free(c)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass


from . import dns as _dns  # noqa: E402  (needs the names above)
from .dns import Check, DnsCache  # noqa: E402,F401
