"""Readers: bytes to text (encodings, binaries), HTML pages, folders, lists, stdin and limits."""

from __future__ import annotations

import builtins
import io
import os
import random
import sys

import pytest

from claimx.inputs.decoding import BinaryInputError, decode, magic_type
from claimx.inputs.readers import expand_paths, iter_articles, read_path
from claimx.inputs.webpages import declared_charset, html_to_article, looks_like_html

PROSE = (
    "\u201cThe chip is faster than the A100,\u201d said Jane Smith, an analyst at Acme Research."
)


# -- decoding -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (PROSE.encode("utf-8"), "utf-8"),
        (PROSE.encode("utf-8-sig"), "utf-8-sig"),
        (PROSE.encode("utf-16"), "utf-16-le"),
        (b"\xfe\xff" + PROSE.encode("utf-16-be"), "utf-16-be"),
        (PROSE.encode("utf-32"), "utf-32-le"),
        (b"\x00\x00\xfe\xff" + PROSE.encode("utf-32-be"), "utf-32-be"),
        (PROSE.encode("utf-16-le"), "utf-16-le"),  # no BOM: found by its NUL pattern
        (PROSE.encode("utf-16-be"), "utf-16-be"),
        (PROSE.encode("cp1252"), "cp1252"),  # smart quotes
        (
            "\u201cYes,\u201d he said.".encode("cp1252"),
            "cp1252",
        ),  # too short for any detector alone
    ],
)
def test_encodings_are_detected_and_the_bom_is_not_text(data, encoding):
    got = decode(data)
    assert got.encoding == encoding
    expected = "\u201cYes,\u201d he said." if len(data) < 30 else PROSE
    assert got.text == expected


def test_latin1_and_cyrillic_legacy_text():
    french = "Le ministre a déclaré que l'économie était forte, « très bien », a-t-il dit. Garçon, naïve."
    got = decode(french.encode("latin-1"))
    assert got.text == french and got.encoding in {"cp1252", "iso8859-1"}
    russian = "Министр заявил, что экономика сильна. Аналитики согласились с этим мнением."
    got = decode(russian.encode("cp1251"))
    assert got.text == russian and got.encoding == "cp1251"


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(64), "PNG image"),
        (b"\xff\xd8\xff\xe0" + bytes(64), "JPEG image"),
        (b"GIF89a" + bytes(64), "GIF image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF document"),  # PDFs start with ASCII
        (b"PK\x03\x04" + bytes(64), "ZIP archive"),
        (b"\x1f\x8b\x08\x00" + bytes(64), "gzip archive"),
    ],
)
def test_magic_numbers_are_binary(data, what):
    assert magic_type(data) == what
    with pytest.raises(BinaryInputError) as info:
        decode(data)
    assert info.value.type == "binary" and what in info.value.message


def test_random_bytes_and_nul_runs_are_binary():
    for data in (random.Random(5).randbytes(4096), bytes(1000), b"\x01\x02\x03\x04" * 100):
        with pytest.raises(BinaryInputError):
            decode(data)


def test_stray_control_characters_are_text():
    data = b"The minister said\x00 the plan\x07 would work.\x1b[0m And critics disagreed."
    got = decode(data)
    assert got.encoding == "utf-8" and "\x00" in got.text and "\x07" in got.text


def test_empty_and_truncated_utf8():
    assert decode(b"").text == ""
    cut = "caf\u00e9 \u201cnews\u201d".encode()[:-1]  # the last character is cut in half
    got = decode(cut)
    assert got.encoding == "utf-8" and got.text.startswith("caf\u00e9 \u201cnews")


