"""Bytes to text: byte-order marks, legacy code pages and binary detection.

`decode(data)` returns the text and the name of the encoding it was decoded from, or raises
`BinaryInputError` when the bytes are not text at all (an image, an archive, random bytes).

The order matters:

1. a byte-order mark (UTF-32 before UTF-16, whose BOM is a prefix of UTF-32-LE's) is trusted;
2. well-known magic numbers (PNG, JPEG, PDF, ZIP, GZIP, ...) mark binary files before any
   detector is asked to make sense of them;
3. BOM-less UTF-16/32 is recognised by its NUL pattern, since it would otherwise look binary;
4. a sample rich in control bytes is binary; a few stray ones (a NUL or BEL inside prose) are not;
5. strict UTF-8, by far the most common case, is tried before any guessing;
6. UTF-8 with a few stray cp1252 bytes (a file pasted together from two sources, "Café" saved
   by an old editor into a UTF-8 article) is decoded as UTF-8 with cp1252 for those bytes
   alone, reported as `utf-8+cp1252`: when the text has valid multi-byte UTF-8 sequences and
   the stray bytes are few, no single code page reads it right, and a detector would pick a
   distant one (cp874, Thai) for the whole file;
7. text that is mostly ASCII with a few high bytes that cp1252 reads as Latin letters or
   punctuation is cp1252 (a detector guesses wildly on so little evidence);
8. anything else goes to `charset-normalizer`; when it picks a Latin-script single-byte code page
   (it cannot tell cp1252 from cp1250 or cp1257 on a short English text, where they differ only
   in a few letters) and the bytes are valid cp1252, cp1252 is used: it is the code page of
   legacy Western news text and a superset of latin-1's printable range. When the detector finds
   nothing plausible, the bytes are binary ("undecodable").
"""

from __future__ import annotations

import codecs
import threading
import unicodedata
from dataclasses import dataclass

from claimx.errors import InputError

# The detector and the control-byte census look at the start of the file only: enough to judge,
# and bounded however large the file is.
SAMPLE_BYTES = 64 * 1024

# More than this share of control bytes in the sample means binary. Random bytes have ~11%,
# prose with a stray NUL or BEL has well under 1%.
CONTROL_RATIO = 0.05
# ...and at least this many, so that one NUL in a ten-byte text is still text.
CONTROL_MIN = 8

# At most this share of bytes above 0x7F for a text to be read as cp1252 when the detector
# has no opinion.
HIGH_BYTES_RATIO = 0.3

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    # (BOM, codec that strips it, name reported)
    (codecs.BOM_UTF32_LE, "utf-32", "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32", "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16-be"),
)

# (marker, offset, what, required start): `marker` at `offset`, and the file starts with the
# last item too. Markers made only of printable ASCII would also match a text that happens to
# begin with them, so those are pinned by a second, binary feature where the format has one.
_MAGIC: tuple[tuple[bytes, int, str, bytes], ...] = (
    (b"\x89PNG\r\n\x1a\n", 0, "PNG image", b""),
    (b"\xff\xd8\xff", 0, "JPEG image", b""),
    (b"GIF87a", 0, "GIF image", b""),
    (b"GIF89a", 0, "GIF image", b""),
    (b"%PDF-", 0, "PDF document", b""),
    (b"PK\x03\x04", 0, "ZIP archive", b""),
    (b"PK\x05\x06", 0, "ZIP archive", b""),
    (b"PK\x07\x08", 0, "ZIP archive", b""),
    (b"\x1f\x8b", 0, "gzip archive", b""),
    (b"\xfd7zXZ\x00", 0, "xz archive", b""),
    (b"7z\xbc\xaf\x27\x1c", 0, "7z archive", b""),
    (b"Rar!\x1a\x07", 0, "RAR archive", b""),
    (b"\x28\xb5\x2f\xfd", 0, "zstd archive", b""),
    (b"\x7fELF", 0, "ELF executable", b""),
    (b"\xca\xfe\xba\xbe", 0, "Java class or Mach-O binary", b""),
    (b"\xcf\xfa\xed\xfe", 0, "Mach-O binary", b""),
    (b"\x00asm", 0, "WebAssembly module", b""),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 0, "OLE document (old Office)", b""),
    (b"SQLite format 3\x00", 0, "SQLite database", b""),
    (b"OggS\x00", 0, "Ogg media", b""),
    (b"fLaC\x00\x00\x00\x22", 0, "FLAC audio", b""),
    (b"II*\x00", 0, "TIFF image", b""),
    (b"MM\x00*", 0, "TIFF image", b""),
    (b"\x00\x00\x01\x00", 0, "ICO image", b""),
    (b"ftyp", 4, "MP4/QuickTime media", b"\x00\x00"),  # a big-endian box size comes first
    (b"WEBP", 8, "WebP image", b"RIFF"),
    (b"WAVE", 8, "WAV audio", b"RIFF"),
    (b"AVI ", 8, "AVI video", b"RIFF"),
)

