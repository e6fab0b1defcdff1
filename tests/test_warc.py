"""WARC input: one Document per HTML response record; others skipped; damage rejected."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from warledger import pipeline
from warledger.ingest import readers as ingest
from warledger.records import Document, Rejection

PAGE = ("<html><head><title>Clash</title></head><body><article><p>Gunmen attacked a "
        "checkpoint near the town on Monday and killed four soldiers, the provincial "
        "governor said in a statement to reporters.</p></article></body></html>")


def _response(writer: WARCWriter, url: str, body: bytes, content_type: str = "text/html",
              status: str = "200 OK") -> None:
    headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                       http_headers=headers)
    record.rec_headers.replace_header("WARC-Date", "2021-05-04T10:00:00Z")
    writer.write_record(record)


def _warc(path: Path, gz: bool = False) -> Path:
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gz)
        _response(writer, "https://news.example/a", PAGE.encode("utf-8"))
        _response(writer, "https://news.example/logo.png", b"\x89PNG\r\n", "image/png")
        _response(writer, "https://news.example/old", b"<html>moved</html>", status="301 Moved")
        request = writer.create_warc_record("https://news.example/a", "request",
                                            payload=io.BytesIO(b"GET /a HTTP/1.1\r\n\r\n"))
        writer.write_record(request)
        _response(writer, "https://news.example/b", PAGE.replace("four", "fünf").encode(
            "latin-1"), "text/html; charset=ISO-8859-1")
        _response(writer, "https://news.example/c", b"<html>\x00\x00</html>")
    return path


def test_html_responses_become_documents(tmp_path: Path) -> None:
    items = list(ingest.read_inputs([str(_warc(tmp_path / "crawl.warc"))]))
    docs = [i for i in items if isinstance(i, Document)]
    rejected = [i for i in items if isinstance(i, Rejection)]
    assert [d.url for d in docs] == ["https://news.example/a", "https://news.example/b"]
    assert all(d.kind == "html" and d.fetched == "2021-05-04" and d.published is None
               for d in docs)
    assert "fünf" in docs[1].raw  # the declared charset is honoured
    assert docs[0].article_id.startswith("warc-") and docs[0].article_id != docs[1].article_id
    assert [r.reason for r in rejected] == ["binary content (NUL bytes), not text"]
    assert rejected[0].source.startswith(f"{tmp_path / 'crawl.warc'}#")


def test_gzipped_warc_in_a_folder_and_stable_ids(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _warc(folder / "crawl.warc.gz", gz=True)
    first = [i.article_id for i in ingest.read_inputs([str(folder)])]
    again = [i.article_id for i in ingest.read_inputs([str(folder)])]
    assert len(first) == 3 and first == again


def test_damaged_record_is_rejected_and_what_came_before_kept(tmp_path: Path) -> None:
    path = _warc(tmp_path / "crawl.warc")
    data = path.read_bytes()
    second = data.index(b"WARC/1.0", 10)
    path.write_bytes(data[:second] + b"GARBAGE!" + data[second + 8:])
    items = list(ingest.read_inputs([str(path)]))
    assert [type(i) for i in items] == [Document, Rejection]
    assert "damaged WARC record" in items[1].reason  # type: ignore[union-attr]


def test_truncated_gzip_raises_nothing(tmp_path: Path) -> None:
    path = _warc(tmp_path / "crawl.warc.gz", gz=True)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 40])
    items = list(ingest.read_inputs([str(path)]))
    assert [i.url for i in items if isinstance(i, Document)][:2] == [
        "https://news.example/a", "https://news.example/b"]
    assert gzip.decompress(data)  # the untruncated file was valid


def test_capture_date_is_only_a_fallback() -> None:
    undated = Document("x#0", "warc-1", PAGE, "html", url="https://news.example/a",
                       fetched="2021-05-04")
    assert pipeline.extract_article(undated).published == "2021-05-04"
    dated = Document("x#0", "warc-2", PAGE.replace(
        "<head>", '<head><meta property="article:published_time" content="2021-04-30">'),
        "html", url="https://news.example/a", fetched="2021-05-04")
    assert pipeline.extract_article(dated).published == "2021-04-30"


def test_a_cut_archive_is_rejected_and_no_page_is_stored_cut_short(tmp_path: Path) -> None:
    for gz in (False, True):
        path = _warc(tmp_path / ("cut.warc.gz" if gz else "cut.warc"), gz=gz)
        data = path.read_bytes()
        whole = {d.raw for d in ingest.read_inputs([str(path)]) if isinstance(d, Document)}
        silent, cuts = [], range(1, len(data), 7)
        for cut in cuts:
            path.write_bytes(data[:cut])
            items = list(ingest.read_inputs([str(path)]))
            assert all(i.raw in whole for i in items if isinstance(i, Document)), cut
            if not any(isinstance(i, Rejection) and "NUL" not in i.reason for i in items):
                silent.append(cut)
        # only cuts between whole records (in the blank lines that close one) pass unseen
        assert len(silent) < 0.03 * len(cuts), (gz, silent)


def test_a_cut_record_names_the_archive_and_its_offset(tmp_path: Path) -> None:
    path = _warc(tmp_path / "crawl.warc")
    data = path.read_bytes()
    path.write_bytes(data[: data.index(b"checkpoint")])  # inside the first page
    [item] = list(ingest.read_inputs([str(path)]))
    assert isinstance(item, Rejection) and item.source == f"{path}#0"
    assert item.reason.startswith("truncated WARC record: ")


def test_a_warc_gz_that_is_not_gzip_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(b"this is not gzip at all\n" * 20)
    assert list(ingest.read_inputs([str(path)])) == [
        Rejection(str(path), "not gzip-compressed (a .warc.gz archive must be)")]
