"""ctypes declarations of include/libscore.h.

Takes: the shared library (found as described in ``find_library``).
Gives: ``lib``, a ``ctypes.CDLL`` with ``argtypes`` and ``restype`` set for
every function the header declares, the structs mirrored field by field,
and typed opaque handles so a result can never be passed where an engine
is expected.  ctypes releases the GIL during every call through a CDLL, so
scoring in several threads runs in parallel.

Limits: the struct mirrors must follow the header; tests/test_layout.py
compiles a C program that prints every size and offset and compares.
"""

import ctypes
import ctypes.util
import os

c_size_t = ctypes.c_size_t
c_char_p = ctypes.c_char_p
c_void_p = ctypes.c_void_p
c_int = ctypes.c_int
c_uint = ctypes.c_uint
c_double = ctypes.c_double
POINTER = ctypes.POINTER

LSC_NTS = ctypes.c_size_t(-1).value


# ---- typed opaque handles ----

class EngineHandle(c_void_p):
    """An ``lsc_engine *``."""


class ResultHandle(c_void_p):
    """An ``lsc_result *``."""


class DraftCacheHandle(c_void_p):
    """An ``lsc_draft_cache *``."""


class HistoryHandle(c_void_p):
    """An ``lsc_history *``."""


class FingerprintHandle(c_void_p):
    """An ``lsc_fingerprint *``."""


class CheckHandle(c_void_p):
    """An ``lsc_check *`` (a DNS sender or recipient check)."""


class DnsCacheHandle(c_void_p):
    """An ``lsc_dns_cache *``."""
class HistoryTeamHandle(c_void_p):
    """An ``lsc_history_team *``."""
class BounceHandle(c_void_p):
    """An ``lsc_bounce *``."""


# ---- structs ----

class Error(ctypes.Structure):
    _fields_ = [
        ("code", c_int),
        ("line", c_int),
        ("column", c_int),
        ("source", ctypes.c_char * 128),
        ("message", ctypes.c_char * 256),
    ]


class Allocator(ctypes.Structure):
    _fields_ = [
        ("malloc_fn", c_void_p),
        ("realloc_fn", c_void_p),
        ("free_fn", c_void_p),
        ("ud", c_void_p),
    ]


LIMIT_FIELDS = (
    "max_message_bytes", "max_parts", "max_depth", "max_headers",
    "max_header_bytes", "max_html_nodes", "max_links", "max_words",
    "max_archive_entries", "max_archive_depth",
)


class Limits(ctypes.Structure):
    _fields_ = [(name, c_size_t) for name in LIMIT_FIELDS] + [
        ("max_archive_bytes", ctypes.c_uint64),
    ]


class RuleSetting(ctypes.Structure):
    _fields_ = [
        ("id", c_char_p),
        ("weight", c_double),
        ("enabled", c_int),
    ]


class SizeLimit(ctypes.Structure):
    _fields_ = [
        ("domain", c_char_p),
        ("bytes", ctypes.c_uint64),
    ]


LSC_OPTIONS_VERSION = 1


class Options(ctypes.Structure):
    _fields_ = [
        ("version", c_uint),
        ("flags", c_uint),
        ("lang", c_int),
        ("wordlist_dir", c_char_p),
        ("wordlist_mode", c_int),
        ("config", c_char_p),
        ("config_len", c_size_t),
        ("config_path", c_char_p),
        ("rules", POINTER(RuleSetting)),
        ("n_rules", c_size_t),
        ("size_limits", POINTER(SizeLimit)),
        ("n_size_limits", c_size_t),
        ("limits", Limits),
        ("allocator", POINTER(Allocator)),
    ]


class RuleInfo(ctypes.Structure):
    _fields_ = [
        ("id", c_char_p),
        ("group", c_char_p),
        ("description", c_char_p),
        ("default_weight", c_double),
        ("weight", c_double),
        ("enabled", c_int),
    ]


LSC_SCORE_OPTIONS_VERSION = 2
LSC_SCORE_NO_FINGERPRINT = 0x1


class ScoreOptions(ctypes.Structure):
    _fields_ = [
        ("version", c_uint),
        ("flags", c_uint),
        ("mode", c_int),
        ("now", ctypes.c_int64),
        ("history", HistoryHandle),
        ("check", CheckHandle),
    ]