# Bytes that are control characters in every ASCII-compatible encoding, except the ones text
# uses: TAB, LF, VT, FF, CR and ESC (ANSI colour codes in captured logs).
_CONTROL = bytes(b for b in range(32) if b not in b"\t\n\x0b\x0c\r\x1b") + b"\x7f"

# Every byte cp1252 leaves undefined; text containing one is not cp1252.
_CP1252_UNDEFINED = b"\x81\x8d\x8f\x90\x9d"


class BinaryInputError(InputError):
    """The bytes are not text; `reason` says what they look like."""

    def __init__(self, reason: str) -> None:
        super().__init__("binary", f"binary file ({reason})")
        self.reason = reason


@dataclass(frozen=True)
class Decoded:
    """Decoded text and the encoding it was decoded from."""

    text: str
    encoding: str


def decode(data: bytes) -> Decoded:
    """Decode `data` to text, detecting its encoding; raise `BinaryInputError` if it is not text.

    Never raises anything else: every byte string is either text (undecodable bytes inside an
    otherwise recognised encoding become U+FFFD) or binary.

        >>> decode("caf\\u00e9".encode("cp1252"))
        Decoded(text='café', encoding='cp1252')
    """
    if not data:
        return Decoded("", "utf-8")
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            return Decoded(data.decode(codec, errors="replace"), name)
    what = magic_type(data)
    if what is not None:
        raise BinaryInputError(what)
    sample = data[:SAMPLE_BYTES]
    wide = _bomless_wide(sample)
    if wide is not None:
        return Decoded(data.decode(wide, errors="replace"), wide)
    controls = len(sample) - len(sample.translate(None, _CONTROL))
    if controls > max(CONTROL_MIN, CONTROL_RATIO * len(sample)):
        raise BinaryInputError("control bytes")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
            # A file cut inside its last character is still UTF-8.
            return Decoded(data.decode("utf-8", errors="replace"), "utf-8")
    mixed = _utf8_with_cp1252(data)
    if mixed is not None:
        return mixed
    if _mostly_ascii_cp1252(sample) and _cp1252_ok(data):
        return Decoded(data.decode("cp1252"), "cp1252")
    return _detect(data)


# At most this many stray (not UTF-8) bytes, or this share of the bytes if more, for a text
# to be read as UTF-8 with cp1252 bytes; and at most this share of the sample's bytes may be
# high for a text to be read as cp1252 without asking the detector.
STRAY_MIN = 16
STRAY_RATIO = 0.01
FEW_HIGH_RATIO = 0.02

_STRAYS = threading.local()  # stray bytes met by the decode running in this thread


class _TooManyStrays(Exception):
    pass


