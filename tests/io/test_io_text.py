"""Plain text files, and the byte-level problems any single-record input can have."""

from __future__ import annotations

import gzip
from collections.abc import Callable
from pathlib import Path

from io_helpers import PNG_BYTES, only, read

Write = Callable[[str, bytes | str], Path]

DUMP = "URL: https://example.com/a\r\nTitle: A headline\r\n\r\nThe body of the story.\r\nShare this article\n"


def test_text_is_kept_exactly_with_its_header_lines(write: Write) -> None:
    path = write("dumps/a.txt", DUMP)
    record = only(read(path))
    assert (record.format, record.text, record.flags, record.error) == ("text", DUMP, [], None)
    assert (record.id, record.input) == ("dumps/a.txt", path.as_posix())


def test_utf8_bom_is_stripped(write: Write) -> None:
    record = only(read(write("a.txt", b"\xef\xbb\xbfCaf\xc3\xa9 news\n")))
    assert record.text == "Café news\n"


def test_invalid_utf8_is_replaced_and_flagged(write: Write) -> None:
    record = only(read(write("a.txt", b"Caf\xe9 au lait, a Latin-1 byte in a UTF-8 world\n")))
    assert record.error is None
    assert record.text == "Caf\ufffd au lait, a Latin-1 byte in a UTF-8 world\n"
    assert record.flags == ["invalid_utf8"]


def test_gzipped_text_is_decompressed_and_flagged(write: Write) -> None:
    record = only(read(write("a.txt.gz", gzip.compress(DUMP.encode()))))
    assert (record.format, record.text, record.flags) == ("text", DUMP, ["gzip"])
    assert record.id.endswith("/a.txt.gz")


def test_gzip_is_detected_by_content_not_name(write: Write) -> None:
    record = only(read(write("misnamed.txt", gzip.compress(b"Plain words inside gzip.\n"))))
    assert (record.text, record.flags) == ("Plain words inside gzip.\n", ["gzip"])


def test_empty_file(write: Write) -> None:
    path = write("x.txt", b"")
    record = only(read(path))
    assert record.error is not None
    assert record.error.code == "empty"
    assert record.error.message == f"{path.as_posix()}: file is empty (0 bytes). Fix: remove it or re-fetch the page"
    assert record.text == ""


def test_white_space_only_file(write: Write) -> None:
    record = only(read(write("x.txt", " \n\t\r\n")))
    assert record.error is not None
    assert record.error.code == "empty"
    assert "only white space (5 bytes)" in record.error.message


def test_png_is_binary(write: Write) -> None:
    path = write("photo.txt", PNG_BYTES)
    record = only(read(path))
    assert record.error is not None
    assert record.error.code == "binary"
    assert record.error.message.startswith(f"{path.as_posix()}: looks binary (PNG image). Fix: ")
    assert "samestory reads text, JSON Lines, HTML and WARC" in record.error.message


def test_binary_named_gz_says_it_is_not_gzip(write: Write) -> None:
    path = write("page.html.gz", b"\x00\x01 not compressed at all")
    record = only(read(path))
    assert record.error is not None and record.error.code == "binary"
    assert "looks binary (NUL bytes; named .gz but not gzip data)" in record.error.message


def test_utf16_text_names_its_encoding_and_the_conversion(write: Write) -> None:
    text = "Harbour budget approved by the council after a long day of debate.\n"
    with_bom, little = write("a.txt", text.encode("utf-16")), write("b.txt", text.encode("utf-16-le"))
    for path, encoding in ((with_bom, "UTF-16"), (little, "UTF-16LE")):
        record = only(read(path))
        assert record.error is not None and record.error.code == "binary"
        assert f"is {encoding} text" in record.error.message
        assert f"iconv -f {encoding} -t UTF-8 {path.as_posix()}" in record.error.message


def test_nul_bytes_and_control_characters_are_binary(write: Write) -> None:
    nul = only(read(write("a.dat", b"text\x00more text")))
    control = only(read(write("b.dat", bytes(range(1, 9)) * 50)))
    assert nul.error is not None and "NUL bytes" in nul.error.message
    assert control.error is not None and "control characters" in control.error.message


def test_gzipped_binary_is_binary(write: Write) -> None:
    record = only(read(write("a.pdf.gz", gzip.compress(b"%PDF-1.7\n..."))))
    assert record.error is not None
    assert (record.error.code, record.flags) == ("binary", ["gzip"])
    assert "PDF document" in record.error.message


def test_truncated_gzip_is_malformed(write: Write) -> None:
    data = gzip.compress(DUMP.encode() * 50)
    record = only(read(write("a.txt.gz", data[: len(data) // 2])))
    assert record.error is not None
    assert record.error.code == "malformed"
    assert "gzip data is truncated or corrupt" in record.error.message
    assert "Fix: " in record.error.message


def test_gzip_header_alone_is_malformed(write: Write) -> None:
    record = only(read(write("a.txt.gz", b"\x1f\x8b\x08\x00garbage")))
    assert record.error is not None
    assert record.error.code == "malformed"
