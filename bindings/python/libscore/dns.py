"""DNS readiness checks (issue 13): the sender's domain and the recipients.

Takes: a Scorer (for its language and allocator) and the options of
lsc_dns_options as keywords.  Gives: a ``Check`` that copies out the state
("ok", "problems", "unknown"), the findings (``Hit`` objects, the same
shape as content hits, evidence ``where="dns"``: the name asked and the
record text) and the facts; it keeps the C check open so it can be passed
to ``Scorer.score(..., check=c)`` any number of times, until ``close()``.
A ``DnsCache`` keeps answers until their TTL, in memory or in a history
file, across checks and threads.
"""

import ctypes
import os

from . import _ffi
from ._ffi import lib
from . import _Handle, _copy_hit, _enc, _raise, _s


class DnsCache(_Handle):
    """DNS answers kept until their TTL (max_entries, 0: 4096).  With
    history_path (a History file that already exists) they are also kept
    there, so the next process starts warm."""

    def __init__(self, max_entries=0, history_path=None):
        h = _ffi.DnsCacheHandle()
        err = _ffi.Error()
        p = None if history_path is None else os.fsencode(history_path)
        rc = lib.lsc_dns_cache_new(ctypes.byref(h), int(max_entries), p,
                                   ctypes.byref(err))
        if rc != 0:
            _raise(rc, err)
        self._init_handle(h, lib.lsc_dns_cache_free)

    def stats(self):
        """(hits, misses) so far."""
        a, b = ctypes.c_uint64(0), ctypes.c_uint64(0)
        h = self._enter()
        try:
            lib.lsc_dns_cache_stats(h, ctypes.byref(a), ctypes.byref(b))
        finally:
            self._leave()
        return a.value, b.value


class Check(_Handle):
    """The result of check_sender / check_recipients.

    ``state`` ("ok", "problems", "unknown"), ``subject`` (what was
    checked), ``points``, ``hits`` (worst first), ``facts`` (dict),
    ``queries`` (asked on the wire), ``elapsed_ms``.
    """

    def __init__(self, handle):
        self._init_handle(handle, lib.lsc_check_free)
        self.state = _s(lib.lsc_check_state_name(
            lib.lsc_check_state_of(handle)))
        self.subject = _s(lib.lsc_check_subject(handle))
        self.points = lib.lsc_check_points(handle)
        self.queries = lib.lsc_check_queries(handle)
        self.elapsed_ms = lib.lsc_check_elapsed_ms(handle)
        self.hits = []
        for i in range(lib.lsc_check_hit_count(handle)):
            hp = lib.lsc_check_hit(handle, i)
            if hp:
                self.hits.append(_copy_hit(hp.contents))
        self.facts = {}
        name, value = ctypes.c_char_p(), ctypes.c_char_p()
        for i in range(lib.lsc_check_fact_count(handle)):
            if lib.lsc_check_fact(handle, i, ctypes.byref(name),
                                  ctypes.byref(value)) == 0:
                self.facts[_s(name.value)] = _s(value.value)

    def hit(self, finding_id):
        """The first finding with that id, or None."""
        for h in self.hits:
            if h.id == finding_id:
                return h
        return None

    def to_dict(self):
        return {"subject": self.subject, "state": self.state,
                "points": self.points, "queries": self.queries,
                "hits": [h.to_dict() for h in self.hits],
                "facts": dict(self.facts)}

    def __repr__(self):
        return "Check(%s, %s, %d findings)" % (self.subject, self.state,
                                               len(self.hits))


def _options(kw, keep):
    o = _ffi.DnsOptions()
    lib.lsc_dns_options_init(ctypes.byref(o))
    known = {"servers", "timeout_ms", "tries", "deadline_ms", "selectors",
             "sending_ip", "expect_include", "message", "cache", "now"}
    bad = set(kw) - known
    if bad:
        raise TypeError("unknown DNS option(s): " + ", ".join(sorted(bad)))
    servers = kw.get("servers")
    if servers is not None and not isinstance(servers, (str, bytes)):
        servers = ",".join(servers)
    o.servers = _enc(servers)
    o.timeout_ms = int(kw.get("timeout_ms") or 0)
    o.tries = int(kw.get("tries") or 0)
    o.deadline_ms = int(kw.get("deadline_ms") or 0)
    sel = kw.get("selectors")
    if sel is not None:
        if not isinstance(sel, (str, bytes)):
            sel = ",".join(sel)
        sel = _enc(sel)
        o.selectors = sel
        o.selectors_len = len(sel)
    o.sending_ip = _enc(kw.get("sending_ip"))
    o.expect_include = _enc(kw.get("expect_include"))
    msg = kw.get("message")
    if msg is not None:
        if isinstance(msg, str):
            msg = msg.encode("utf-8")
        buf = ctypes.create_string_buffer(bytes(msg), len(msg))
        keep.append(buf)
        o.message = ctypes.cast(buf, ctypes.c_void_p)
        o.message_len = len(msg)
    o.now = int(kw.get("now") or 0)
    keep += [o.servers, o.sending_ip, o.expect_include]
    return o


def check(scorer, fn, what, kw):
    """Runs fn (lsc_sender_check or lsc_recipient_check) for scorer."""
    keep = []
    o = _options(kw, keep)
    data = _enc(what) or b""
    cache = kw.get("cache")
    if cache is not None and not isinstance(cache, DnsCache):
        raise TypeError("cache must be a libscore.DnsCache")
    h = scorer._enter()
    try:
        if cache is not None:
            o.cache = cache._enter()
        try:
            out = _ffi.CheckHandle()
            err = _ffi.Error()
            rc = fn(ctypes.byref(out), h, data, len(data), ctypes.byref(o),
                    ctypes.byref(err))
        finally:
            if cache is not None:
                cache._leave()
    finally:
        scorer._leave()
    if rc != 0:
        _raise(rc, err)
    return Check(out)