LSC_DNS_OPTIONS_VERSION = 1


class DnsOptions(ctypes.Structure):
    _fields_ = [
        ("version", c_uint),
        ("flags", c_uint),
        ("servers", c_char_p),
        ("timeout_ms", c_int),
        ("tries", c_int),
        ("deadline_ms", c_int),
        ("selectors", c_char_p),
        ("selectors_len", c_size_t),
        ("sending_ip", c_char_p),
        ("expect_include", c_char_p),
        ("message", c_void_p),
        ("message_len", c_size_t),
        ("cache", DnsCacheHandle),
        ("now", ctypes.c_int64),
    ]


LSC_HTML_OPTIONS_VERSION = 1
LSC_HTML_FRAGMENT = 0x1
LSC_HTML_LANG_ENGINE = -1


class HtmlOptions(ctypes.Structure):
    _fields_ = [
        ("version", c_uint),
        ("flags", c_uint),
        ("lang", c_int),
        ("title", c_char_p),
        ("title_len", c_size_t),
    ]


class Evidence(ctypes.Structure):
    _fields_ = [
        ("where", c_int),
        ("part", c_size_t),
        ("header", c_char_p),
        ("start", c_size_t),
        ("end", c_size_t),
        ("text", c_char_p),
    ]


class Hit(ctypes.Structure):
    _fields_ = [
        ("id", c_char_p),
        ("group", c_char_p),
        ("weight", c_double),
        ("strength", c_double),
        ("points", c_double),
        ("description", c_char_p),
        ("explanation", c_char_p),
        ("suggestion", c_char_p),
        ("n_evidence", c_size_t),
        ("evidence", POINTER(Evidence)),
        ("fix_points", c_double),
        ("fix_risk", c_int),
    ]


class Part(ctypes.Structure):
    _fields_ = [
        ("index", c_size_t),
        ("leaf_index", c_size_t),
        ("parent", c_size_t),
        ("depth", c_uint),
        ("kind", c_int),
        ("content_type", c_char_p),
        ("charset", c_char_p),
        ("disposition", c_char_p),
        ("filename", c_char_p),
        ("transfer_encoding", c_char_p),
        ("encoded_bytes", c_size_t),
        ("body", c_void_p),
        ("body_bytes", c_size_t),
        ("utf8", c_void_p),
        ("utf8_bytes", c_size_t),
        ("text", c_void_p),
        ("text_bytes", c_size_t),
        ("real_type", c_char_p),
        ("flags", c_uint),
        ("invalid_bytes", c_size_t),
    ]


class ArchiveEntry(ctypes.Structure):
    _fields_ = [
        ("name", c_char_p),
        ("path", c_char_p),
        ("size", ctypes.c_uint64),
        ("depth", c_uint),
        ("parent", c_size_t),
        ("flags", c_uint),
    ]


class AttachmentInfo(ctypes.Structure):
    _fields_ = [
        ("part", c_size_t),
        ("filename", c_char_p),
        ("extension", c_char_p),
        ("extensions", c_char_p),
        ("declared_type", c_char_p),
        ("real_type", c_char_p),
        ("kind", c_char_p),
        ("decoded_bytes", ctypes.c_uint64),
        ("encoded_bytes", ctypes.c_uint64),
        ("flags", c_uint),
        ("n_entries", c_size_t),
        ("entries", POINTER(ArchiveEntry)),
        ("archive_bytes", ctypes.c_uint64),
    ]


LSC_HISTORY_OPTIONS_VERSION = 1
LSC_HISTORY_FILTER_VERSION = 1
LSC_HISTORY_MAX_COMPARED = 32
LSC_HISTORY_MATCH_VERSION = 1
LSC_HISTORY_SUMMARY_VERSION = 1
LSC_HISTORY_READONLY = 0x1
LSC_HISTORY_SYNC_FULL = 0x2


class HistoryOptions(ctypes.Structure):
    _fields_ = [
        ("version", c_uint),
        ("flags", c_uint),
        ("max_age", ctypes.c_int64),
        ("busy_timeout_ms", c_int),
        ("now", ctypes.c_int64),
        ("allocator", POINTER(Allocator)),
    ]