def _cp1252_bytes(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: an undecodable byte read as cp1252 (latin-1 where cp1252 has no
    character), one byte at a time, so the UTF-8 around it is kept; counted per thread."""
    assert isinstance(exc, UnicodeDecodeError)
    _STRAYS.count += 1
    if _STRAYS.count > _STRAYS.limit:
        raise _TooManyStrays
    raw = exc.object[exc.start : exc.start + 1]
    try:
        return raw.decode("cp1252"), exc.start + 1
    except UnicodeDecodeError:
        return raw.decode("latin-1"), exc.start + 1


codecs.register_error("claimx-cp1252", _cp1252_bytes)


def _utf8_with_cp1252(data: bytes) -> Decoded | None:
    """UTF-8 with a few stray cp1252 bytes, or None when the bytes are not that."""
    _STRAYS.count = 0
    _STRAYS.limit = max(STRAY_MIN, int(STRAY_RATIO * len(data)))
    try:
        text = data.decode("utf-8", errors="claimx-cp1252")
    except _TooManyStrays:
        return None
    # Only real UTF-8 sequences make this UTF-8 (each is 2-4 bytes for one character, a stray
    # byte is one byte for one); with none, the text is in a single-byte code page.
    if len(text) >= len(data):
        return None
    return Decoded(text, "utf-8+cp1252")


def _mostly_ascii_cp1252(sample: bytes) -> bool:
    """Few high bytes, each a letter or punctuation in cp1252: Western text, not a code page
    whose every letter is a high byte (Thai, Cyrillic, Greek text are mostly high bytes)."""
    high = bytes(sorted({b for b in sample if b >= 0x80}))
    if not high:
        return False
    if sum(1 for b in sample if b >= 0x80) > FEW_HIGH_RATIO * len(sample):
        return False
    chars = high.decode("cp1252", errors="replace")
    return all(
        ch != "\ufffd" and (not ch.isalpha() or unicodedata.name(ch, "").startswith("LATIN"))
        for ch in chars
    )


def magic_type(data: bytes) -> str | None:
    """What a binary file's magic number says it is, or None when it has no known one."""
    for magic, offset, what, start in _MAGIC:
        if data.startswith(magic, offset) and data.startswith(start):
            return what
    return None


def _bomless_wide(sample: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be'/'utf-32-le'/'utf-32-be' for BOM-less wide text, else None.

    Text in these encodings that is mostly Latin has a NUL in (nearly) every second or fourth
    byte at a fixed phase; binary files have NULs scattered or in runs.
    """
    n = len(sample)
    if n < 8 or sample.count(0) < n // 4:
        return None
    for width, phases in ((4, ((1, 2, 3), (0, 1, 2))), (2, ((1,), (0,)))):
        usable = n - n % width
        for order, zero_at in zip(("le", "be"), phases):
            if all(_mostly_zero(sample[p:usable:width]) for p in zero_at):
                codec = f"utf-{width * 8}-{order}"
                text = sample[:usable].decode(codec, errors="replace")
                if _looks_like_text(text):
                    return codec
    return None


def _mostly_zero(column: bytes) -> bool:
    return bool(column) and column.count(0) >= 0.9 * len(column)


def _looks_like_text(text: str, *, controls: bool = True) -> bool:
    """True when few characters are replacements, unassigned (or, with `controls`, controls)."""
    bad_categories = ("Cc", "Cn", "Co", "Cs") if controls else ("Cn", "Co", "Cs")
    bad = sum(
        1
        for ch in text
        if ch == "\ufffd"
        or (unicodedata.category(ch) in bad_categories and ch not in "\t\n\r\x0b\x0c")
    )
    return bad <= 0.02 * len(text) + 1


def _detect(data: bytes) -> Decoded:
    """Ask charset-normalizer about non-UTF-8 bytes (see the module docstring)."""
    from charset_normalizer import from_bytes

    sample = data[:SAMPLE_BYTES]
    best = from_bytes(sample).best()
    if best is None:
        # The detector gives up on short texts with one or two accented letters. Western text
        # has few high bytes; random bytes have half of theirs above 0x7F.
        high = sum(1 for b in sample if b >= 0x80)
        if high <= HIGH_BYTES_RATIO * len(sample) and _cp1252_ok(data):
            return Decoded(data.decode("cp1252"), "cp1252")
        raise BinaryInputError("undecodable")
    encoding = codecs.lookup(best.encoding).name
    if encoding != "cp1252" and _single_byte_latin(best.encoding, data) and _cp1252_ok(data):
        encoding = "cp1252"
    text = data.decode(encoding, errors="replace")
    if not _looks_like_text(text[:SAMPLE_BYTES], controls=False):
        raise BinaryInputError("undecodable")
    return Decoded(text, encoding)


def _single_byte_latin(encoding: str, data: bytes) -> bool:
    """True when `encoding` is a single-byte code page reading `data` as Latin script."""
    try:
        info = codecs.lookup(encoding)
        if len("\u00e9".encode(info.name, errors="replace")) != 1:
            return False
        high = {b for b in data[:SAMPLE_BYTES] if b >= 0x80}
        chars = bytes(sorted(high)).decode(info.name, errors="replace")
    except LookupError:
        return False
    for ch in chars:
        if ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN"):
            return False
    return True


def _cp1252_ok(data: bytes) -> bool:
    return not any(bytes([b]) in data for b in _CP1252_UNDEFINED)
