"""Neutralising untrusted text where claimx writes it: terminals, spreadsheets, JSON Lines.

Article text, titles, publications and file names come from whoever wrote the input. Three
places would otherwise act on them instead of showing them:

- a terminal obeys C0/C1 control characters and escape sequences (clear the screen, set the
  window title, write the clipboard, hide text) and reorders text around bidi controls:
  `for_terminal` renders each one visibly as a Python-style escape (`\\x1b`, `\\u202e`);
  newlines and tabs are kept where a layout wants them (`keep="\\n\\t"`);
- a spreadsheet runs a cell starting with `=`, `+`, `-`, `@`, TAB or CR as a formula:
  `for_spreadsheet` prefixes such a cell with `'` (OWASP's advice), which spreadsheets show as
  text and do not display;
- JavaScript and `str.splitlines()` treat U+2028/U+2029 (and `splitlines` NEL, U+0085) as
  line ends, so one JSON line would read as several: `json_line_safe` escapes them as
  `\\u2028`/`\\u2029`/`\\u0085` (the same JSON value).

One module so that every writer (the terminal view, tables, `Error:` lines, the progress bar,
CSV/TSV) neutralises the same characters the same way.
"""

from __future__ import annotations

import re

# C0 controls (but not the layout ones a caller keeps), DEL, C1 controls, and the bidi
# embedding, override, isolate and direction marks, line/paragraph separators and invisible
# characters that hide text (zero-width joiners stay: emoji and Indic scripts need them), and
# lone surrogates.
_UNSAFE_CLASS = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f"
    "\u061c\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
    "\ud800-\udfff"
)
# One compiled pattern per set of kept layout characters.
_PATTERNS = {
    keep: re.compile(f"[{''.join(c for c in chr(9) + chr(10) if c not in keep)}{_UNSAFE_CLASS}]")
    for keep in ("", "\n", "\t", "\n\t")
}

# Cells a spreadsheet would read as a formula (or a DDE command) by their first character.
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def for_terminal(text: str, *, keep: str = "") -> str:
    """`text` with every control, escape and bidi character shown as `\\xNN`/`\\uNNNN`.

    `keep` may hold "\\n" and/or "\\t" to keep those as they are (a multi-line view). Text
    without such characters is returned unchanged, and quickly: the common case costs one scan.

        >>> for_terminal("ok \\x1b]0;pwned\\x07 \\u202eevil")
        'ok \\\\x1b]0;pwned\\\\x07 \\\\u202eevil'
    """
    pattern = _PATTERNS["".join(c for c in "\n\t" if c in keep)]
    if pattern.search(text) is None:
        return text
    return pattern.sub(_escape, text)


def for_spreadsheet(cell: str) -> str:
    """`cell` prefixed with `'` when a spreadsheet would run it as a formula."""
    if cell and cell[0] in FORMULA_LEADS:
        return "'" + cell
    return cell


# Line ends to JavaScript or `str.splitlines()` that JSON writers leave raw (JSON itself
# escapes only characters below U+0020).
_JSON_LINE_ENDS = re.compile("[\x85\u2028\u2029]")


def json_line_safe(line: str) -> str:
    """A JSON text with U+2028, U+2029 (and NEL, U+0085) escaped, so that it is one line for
    every reader.

    They can occur only inside JSON strings, where `\\u2028` is the same character.
    """
    # Three `in` tests beat one regex scan: for text below U+0085 (most news) each is O(1).
    if "\x85" not in line and "\u2028" not in line and "\u2029" not in line:
        return line
    return _JSON_LINE_ENDS.sub(lambda m: f"\\u{ord(m.group()):04x}", line)