class HistoryFilter(ctypes.Structure):
    _fields_ = [
        ("version", c_uint),
        ("like", FingerprintHandle),
        ("min_similarity", c_double),
        ("since", ctypes.c_int64),
        ("until", ctypes.c_int64),
        ("domain", c_char_p),
    ]


class HistoryMatch(ctypes.Structure):
    _fields_ = [
        ("version", c_uint),
        ("id", ctypes.c_int64),
        ("time", ctypes.c_int64),
        ("similarity", c_double),
        ("same_body", c_int),
        ("n_domains", c_size_t),
    ]


class HistorySummary(ctypes.Structure):
    _fields_ = [
        ("version", c_uint),
        ("entries", ctypes.c_uint64),
        ("oldest", ctypes.c_int64),
        ("newest", ctypes.c_int64),
        ("domains", ctypes.c_uint64),
        ("top_domain", ctypes.c_char * 256),
        ("top_domain_count", ctypes.c_uint64),
        ("largest_template", ctypes.c_uint64),
        ("memory_bytes", ctypes.c_uint64),
        ("max_age", ctypes.c_int64),
        ("persistent", c_int),
    ]


class HistoryTeamRow(ctypes.Structure):
    _fields_ = [
        ("sender", c_char_p),
        ("domain", c_char_p),
        ("sent_hour", ctypes.c_uint64),
        ("sent_day", ctypes.c_uint64),
        ("similar_hour", ctypes.c_uint64),
        ("similar_day", ctypes.c_uint64),
    ]


class BounceDomain(ctypes.Structure):
    _fields_ = [
        ("domain", ctypes.c_char * 256),
        ("bounces", ctypes.c_uint64),
        ("hard", ctypes.c_uint64),
    ]


LSC_BOUNCE_KINDS = ("none", "failure", "autoreply", "feedback", "delivered")

LSC_ATTACH_INLINE = 0x1
LSC_DRAFT_VERSION = 1


class DraftAttachment(ctypes.Structure):
    _fields_ = [
        ("filename", c_char_p),
        ("filename_len", c_size_t),
        ("content_type", c_char_p),
        ("content_type_len", c_size_t),
        ("data", c_void_p),
        ("data_len", c_size_t),
        ("path", c_char_p),
        ("content_id", c_char_p),
        ("content_id_len", c_size_t),
        ("flags", c_uint),
    ]


class DraftHeader(ctypes.Structure):
    _fields_ = [
        ("name", c_char_p),
        ("name_len", c_size_t),
        ("value", c_char_p),
        ("value_len", c_size_t),
    ]


DRAFT_TEXT_FIELDS = ("from", "to", "cc", "bcc", "reply_to", "subject",
                     "text", "html", "in_reply_to", "references")


class Draft(ctypes.Structure):
    _fields_ = [("version", c_uint), ("flags", c_uint)] + [
        f for name in DRAFT_TEXT_FIELDS
        for f in ((name, c_char_p), (name + "_len", c_size_t))
    ] + [
        ("attachments", POINTER(DraftAttachment)),
        ("n_attachments", c_size_t),
        ("headers", POINTER(DraftHeader)),
        ("n_headers", c_size_t),
    ]


# ---- finding the library ----

_HERE = os.path.dirname(os.path.abspath(__file__))


def candidates():
    """Where the library is looked for, in order."""
    out = []
    env = os.environ.get("LIBSCORE_LIBRARY")
    if env:
        out.append(("LIBSCORE_LIBRARY", env))
    for name in sorted(os.listdir(_HERE)):
        if name.startswith("libscore.so") or name in ("libscore.dylib",
                                                      "score.dll"):
            out.append(("package", os.path.join(_HERE, name)))
    build = os.path.normpath(os.path.join(_HERE, "..", "..", "..", "build"))
    out.append(("build tree", os.path.join(build, "libscore.so")))
    sysname = ctypes.util.find_library("score")
    if sysname:
        out.append(("system", sysname))
    return out


def find_library():
    """The path of the first candidate that exists (the system name as is).

    Order: $LIBSCORE_LIBRARY, a libscore.so next to this package, the
    build tree (../../build/libscore.so from bindings/python), the system
    (ctypes.util.find_library("score")).
    """
    tried = []
    for where, path in candidates():
        if where == "system" or os.path.exists(path):
            return path
        tried.append("%s (%s)" % (path, where))
    raise OSError("libscore shared library not found; tried: "
                  + ", ".join(tried) + "; set LIBSCORE_LIBRARY")


