"""The binding's value types and what it accepts as a message.

Takes: the loaded library (flag names come from lsc_flag_name, so a flag a
newer library adds gets a member without a change here).  Gives:

  Level            the result's level as an enum that is also the old
                   string: Level.HIGH == "high", str(Level.HIGH) == "high",
                   json.dumps gives "high"
  MessageFlag      LSC_MSG_* bits as an IntFlag (an int, so old code that
                   compares or masks with numbers keeps working)
  PartFlag         LSC_PART_* bits, likewise
  AttachmentFlag   LSC_ATT_* bits, likewise
  message_bytes()  the bytes of a message given as bytes, a path (str or
                   os.PathLike), a binary file, an email.message.Message,
                   or text=; a str that is neither a message nor an
                   existing file is refused with the reason
"""

import email.message
import enum
import os
import re
from typing import IO, Optional, Union

from ._ffi import lib

__all__ = ["Level", "MessageFlag", "PartFlag", "AttachmentFlag",
           "MessageInput", "message_bytes", "level_of"]


class Level(str, enum.Enum):
    """How likely the message is to be filtered: LOW, MEDIUM, HIGH; or
    UNREADABLE for input that is not an email at all.

    A str as well: ``r.level == "high"``, ``"%s" % r.level`` and JSON give
    the library's name, as before the enum."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    UNREADABLE = "unreadable"

    # The value, not "Level.HIGH": reports and TSV print levels.
    __str__ = str.__str__
    __format__ = str.__format__

    def __hash__(self):
        # Equal to the plain string, so hash like it (dict keys "low"...).
        return str.__hash__(self)


def level_of(name: str) -> Union[Level, str]:
    """The Level of a library level name; a name this binding does not
    know yet (a newer library) stays a plain str."""
    try:
        return Level(name)
    except ValueError:
        return name


def _member(name: str) -> str:
    ident = re.sub(r"[^0-9A-Za-z]+", "_", name).upper()
    if ident[:1].isdigit():
        ident = re.sub(r"^8BIT", "EIGHTBIT", ident)
        if ident[:1].isdigit():
            ident = "F_" + ident
    return ident


def _flag_class(cls_name: str, flag_set: int, doc: str):
    members = []
    for i in range(32):
        name = lib.lsc_flag_name(flag_set, 1 << i)
        if name:
            members.append((_member(name.decode()), 1 << i))
    cls = enum.IntFlag(cls_name, members, module=__name__)
    cls.__doc__ = doc
    return cls


def _names(self) -> list:
    """The library's names of the bits set, lowest bit first."""
    out = []
    for i in range(32):
        if int(self) & (1 << i):
            n = lib.lsc_flag_name(self._flag_set, 1 << i)
            if n:
                out.append(n.decode())
    return out


MessageFlag = _flag_class("MessageFlag", 0, "LSC_MSG_* bits of a result.")
PartFlag = _flag_class("PartFlag", 1, "LSC_PART_* bits of a part.")
AttachmentFlag = _flag_class("AttachmentFlag", 2,
                             "LSC_ATT_* bits of an attachment.")
for _cls, _set in ((MessageFlag, 0), (PartFlag, 1), (AttachmentFlag, 2)):
    _cls._flag_set = _set
    _cls.names = property(_names)


MessageInput = Union[bytes, bytearray, memoryview, str, "os.PathLike[str]",
                     IO[bytes], email.message.Message]

# The first line of a message: a header field ("Name: value") or an mbox
# "From " line.
_FIRST_LINE = re.compile(r"(From |[!-9;-~]+:)")


def _from_email(msg: email.message.Message) -> bytes:
    try:
        return msg.as_bytes()
    except (UnicodeError, LookupError):
        # A compat32 Message holding non-ASCII str headers cannot be
        # serialised as bytes; its text is what the user built.
        return msg.as_string().encode("utf-8", "surrogateescape")


def message_bytes(message: Optional[MessageInput] = None,
                  text: Union[str, bytes, None] = None,
                  what: str = "score") -> bytes:
    """The bytes of a message (see the module's docstring)."""
    if text is not None:
        if message is not None:
            raise TypeError("%s() takes a message or text=, not both" % what)
        if isinstance(text, str):
            return text.encode("utf-8", "surrogateescape")
        if isinstance(text, (bytes, bytearray, memoryview)):
            return bytes(text)
        raise TypeError("%s(text=...) takes str or bytes, not %s"
                        % (what, type(text).__name__))
    if message is None:
        raise TypeError("%s() needs a message: bytes, a path, a binary file, "
                        "an email.message.Message, or text=" % what)
    if isinstance(message, (bytes, bytearray, memoryview)):
        return bytes(message)
    if isinstance(message, email.message.Message):
        return _from_email(message)
    if isinstance(message, str):
        if ("\n" in message or "\r" in message) and \
                _FIRST_LINE.match(message):
            return message.encode("utf-8", "surrogateescape")
        if "\n" not in message and os.path.isfile(message):
            with open(message, "rb") as f:
                return f.read()
        if "\n" not in message and "\r" not in message:
            raise FileNotFoundError(
                2, "%s() was given a str that is neither a message nor an "
                "existing file; pass the path of a message file, or the "
                "message itself as %s(text=...)" % (what, what), message)
        raise ValueError(
            "%s() was given a str that does not begin like a message (a "
            "header line such as \"Subject: ...\"); pass it as %s(text=...) "
            "to score it anyway, or a path or bytes" % (what, what))
    if isinstance(message, os.PathLike):
        with open(message, "rb") as f:
            return f.read()
    if hasattr(message, "read"):
        data = message.read()
        return data.encode("utf-8") if isinstance(data, str) else bytes(data)
    raise TypeError("%s() takes bytes, a path (str or os.PathLike), a binary "
                    "file, an email.message.Message or text=, not %s"
                    % (what, type(message).__name__))
