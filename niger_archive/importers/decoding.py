"""Owns turning a file's bytes into text: encoding detection, binary refusal, newline normalisation."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

from ..core.errors import ImportRejected
from ..core.messages import N_, Message

# Byte-order marks, longest first (the UTF-32 LE mark starts with the UTF-16 LE mark).
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Encodings the detector may pick when Windows-1252 reads the bytes clearly worse. Exotic
# code pages (cp720, cp856, ...) are left out: on short texts detectors pick them by accident.
_TRUSTED_LEGACY = frozenset(
    {
        "cp1250", "cp1251", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258",
        "iso8859_2", "iso8859_4", "iso8859_5", "iso8859_6", "iso8859_7", "iso8859_8",
        "iso8859_9", "iso8859_13", "iso8859_15", "iso8859_16", "koi8_r", "koi8_u",
        "mac_roman", "gb18030", "gb2312", "gbk", "big5", "big5hkscs", "shift_jis", "cp932",
        "euc_jp", "euc_kr", "cp949",
    }
)
_WESTERN = ("cp1252", "latin_1", "iso8859_15")
_CHAOS_MARGIN = 0.05  # Windows-1252 wins unless another reading is clearly less chaotic
_MAX_CHAOS = 0.25
_DETECTOR_SAMPLE = 256 * 1024  # the detector reads a sample; strict decoding validates all bytes
_MAX_CONTROL_RATIO = 0.02  # more control/unassigned characters than this means "not text"
_UTF8_MAX_ERROR_RATIO = 0.01
_BINARY_SAMPLE = 200_000
# C0/C1 controls other than tab, LF, VT, FF; the replacement mark; surrogates; private use.
_NOT_TEXT = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd\ud800-\udfff\ue000-\uf8ff]")


@dataclass(frozen=True)
class DecodedText:
    """A file's text with newlines normalised to ``\\n``, the codec that read it, and remarks."""

    text: str
    encoding: str
    notes: tuple[str, ...] = ()


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_bytes(data: bytes) -> DecodedText:
    """Decode ``data`` or raise ImportRejected saying why it is not a readable text file.

    Order: byte-order mark -> strict UTF-8 -> BOM-less UTF-16 -> charset-normalizer restricted
    to trusted legacy encodings and checked against Windows-1252 -> Windows-1252 -> Latin-1.
    """
    if not data:
        raise ImportRejected(N_("the file is empty"))
    if not data.strip():
        raise ImportRejected(N_("the file is empty (only whitespace)"))
    text, encoding, notes = _decode(data)
    if text.startswith("\ufeff"):
        text = text[1:]
    text = normalise_newlines(text)
    if not text.strip():
        raise ImportRejected(N_("the file is empty (only whitespace)"))
    if _looks_binary(text):
        raise ImportRejected(Message(
            "the file looks binary or is not text in a known encoding (read as {encoding}, "
            "too many control characters)", encoding=encoding))
    return DecodedText(text, encoding, tuple(notes))


def _decode(data: bytes) -> tuple[str, str, list[str]]:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec), codec + ("-sig" if codec == "utf-8" else ""), []
            except UnicodeDecodeError as exc:
                raise ImportRejected(Message(
                    "the file starts with a {codec} byte-order mark but is not valid "
                    "{codec} (bad bytes at offset {offset})", codec=codec.upper(), offset=exc.start + len(bom)
                )) from None
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    if b"\x00" in data:
        utf16 = _bomless_utf16(data)
        if utf16 is not None:
            return utf16
        raise ImportRejected(N_("the file looks binary, not text (it contains NUL bytes)"))
    mostly_utf8 = _mostly_utf8(data)
    if mostly_utf8 is not None:
        return mostly_utf8
    return _legacy(data)


def _bomless_utf16(data: bytes) -> tuple[str, str, list[str]] | None:
    """UTF-16 without a byte-order mark, recognised by NULs in every other byte."""
    if len(data) % 2 or len(data) < 4:
        return None
    even_nuls = data[0::2].count(0)
    odd_nuls = data[1::2].count(0)
    half = len(data) // 2
    if odd_nuls >= 0.6 * half and even_nuls <= 0.05 * half:
        codec = "utf-16-le"
    elif even_nuls >= 0.6 * half and odd_nuls <= 0.05 * half:
        codec = "utf-16-be"
    else:
        return None
    try:
        return data.decode(codec), codec, []
    except UnicodeDecodeError:
        return None


def _mostly_utf8(data: bytes) -> tuple[str, str, list[str]] | None:
    """UTF-8 with a few broken bytes (a truncated copy, a stray Latin-1 byte) stays UTF-8."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    multibyte = len(text) - len(text.encode("ascii", "ignore")) - text.count("\ufffd")
    if multibyte < 3 or bad > max(1, int(len(text) * _UTF8_MAX_ERROR_RATIO)) or bad > multibyte:
        return None
    return text, "utf-8", [f"replaced {bad} invalid UTF-8 byte sequence(s) with \ufffd"]


def _legacy(data: bytes) -> tuple[str, str, list[str]]:
    """A single-byte (or legacy multi-byte) encoding: detector checked against Windows-1252."""
    western = _strict(data, "cp1252")
    chosen: str | None = None
    matches = from_bytes(data[:_DETECTOR_SAMPLE])
    candidates = [m for m in matches if any(c in _TRUSTED_LEGACY or c in _WESTERN for c in m.could_be_from_charset)]
    if candidates:
        least_chaos = min(match.chaos for match in candidates)
        western_chaos = min(
            (m.chaos for m in candidates if any(c in _WESTERN for c in m.could_be_from_charset)),
            default=None,
        )
        if western is not None and western_chaos is not None and western_chaos <= least_chaos + _CHAOS_MARGIN:
            chosen = None  # Windows-1252 reads it as well as anything: keep the Western reading
        else:
            for match in candidates:
                if match.chaos > _MAX_CHAOS:
                    continue
                codec = next((c for c in match.could_be_from_charset if c in _TRUSTED_LEGACY), None)
                if codec is not None and _strict(data, codec) is not None:
                    chosen = codec
                    break
    if chosen is not None:
        return _strict(data, chosen) or "", chosen, []
    if western is not None:
        return western, "cp1252", []
    return data.decode("latin-1"), "latin-1", []


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _looks_binary(text: str) -> bool:
    """True when too many characters are controls, surrogates, private-use or replacement marks."""
    sample = text[:_BINARY_SAMPLE]
    bad = _NOT_TEXT.subn("", sample)[1]
    return bad > max(2, len(sample) * _MAX_CONTROL_RATIO)