def _declare(lib):
    E = POINTER(Error)
    sigs = {
        "lsc_version": (c_int, []),
        "lsc_version_string": (c_char_p, []),
        "lsc_strerror": (c_char_p, [c_int]),
        "lsc_options_init": (None, [POINTER(Options)]),
        "lsc_engine_new": (c_int, [POINTER(EngineHandle), POINTER(Options), E]),
        "lsc_engine_free": (None, [EngineHandle]),
        "lsc_engine_rule_count": (c_size_t, [EngineHandle]),
        "lsc_engine_rule": (POINTER(RuleInfo), [EngineHandle, c_size_t]),
        "lsc_engine_group_cap": (c_double, [EngineHandle, c_char_p]),
        "lsc_engine_lang": (c_int, [EngineHandle]),
        "lsc_score_options_init": (None, [POINTER(ScoreOptions)]),
        "lsc_score": (c_int, [POINTER(ResultHandle), EngineHandle, c_void_p,
                              c_size_t, POINTER(ScoreOptions), E]),
        "lsc_parse": (c_int, [POINTER(ResultHandle), EngineHandle, c_void_p,
                              c_size_t, E]),
        "lsc_result_free": (None, [ResultHandle]),
        "lsc_level_name": (c_char_p, [c_int]),
        "lsc_result_points": (c_double, [ResultHandle]),
        "lsc_result_risk": (c_int, [ResultHandle]),
        "lsc_result_level": (c_int, [ResultHandle]),
        "lsc_result_hit_count": (c_size_t, [ResultHandle]),
        "lsc_result_hit": (POINTER(Hit), [ResultHandle, c_size_t]),
        "lsc_flag_name": (c_char_p, [ctypes.c_int, c_uint]),
        "lsc_hit_evidence": (POINTER(Evidence), [POINTER(Hit), c_size_t]),
        "lsc_result_find_hit": (POINTER(Hit), [ResultHandle, c_char_p]),
        "lsc_result_flags": (c_uint, [ResultHandle]),
        "lsc_result_part_count": (c_size_t, [ResultHandle]),
        "lsc_result_part": (POINTER(Part), [ResultHandle, c_size_t]),
        "lsc_result_subject": (c_void_p, [ResultHandle, POINTER(c_size_t)]),
        "lsc_result_header_count": (c_size_t, [ResultHandle]),
        "lsc_result_header": (c_int, [ResultHandle, c_size_t,
                                      POINTER(c_char_p), POINTER(c_char_p)]),
        "lsc_result_header_value": (c_char_p, [ResultHandle, c_char_p]),
        "lsc_result_json": (c_int, [POINTER(c_void_p), POINTER(c_size_t),
                                    ResultHandle, c_uint, POINTER(Error)]),
        "lsc_string_free": (None, [c_void_p]),
        "lsc_html_options_init": (None, [POINTER(HtmlOptions)]),
        "lsc_result_html": (c_int, [POINTER(c_void_p), POINTER(c_size_t),
                                    ResultHandle, POINTER(HtmlOptions), E]),
        "lsc_draft_init": (None, [POINTER(Draft)]),
        "lsc_draft_cache_new": (c_int, [POINTER(DraftCacheHandle),
                                        EngineHandle, c_size_t, E]),
        "lsc_draft_cache_free": (None, [DraftCacheHandle]),
        "lsc_draft_cache_stats": (None, [DraftCacheHandle,
                                         POINTER(ctypes.c_uint64),
                                         POINTER(ctypes.c_uint64),
                                         POINTER(ctypes.c_uint64)]),
        "lsc_result_fingerprint": (FingerprintHandle, [ResultHandle]),
        "lsc_result_personalization": (c_int, [ResultHandle, POINTER(c_size_t),
                                               POINTER(c_size_t),
                                               POINTER(c_double),
                                               POINTER(ctypes.c_int64)]),
        "lsc_fingerprint_encode": (c_int, [c_void_p, c_size_t,
                                           POINTER(c_size_t),
                                           FingerprintHandle, E]),
        "lsc_fingerprint_decode": (c_int, [POINTER(FingerprintHandle),
                                           c_void_p, c_size_t, E]),
        "lsc_fingerprint_free": (None, [FingerprintHandle]),
        "lsc_fingerprint_time": (ctypes.c_int64, [FingerprintHandle]),
        "lsc_fingerprint_domain_count": (c_size_t, [FingerprintHandle]),
        "lsc_fingerprint_domain": (c_char_p, [FingerprintHandle, c_size_t]),
        "lsc_fingerprint_similarity": (c_double, [FingerprintHandle,
                                                  FingerprintHandle]),
        "lsc_history_options_init": (None, [POINTER(HistoryOptions)]),
        "lsc_history_open": (c_int, [POINTER(HistoryHandle), c_char_p,
                                     POINTER(HistoryOptions), E]),
        "lsc_history_add": (c_int, [HistoryHandle, FingerprintHandle, E]),
        "lsc_history_match_init": (None, [POINTER(HistoryMatch), c_size_t]),
        "lsc_history_query": (c_int, [POINTER(HistoryMatch), c_size_t,
                                      POINTER(c_size_t), POINTER(c_size_t),
                                      HistoryHandle, POINTER(HistoryFilter),
                                      E]),
        "lsc_history_query_capped": (c_int, [POINTER(HistoryMatch), c_size_t,
                                             POINTER(c_size_t),
                                             POINTER(c_size_t),
                                             POINTER(c_int), HistoryHandle,
                                             POINTER(HistoryFilter), E]),
        "lsc_history_get": (c_int, [POINTER(FingerprintHandle), HistoryHandle,
                                    ctypes.c_int64, E]),
        "lsc_history_summary_init": (None, [POINTER(HistorySummary)]),
        "lsc_history_stats": (c_int, [POINTER(HistorySummary), HistoryHandle,
                                      E]),
        "lsc_history_close": (None, [HistoryHandle]),
        "lsc_history_set_sender": (c_int, [HistoryHandle, c_char_p, E]),
        "lsc_history_team_stats": (c_int, [POINTER(HistoryTeamHandle),
                                           HistoryHandle, ctypes.c_int64, E]),
        "lsc_history_team_count": (c_size_t, [HistoryTeamHandle]),
        "lsc_history_team_row_at": (POINTER(HistoryTeamRow),
                                    [HistoryTeamHandle, c_size_t]),
        "lsc_history_team_truncated": (c_int, [HistoryTeamHandle]),
        "lsc_history_team_free": (None, [HistoryTeamHandle]),
        "lsc_result_attachment_count": (c_size_t, [ResultHandle]),
        "lsc_result_attachment": (POINTER(AttachmentInfo),
                                  [ResultHandle, c_size_t]),
        "lsc_attachment_entry": (POINTER(ArchiveEntry),
                                 [POINTER(AttachmentInfo), c_size_t]),
        "lsc_result_message_bytes": (ctypes.c_uint64, [ResultHandle]),
        "lsc_result_size_limit": (ctypes.c_uint64, [ResultHandle,
                                                    POINTER(c_char_p)]),
        "lsc_draft_score": (c_int, [POINTER(ResultHandle), EngineHandle,
                                    POINTER(Draft), POINTER(ScoreOptions),
                                    DraftCacheHandle, E]),
        "lsc_draft_mime": (c_int, [POINTER(c_void_p), POINTER(c_size_t),
                                   EngineHandle, POINTER(Draft), E]),
        "lsc_dns_options_init": (None, [POINTER(DnsOptions)]),
        "lsc_dns_cache_new": (c_int, [POINTER(DnsCacheHandle), c_size_t,
                                      c_char_p, E]),
        "lsc_dns_cache_free": (None, [DnsCacheHandle]),
        "lsc_dns_cache_stats": (None, [DnsCacheHandle,
                                       POINTER(ctypes.c_uint64),
                                       POINTER(ctypes.c_uint64)]),
        "lsc_sender_check": (c_int, [POINTER(CheckHandle), EngineHandle,
                                     c_char_p, c_size_t, POINTER(DnsOptions),
                                     E]),
        "lsc_recipient_check": (c_int, [POINTER(CheckHandle), EngineHandle,
                                        c_char_p, c_size_t,
                                        POINTER(DnsOptions), E]),
        "lsc_check_free": (None, [CheckHandle]),
        "lsc_check_state_of": (c_int, [CheckHandle]),
        "lsc_check_state_name": (c_char_p, [c_int]),
        "lsc_check_subject": (c_char_p, [CheckHandle]),
        "lsc_check_points": (c_double, [CheckHandle]),
        "lsc_check_hit_count": (c_size_t, [CheckHandle]),
        "lsc_check_hit": (POINTER(Hit), [CheckHandle, c_size_t]),
        "lsc_check_find_hit": (POINTER(Hit), [CheckHandle, c_char_p]),
        "lsc_check_fact_count": (c_size_t, [CheckHandle]),
        "lsc_check_fact": (c_int, [CheckHandle, c_size_t, POINTER(c_char_p),
                                   POINTER(c_char_p)]),
        "lsc_check_fact_value": (c_char_p, [CheckHandle, c_char_p]),
        "lsc_check_queries": (c_size_t, [CheckHandle]),
        "lsc_check_elapsed_ms": (c_double, [CheckHandle]),
        "lsc_check_json": (c_int, [POINTER(c_void_p), POINTER(c_size_t),
                                   CheckHandle, c_uint]),
        "lsc_bounce_read": (c_int, [POINTER(BounceHandle), EngineHandle,
                                    c_void_p, c_size_t, c_void_p, E]),
        "lsc_bounce_free": (None, [BounceHandle]),
        "lsc_bounce_get_kind": (c_int, [BounceHandle]),
        "lsc_bounce_is_bounce": (c_int, [BounceHandle]),
        "lsc_bounce_format": (c_char_p, [BounceHandle]),
        "lsc_bounce_original_subject": (c_char_p, [BounceHandle]),
        "lsc_bounce_original_message_id": (c_char_p, [BounceHandle]),
        "lsc_bounce_original_to": (c_char_p, [BounceHandle]),
        "lsc_bounce_recipient_count": (c_size_t, [BounceHandle]),
        "lsc_bounce_address": (c_char_p, [BounceHandle, c_size_t]),
        "lsc_bounce_status": (c_char_p, [BounceHandle, c_size_t]),
        "lsc_bounce_reply_code": (c_int, [BounceHandle, c_size_t]),
        "lsc_bounce_diagnostic": (c_char_p, [BounceHandle, c_size_t]),
        "lsc_bounce_action": (c_char_p, [BounceHandle, c_size_t]),
        "lsc_bounce_command": (c_char_p, [BounceHandle, c_size_t]),
        "lsc_bounce_reporting_mta": (c_char_p, [BounceHandle, c_size_t]),
        "lsc_bounce_remote_mta": (c_char_p, [BounceHandle, c_size_t]),
        "lsc_bounce_date": (c_char_p, [BounceHandle, c_size_t]),
        "lsc_bounce_time": (ctypes.c_int64, [BounceHandle, c_size_t]),
        "lsc_bounce_get_reason": (c_int, [BounceHandle, c_size_t]),
        "lsc_bounce_hard": (c_int, [BounceHandle, c_size_t]),
        "lsc_bounce_explanation": (c_char_p, [BounceHandle, c_size_t]),
        "lsc_bounce_suggestion": (c_char_p, [BounceHandle, c_size_t]),
        "lsc_bounce_reason_name": (c_char_p, [c_int]),
        "lsc_bounce_reason_from_name": (c_int, [c_char_p]),
        "lsc_history_add_bounce": (c_int, [HistoryHandle, BounceHandle,
                                           POINTER(c_size_t), E]),
        "lsc_history_bounce_stats": (c_int, [HistoryHandle,
                                             POINTER(ctypes.c_uint64),
                                             POINTER(BounceDomain), c_size_t,
                                             POINTER(c_size_t), E]),
    }
    missing = []
    for name, (restype, argtypes) in sigs.items():
        try:
            fn = getattr(lib, name)
        except AttributeError:
            missing.append(name)
            continue
        fn.restype = restype
        fn.argtypes = argtypes
    if missing:
        raise OSError("libscore is too old: missing " + ", ".join(missing))
    return sigs


def load(path=None):
    """Loads and declares the library (path: None to search)."""
    path = path or find_library()
    lib = ctypes.CDLL(path)
    declared = _declare(lib)
    return lib, path, declared


lib, library_path, declared = load()