# -- HTML -----------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Chip race heats up | Tech Daily</title>
<meta name="author" content="Jane Doe">
<meta property="og:site_name" content="Tech Daily">
<meta property="article:published_time" content="2024-03-05T10:00:00Z">
<link rel="canonical" href="https://news.example/chips">
<script>var trap = "secret script words";</script><style>p { color: red }</style></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Chip race heats up</h1>
<p>&ldquo;The chip is faster than the A100,&rdquo; said Jane Smith, an analyst at <b>Acme Research</b>.</p>
<p>Officials said the export rules would stay in place &amp; would be enforced, according to the ministry.</p>
<p>The company said its sales rose 20% last year, a record for the firm, and that demand stayed strong.</p>
</article><footer>Copyright 2024 Tech Daily. All rights reserved.</footer></body></html>
"""


def test_html_article_text_and_metadata():
    page = html_to_article(PAGE)
    assert page.title == "Chip race heats up"
    assert (page.byline, page.published, page.publication) == (
        "Jane Doe",
        "2024-03-05",
        "Tech Daily",
    )
    assert page.url == "https://news.example/chips"
    assert (
        "\u201cThe chip is faster than the A100,\u201d said Jane Smith, an analyst at Acme Research."
        in page.text
    )
    assert "<" not in page.text and "&amp;" not in page.text and "& would" in page.text
    assert "secret script" not in page.text and "color: red" not in page.text
    assert "\n\n" in page.text  # paragraphs as in plain-text articles


def test_html_fragments_deep_nesting_and_nothing_at_all():
    assert html_to_article("<p>Officials said it works.</p>").text == "Officials said it works."
    deep = "<div>" * 5000 + "deep <script>x()</script>text" + "</div>" * 5000
    assert html_to_article(deep).text == "deep text"
    assert html_to_article("").text == ""
    assert html_to_article("<html><body>\x00\x01<p>a said b</p></body></html>").text == "a said b"


def test_html_sniffing_and_declared_charset():
    assert looks_like_html("\ufeff  <!-- saved -->\n<!DOCTYPE html><html>")
    assert looks_like_html("<html lang=en><body>x</body></html>")
    assert not looks_like_html("The <b> tag was said to be bold.")
    assert declared_charset(b'<meta charset="windows-1252">') == "cp1252"
    assert (
        declared_charset(
            b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">'
        )
        == "iso8859-1"
    )
    assert declared_charset(b"<meta charset=bogus-thing>") is None


def test_html_file_via_reader_uses_metadata_and_declared_charset(tmp_path):
    path = tmp_path / "page.htm"
    legacy = (
        PAGE.replace('charset="utf-8"', 'charset="windows-1252"')
        .replace("&ldquo;", "\u201c")
        .replace("&rdquo;", "\u201d")
    )
    path.write_bytes(legacy.encode("cp1252"))
    art = read_path(str(path))
    assert art.error is None and art.encoding == "cp1252"
    assert (art.title, art.byline, art.published, art.publication) == (
        "Chip race heats up",
        "Jane Doe",
        "2024-03-05",
        "Tech Daily",
    )
    assert "\u201cThe chip is faster" in art.text and "<" not in art.text
    # --input-format text keeps the markup as text; html forces HTML on any name
    assert "<article>" in read_path(str(path), input_format="text").text
    other = tmp_path / "page.txt"
    other.write_text(PAGE)
    assert "<" not in read_path(str(other)).text  # sniffed by its doctype
    assert "<" not in read_path(str(other), input_format="html").text


def test_html_claims_refer_to_the_extracted_text(tmp_path, extractor):
    path = tmp_path / "page.html"
    path.write_text(PAGE)
    art = read_path(str(path))
    record = next(extractor.pipe([art]))
    assert record.error is None and record.claims
    assert record.document.byline == "Jane Doe" and record.document.publication == "Tech Daily"
    assert record.document.chars == len(art.text)
    for claim in record.claims:
        assert art.text[claim.content.start : claim.content.end] == claim.content.text
        assert "<" not in claim.content.text and "trap" not in claim.content.text


# -- files ----------------------------------------------------------------------------------


def test_unreadable_paths_become_error_inputs(tmp_path):
    (tmp_path / "dir").mkdir()
    os.symlink(tmp_path / "nowhere", tmp_path / "dangling.txt")
    os.symlink(tmp_path / "loop.txt", tmp_path / "loop.txt")
    cases = {
        "missing.txt": ("not_found", "no such file"),
        "dir": ("unreadable", "is a directory"),
        "dangling.txt": ("unreadable", "dangling symlink"),
        "loop.txt": ("unreadable", "symlink loop"),
    }
    for name, (type_, words) in cases.items():
        art = read_path(str(tmp_path / name))
        assert art.text is None and art.error.type == type_, name
        assert art.error.message == f"{tmp_path / name}: {art.error.message.split(': ', 1)[1]}"
        assert words in art.error.message and "\n" not in art.error.message


def test_permission_denied_is_an_error_input(tmp_path, monkeypatch):
    path = tmp_path / "secret.txt"
    path.write_text("Officials said it works.")
    if os.geteuid() != 0:
        path.chmod(0)
    else:  # root reads anything: simulate the kernel's answer
        real_open = builtins.open

        def denying_open(file, *args, **kwargs):
            if os.fspath(file) == str(path):
                raise PermissionError(13, "Permission denied", str(path))
            return real_open(file, *args, **kwargs)

        monkeypatch.setattr(builtins, "open", denying_open)
    art = read_path(str(path))
    assert art.error.type == "unreadable" and art.error.message == f"{path}: permission denied"


def test_too_large_is_refused_from_the_size_without_reading(tmp_path, monkeypatch):
    big = tmp_path / "huge.txt"
    with open(big, "wb") as fh:
        fh.truncate(4 * 1000 + 1)  # sparse: one byte more than 1,000 characters can take

    def no_open(*args, **kwargs):
        raise AssertionError("a file known to be too large was opened")

    monkeypatch.setattr(builtins, "open", no_open)
    art = read_path(str(big), max_chars=1000)
    assert art.error.type == "too_large" and "--max-chars" in art.error.message


def test_too_large_by_characters(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("word " * 300)
    art = read_path(str(path), max_chars=1000)
    assert art.error.type == "too_large" and "1,500 characters" in art.error.message
    assert read_path(str(path), max_chars=1500).error is None


def test_empty_and_whitespace_files_are_text(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b" \n\t\r\n ")
    for name in ("empty.txt", "blank.txt"):
        art = read_path(str(tmp_path / name))
        assert art.error is None and art.text is not None and not art.text.strip()


# -- folders, lists, stdin ------------------------------------------------------------------


def _tree(root):
    (root / "b").mkdir(parents=True)
    (root / "a.txt").write_text("A said x.")
    (root / "b" / "c.txt").write_text("C said x.")
    (root / "b" / "d.md").write_text("D said x.")
    (root / ".hidden.txt").write_text("hidden")
    (root / "z.txt").write_text("Z said x.")
    os.symlink(root, root / "b" / "loop")  # back up to the root: a cycle
    os.symlink(root / "b", root / "y-link")  # a second way into b


def test_folder_walk_is_sorted_skips_hidden_and_visits_a_loop_once(tmp_path):
    _tree(tmp_path)
    flat = [os.path.relpath(p, tmp_path) for p in expand_paths([str(tmp_path)])]
    assert flat == ["a.txt", "z.txt"]
    deep = [os.path.relpath(p, tmp_path) for p in expand_paths([str(tmp_path)], recursive=True)]
    assert deep == ["a.txt", "b/c.txt", "z.txt"]  # no glob: text-like files only, not d.md
    globbed = [
        os.path.relpath(p, tmp_path)
        for p in expand_paths([str(tmp_path)], recursive=True, glob="*.txt")
    ]
    assert globbed == ["a.txt", "b/c.txt", "z.txt"]
    assert [
        os.path.relpath(p, tmp_path)
        for p in expand_paths([str(tmp_path)], recursive=True, glob="b/*")
    ] == ["b/c.txt", "b/d.md"]


def test_folder_walk_is_lazy(tmp_path, monkeypatch):
    # The walk lists one directory when it gets there, not the whole tree up front.
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "f.txt").write_text("x")
    listed = []
    real_scandir = os.scandir

    def spying_scandir(path):
        listed.append(os.path.relpath(path, tmp_path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", spying_scandir)
    walk = expand_paths([str(tmp_path)], recursive=True)
    assert os.path.relpath(next(walk), tmp_path) == os.path.join("a", "f.txt")
    assert listed == [".", "a"]
    assert os.path.relpath(next(walk), tmp_path) == os.path.join("b", "f.txt")
    assert listed == [".", "a", "b"]


def test_file_vanishing_mid_run_is_an_error_record(tmp_path):
    for name in ("1.txt", "2.txt", "3.txt"):
        (tmp_path / name).write_text(f"Item {name} said x.")
    articles = iter_articles([str(tmp_path)])
    first = next(articles)
    (tmp_path / "2.txt").unlink()  # listed already, gone before it is read
    rest = list(articles)
    assert first.error is None
    assert [a.error.type if a.error else None for a in rest] == ["not_found", None]
    assert rest[0].path == str(tmp_path / "2.txt")


def test_special_files_in_a_folder_do_not_block(tmp_path):
    (tmp_path / "a.txt").write_text("A said x.")
    os.mkfifo(tmp_path / "pipe")
    got = list(iter_articles([str(tmp_path)]))
    assert [a.error.type if a.error else None for a in got] == [None, "unreadable"]
    assert got[1].error.message.endswith("not a regular file")


def test_unlistable_subfolder_is_one_error_record(tmp_path, monkeypatch):
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "x.txt").write_text("x")
    (tmp_path / "z.txt").write_text("Z said x.")
    real_scandir = os.scandir

    def denying_scandir(path):
        # What the kernel answers for a folder without read permission (root is never refused).
        if os.fspath(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(locked))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", denying_scandir)
    got = list(iter_articles([str(tmp_path)], recursive=True))
    assert [(a.path, a.error.type if a.error else None) for a in got] == [
        (str(locked), "unreadable"),
        (str(tmp_path / "z.txt"), None),
    ]
    assert got[0].error.message == f"{locked}: cannot list folder: permission denied"


def test_from_list_missing_is_an_error_record(tmp_path):
    (tmp_path / "a.txt").write_text("A said x.")
    got = list(iter_articles([str(tmp_path / "a.txt")], from_list=str(tmp_path / "nope.lst")))
    assert got[0].error is None
    assert (
        got[1].error.type == "not_found"
        and "cannot read the list of inputs" in got[1].error.message
    )


def test_stdin_is_decoded_like_a_file():
    got = list(iter_articles(["-"], stdin=io.BytesIO(PROSE.encode("utf-16"))))
    assert got[0].text == PROSE and got[0].encoding == "utf-16-le" and got[0].path is None
    got = list(iter_articles(["-"], stdin=io.BytesIO(b"%PDF-1.4\n...")))
    assert got[0].error.type == "binary" and got[0].error.message.startswith("<stdin>: binary file")
    got = list(iter_articles(["-"], stdin=io.BytesIO(PAGE.encode())))
    assert got[0].title == "Chip race heats up" and "<" not in got[0].text
    got = list(iter_articles(["-"], stdin=io.BytesIO(b"x" * 5000), max_chars=1000))
    assert got[0].error.type == "too_large"


def test_jsonl_text_over_the_limit(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text('{"id": "a", "text": "short"}\n{"id": "b", "text": "' + "x" * 50 + '"}\n')
    got = list(iter_articles([str(path)], max_chars=10))
    assert [a.error.type if a.error else None for a in got] == [None, "too_large"]
    assert got[1].id == "b" and got[1].error.message.startswith(f"{path}:2: too large")


def test_process_substitution_pipes_are_read(tmp_path):
    # `claimx extract <(cmd)` passes /dev/fd/N, a pipe with no size: read, not refused.
    r, w = os.pipe()
    os.write(w, b"Officials said it works.")
    os.close(w)
    try:
        art = read_path(f"/dev/fd/{r}")
    finally:
        os.close(r)
    assert art.error is None and art.text == "Officials said it works."


if sys.platform == "win32":  # pragma: no cover - symlinks and FIFOs need POSIX
    pytestmark = pytest.mark.skip("POSIX file semantics")
