"""Reading files safely (parse.read_text / parse_file) and splitting them into raw blocks."""

from __future__ import annotations

from pathlib import Path

import pytest

from yjs_qa import InputFileError
from yjs_qa.ingest.parse import is_supported, parse_file, read_text
from yjs_qa.ingest.readers.md import markdown_blocks
from yjs_qa.ingest.readers.txt import text_blocks

# --- bad input files: every one is refused with a message naming the file and the problem -----


def _refused(path: Path, **kwargs: int) -> InputFileError:
    with pytest.raises(InputFileError) as info:
        parse_file(path, **kwargs)
    err = info.value
    assert err.path == str(path)
    assert str(path) in str(err), "the message must name the file"
    return err


def test_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    err = _refused(path)
    assert "empty" in err.problem


def test_whitespace_only_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_text(" \n\t\n   \n\u00a0\u200b\n", encoding="utf-8")
    err = _refused(path)
    assert "whitespace" in err.problem
    assert "nothing to index" in err.problem


def test_bom_only_file_counts_as_having_no_text(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf\n\n")
    err = _refused(path)
    assert "whitespace" in err.problem


def test_binary_file_with_txt_name_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)))
    err = _refused(path)
    assert "binary" in err.problem
    assert "UTF-8" in err.problem


def test_latin1_text_is_refused_with_the_bad_byte(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    data = "Inspection of the café service in Southend-on-Sea, rated Good.".encode("latin-1")
    path.write_bytes(data)
    err = _refused(path)
    assert "not UTF-8" in err.problem
    bad = data.index(b"\xe9")
    assert f"offset {bad}" in err.problem
    assert "re-save it as UTF-8" in err.problem


def test_oversized_file_is_refused_against_max_bytes(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("A perfectly good paragraph of text. " * 100, encoding="utf-8")
    err = _refused(path, max_bytes=1000)
    assert "limit" in err.problem
    assert "YJS_QA_MAX_FILE_MB" in err.problem
    # The same file is accepted under a limit it fits.
    assert parse_file(path, max_bytes=path.stat().st_size).blocks


def test_file_exactly_at_the_limit_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "edge.txt"
    path.write_text("Exactly at the limit.", encoding="utf-8")
    assert read_text(path, max_bytes=path.stat().st_size) == "Exactly at the limit."


@pytest.mark.parametrize("suffix", [".doc", ".rtf", ".odt", ""])
def test_unsupported_suffix_is_refused(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"report{suffix}"
    path.write_text("Some perfectly readable text.", encoding="utf-8")
    err = _refused(path)
    assert "unsupported file type" in err.problem
    assert repr(suffix) in err.problem
    assert ".txt" in err.problem and ".md" in err.problem
    assert ".pdf" in err.problem and ".docx" in err.problem and ".html" in err.problem


def test_missing_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "gone.txt"
    err = _refused(path)
    assert "not found" in err.problem


def test_read_text_normalises_line_endings_and_spaces(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes("\ufeffFirst line\r\nSecond\u00a0line\rThird\u200bline\n".encode())
    text = read_text(path)
    assert text == "First line\nSecond line\nThirdline\n"


def test_supported_and_ignored_names(tmp_path: Path) -> None:
    assert is_supported(tmp_path / "report.TXT")
    assert is_supported(tmp_path / "notes.markdown")
    assert not is_supported(tmp_path / "SOURCES.md")
    assert not is_supported(tmp_path / "README.md")
    assert is_supported(tmp_path / "report.pdf")
    assert is_supported(tmp_path / "page.HTM")
    assert is_supported(tmp_path / "paper.docx")
    assert not is_supported(tmp_path / "paper.doc")


# --- plain text blocks ----------------------------------------------------------------------


def test_bullets_and_paragraphs_are_told_apart() -> None:
    text = (
        "Strengths:\n"
        "\n"
        "- Staff are enthusiastic and motivated.\n"
        "- Managers are clear about roles.\n"
        "• Volunteers feel valued.\n"
        "\n"
        "A closing paragraph about the service.\n"
    )
    blocks = text_blocks(text)
    assert [b.kind for b in blocks] == ["paragraph", "bullet", "bullet", "bullet", "paragraph"]
    assert blocks[1].text == "- Staff are enthusiastic and motivated."
    assert blocks[3].text == "• Volunteers feel valued."
    assert blocks[4].text == "A closing paragraph about the service."


def test_numbered_items_are_bullets_but_standard_headings_are_not() -> None:
    blocks = text_blocks("1. ensure that members are trained\n2) review the policy\n\n2.2. Planning\n")
    assert [b.kind for b in blocks] == ["bullet", "bullet", "paragraph"]
    assert blocks[2].text == "2.2. Planning"


def test_wrapped_continuation_lines_are_joined() -> None:
    text = (
        "- Volunteers feel valued and part of the service. They are routinely invited to team\n"
        " meetings and staff development days. They are supported in their role through\n"
        " individual supervision.\n"
        "- A second bullet.\n"
        "\n"
        "A paragraph wrapped by the PDF\n"
        "extractor onto a second line.\n"
    )
    blocks = text_blocks(text)
    assert [b.kind for b in blocks] == ["bullet", "bullet", "paragraph"]
    assert blocks[0].text == (
        "- Volunteers feel valued and part of the service. They are routinely invited to team "
        "meetings and staff development days. They are supported in their role through "
        "individual supervision."
    )
    assert blocks[2].text == "A paragraph wrapped by the PDF extractor onto a second line."


def test_block_offsets_point_at_their_source_lines() -> None:
    text = "\n\nFirst paragraph.\n\n- a bullet here\n- another bullet\n\nLast one.\n"
    for block in text_blocks(text):
        assert text[block.offset :].startswith(block.text[:8])


def test_tab_separated_lines_become_one_table() -> None:
    text = (
        "Does planning focus sufficiently on:\t% 'Yes'\n"
        "supporting the child's desistance?\t100%\n"
        "keeping the child safe?\t100%\n"
        "keeping other people safe?\t78%\n"
        "\n"
        "The service prioritised allocating cases.\n"
    )
    blocks = text_blocks(text)
    assert [b.kind for b in blocks] == ["table", "paragraph"]
    table = blocks[0]
    assert len(table.lines) == 4
    assert table.lines[3] == "keeping other people safe?\t78%"
    assert "\t" not in table.text
    assert "keeping other people safe? 78%" in table.text


def test_single_tabbed_line_is_a_table() -> None:
    blocks = text_blocks("Foreword\t3\n")
    assert [b.kind for b in blocks] == ["table"]
    assert blocks[0].lines == ["Foreword\t3"]


def test_doubled_caption_lines_are_marked_as_captions() -> None:
    caption = "Kent Youth Justice Service has been rated as 'requires improvement'. Picture: istock.com"
    text = (
        "Inspectors visited the service in the spring.\n"
        "\n"
        f"{caption}\n"
        f"{caption}\n"
        "\n"
        "Inspectors found planning required improvement.\n"
    )
    blocks = text_blocks(text)
    assert [b.kind for b in blocks] == ["paragraph", "caption", "caption", "paragraph"]
    assert blocks[1].text == caption and blocks[2].text == caption
    assert blocks[3].text == "Inspectors found planning required improvement."


def test_caption_does_not_absorb_following_line() -> None:
    text = "Council headquarters at County Hall\nCouncil headquarters at County Hall\nnext line here\n"
    blocks = text_blocks(text)
    assert [b.kind for b in blocks] == ["caption", "caption", "paragraph"]
    assert blocks[2].text == "next line here"


# --- markdown blocks ------------------------------------------------------------------------


MARKDOWN = """\
# An inspection of youth justice services in Barnet

## Domain two: Court disposals

Intro paragraph that spans
two source lines.

### 2.2. Planning

- first bullet
- second bullet

1. numbered item

Closing paragraph.
"""


def test_markdown_headings_keep_their_levels() -> None:
    blocks = markdown_blocks(MARKDOWN)
    headings = [(b.text, b.level) for b in blocks if b.kind == "heading"]
    assert headings == [
        ("An inspection of youth justice services in Barnet", 1),
        ("Domain two: Court disposals", 2),
        ("2.2. Planning", 3),
    ]


def test_markdown_list_items_are_bullets_and_paragraphs_are_joined() -> None:
    blocks = markdown_blocks(MARKDOWN)
    kinds = [(b.kind, b.text) for b in blocks if b.kind != "heading"]
    assert kinds == [
        ("paragraph", "Intro paragraph that spans two source lines."),
        ("bullet", "first bullet"),
        ("bullet", "second bullet"),
        ("bullet", "numbered item"),
        ("paragraph", "Closing paragraph."),
    ]
    for block in blocks:
        assert MARKDOWN[block.offset :].lstrip("#- 1.").startswith(block.text[:5])


def test_parse_file_dispatches_on_suffix(tmp_path: Path) -> None:
    md = tmp_path / "report.md"
    md.write_text("# Heading\n\nBody text here.\n", encoding="utf-8")
    txt = tmp_path / "report.txt"
    txt.write_text("# Heading\n\nBody text here.\n", encoding="utf-8")
    md_doc = parse_file(md)
    txt_doc = parse_file(txt)
    assert [b.kind for b in md_doc.blocks] == ["heading", "paragraph"]
    assert md_doc.blocks[0].level == 1
    assert [b.kind for b in txt_doc.blocks] == ["paragraph", "paragraph"]
    assert txt_doc.blocks[0].text == "# Heading"
    assert md_doc.path == md and md_doc.text == "# Heading\n\nBody text here.\n"
