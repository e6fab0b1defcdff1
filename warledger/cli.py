"""The command line: parse arguments, call the library, print.

Exit codes: 0 success; 1 some inputs rejected (the others processed and stored);
2 usage error; 3 nothing could be processed, or the store is unusable.
Errors go to stderr, one line each: `warledger: <input>: <reason>`; every error the
library raises is a `warledger.errors.WarledgerError` carrying its exit code.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from warledger import __version__
from warledger.errors import FAILED, OK, REJECTED, UsageError, WarledgerError


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args))
    except WarledgerError as exc:
        return fail(str(exc), exc.exit_code)
    except sqlite3.DatabaseError as exc:  # the store failed while in use: a corrupt page...
        return _store_failure(exc, getattr(args, "db", "store"))
    except KeyboardInterrupt:
        return fail("interrupted", FAILED)
    except BrokenPipeError:  # `warledger export ... | head`: the reader has had enough
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return OK


def fail(message: str, code: int) -> int:
    print(f"warledger: {message}", file=sys.stderr)
    return code


def _store_failure(exc: sqlite3.DatabaseError, db: str) -> int:
    from warledger.ledger.store import is_store_failure, unusable

    if not is_store_failure(exc):
        raise exc
    return fail(str(unusable(db, exc)), FAILED)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="warledger", description=(
        "News reports about armed conflict in, a sourced event ledger (ACLED taxonomy) out."))
    parser.add_argument("--version", action="version", version=f"warledger {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_run(sub)
    _add_export(sub)
    _add_document_commands(sub)
    _add_serve(sub)
    _add_eval(sub)
    _add_bench(sub)
    _add_explain(sub)
    _add_review(sub)
    return parser


def _db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", default="warledger.db", help="SQLite store (default: %(default)s)")


def _add_run(sub: Any) -> None:
    p = sub.add_parser("run", help="ingest and process documents into the store")
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help=".html/.htm, .txt/.md, .jsonl files, folders, or - for JSONL on stdin")
    _db(p)
    p.add_argument("--actors", default=os.environ.get("WARLEDGER_ACTORS") or None,
                   help="an extra actor dictionary (JSON, same format as the bundled; "
                        "default: $WARLEDGER_ACTORS)")
    p.add_argument("--quiet", "-q", action="store_true", help="no summary on stdout")
    p.add_argument("--engine", choices=["local", "process", "dask"],
                   help="local (one process; the default), process (--workers processes; "
                        "the default when --workers > 1), dask (a local Dask cluster, or "
                        "--scheduler)")
    p.add_argument("--workers", type=int, default=1, metavar="N",
                   help="worker processes for the process and dask engines (default: 1; "
                        "0: one per core)")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="an existing Dask scheduler, e.g. tcp://10.0.0.5:8786 (implies "
                        "--engine dask)")
    p.set_defaults(handler=cmd_run)


def _add_export(sub: Any) -> None:
    p = sub.add_parser("export", help="write the ledger out")
    _db(p)
    p.add_argument("--what", required=True,
                   choices=["events", "claims", "articles", "places", "ged", "deletions",
                            "reviews"],
                   help="events (CSV: ACLED's columns), claims, articles, places, ged (the "
                        "events in UCDP GED's columns), deletions (events removed or merged "
                        "away: event_id_cnty, deleted_timestamp, event_id, merged_into), "
                        "reviews (an analyst's decisions)")
    p.add_argument("--format", required=True, choices=["jsonl", "csv", "geojson", "parquet"],
                   help="jsonl, csv, geojson (events, places) or parquet (needs -o)")
    p.add_argument("-o", "--output", help="output file (JSONL/CSV/GeoJSON: stdout without it)")
    p.add_argument("--since", metavar="DATE", help="events dated on or after DATE (YYYY, "
                   "YYYY-MM or YYYY-MM-DD)")
    p.add_argument("--until", metavar="DATE", help="events dated on or before DATE (inclusive: "
                   "2018-02 keeps all of February)")
    p.add_argument("--country", help="events in this country (name or ISO3 code)")
    p.add_argument("--event-type", metavar="TYPE", help="events of this ACLED event type")
    p.add_argument("--review", choices=["all", "rejected", "reviewed", "unreviewed"],
                   help="by an analyst's review: all (rejected events too; they are left out "
                        "without), only rejected, reviewed or unreviewed events")
    p.add_argument("--updated-since", metavar="TIMESTAMP",
                   help="only events saved at or after TIMESTAMP (Unix seconds, as the CSV's "
                        "`timestamp`, or an ISO date/datetime, UTC); with --what deletions, "
                        "the events removed since then")
    p.add_argument("--inter-numeric", action="store_true",
                   help="CSV of events: ACLED's numeric inter codes (1-8) and interaction "
                        "(12, 37, 60) instead of their labels")
    p.set_defaults(handler=cmd_export)


def _add_document_commands(sub: Any) -> None:
    for name, helptext, handler in (
        ("extract", "one document through text extraction only (a JSON object)", cmd_extract),
        ("places", "resolved places in one document (JSON lines)", cmd_places),
        ("claims", "attributions and claims in one document (JSON lines)", cmd_claims),
    ):
        p = sub.add_parser(name, help=helptext)
        p.add_argument("file", metavar="FILE", help="a document (.html, .txt, .md), or - for stdin")
        p.add_argument("--published", help="publication date YYYY-MM-DD (anchors relative dates)")
        p.set_defaults(handler=handler)


def _add_serve(sub: Any) -> None:
    p = sub.add_parser("serve", help="web UI and HTTP API over the store")
    _db(p)
    p.add_argument("--host", default="127.0.0.1",
                   help="address to bind (default: %(default)s, this machine only)")
    p.add_argument("--port", type=int, default=8000, help="port (default: %(default)s)")
    p.add_argument("--allow-host", action="append", default=[], metavar="NAME",
                   help="another name the Host header may give (besides 127.0.0.1, localhost "
                        "and --host); repeatable")
    p.add_argument("--writable", action="store_true",
                   help="allow writes (POST /api/documents runs the pipeline); read-only without")
    p.add_argument("--reviewer", default=_reviewer_default(), metavar="NAME",
                   help="who the review decisions made in the UI are recorded as (with "
                        "--writable; default: $WARLEDGER_REVIEWER, else the login name)")
    p.add_argument("--token", default=os.environ.get("WARLEDGER_TOKEN"),
                   help="the token every write must send in the X-Warledger-Token header "
                        "(default: $WARLEDGER_TOKEN, else a random one printed at start-up)")
    p.set_defaults(handler=cmd_serve)


def _add_eval(sub: Any) -> None:
    p = sub.add_parser("eval", help="score the pipeline on the annotated data in ../shared/data")
    p.add_argument("dataset", choices=["fakes", "acled", "polnear", "geoparsing", "extraction",
                                       "roundup", "negatives", "dates", "distinct", "all"])
    p.add_argument("--data", default="../shared/data", help="data folder (default: %(default)s)")
    p.add_argument("--json", help="also write the metrics to this JSON file")
    p.add_argument("--errors", default="eval-out", help="folder for per-item error files")
    p.set_defaults(handler=cmd_eval)


def _add_bench(sub: Any) -> None:
    p = sub.add_parser("bench", help="throughput of the pipeline beside the bare NER pass")
    p.add_argument("--data", default="../shared/data", help="data folder (default: %(default)s)")
    p.add_argument("--limit", type=int, help="only the first N articles")
    p.add_argument("--copies", type=int, metavar="N",
                   help="instead: N copies of one wire story among --distinct stories, "
                        "beside those stories alone")
    p.add_argument("--distinct", type=int, default=1000, metavar="M",
                   help="distinct stories for --copies (default: %(default)s)")
    p.set_defaults(handler=cmd_bench)


def _add_explain(sub: Any) -> None:
    p = sub.add_parser("explain", help="why the reports of one event were merged, and which "
                                       "nearby events were not")
    p.add_argument("event_id", metavar="EVENT_ID")
    _db(p)
    p.set_defaults(handler=cmd_explain)


def _reviewer_default() -> str:
    import getpass

    try:
        return os.environ.get("WARLEDGER_REVIEWER") or getpass.getuser()
    except (KeyError, OSError):  # no login name (a container without a passwd entry)
        return ""


def _add_review(sub: Any) -> None:
    p = sub.add_parser("review", help="an analyst's decision on one event (kept, append-only, "
                                      "in the store), or its review history")
    p.add_argument("event_id", metavar="EVENT_ID")
    _db(p)
    act = p.add_mutually_exclusive_group(required=True)
    act.add_argument("--confirm", action="store_true", help="the event is right as it is")
    act.add_argument("--reject", action="store_true", help="no such event (left out of lists "
                                                          "and exports, kept with its flag)")
    act.add_argument("--set", action="append", metavar="FIELD=VALUE", dest="changes",
                     help="correct a field (repeatable; an empty VALUE clears it)")
    act.add_argument("--split", nargs="+", metavar="ARTICLE_ID",
                     help="move the reports of these articles to a new event")
    act.add_argument("--merge", metavar="OTHER_EVENT_ID", help="merge the two events")
    act.add_argument("--history", action="store_true", help="print the decisions made")
    p.add_argument("--reason", default="", help="why (required for a decision)")
    p.add_argument("--reviewer", default=_reviewer_default(),
                   help="who decides (default: $WARLEDGER_REVIEWER, else the login name)")
    p.set_defaults(handler=cmd_review)


def _existing_store(db: str) -> Any:
    from warledger.ledger.store import Store

    if not Path(db).exists():
        raise WarledgerError(f"{db}: no such store (run `warledger run` first)")
    store = Store(db, readonly=True)
    try:
        store.verify()
    except WarledgerError:
        store.close()
        raise
    return store


def cmd_explain(args: argparse.Namespace) -> int:
    from warledger.ledger.explain import explain

    with _existing_store(args.db) as store:
        lines = explain(store, args.event_id)
    if lines is None:
        raise UsageError(f"{args.event_id}: no such event in {args.db}")
    print("\n".join(lines))
    return OK


def cmd_review(args: argparse.Namespace) -> int:
    from warledger.ledger import review
    from warledger.ledger.store import Store

    if args.history:
        with _existing_store(args.db) as store:
            for record in store.reviews(args.event_id):
                _print_json(record.to_record())
        return OK
    decision = review.Decision(
        action=next(a for a in ("confirm", "reject", "split", "merge") if getattr(args, a))
        if not args.changes else "correct", reason=args.reason, reviewer=args.reviewer,
        changes=dict(_field_value(item) for item in args.changes or ()),
        articles=tuple(args.split or ()), other=args.merge)
    if not Path(args.db).exists():
        raise WarledgerError(f"{args.db}: no such store (run `warledger run` first)")
    with Store(args.db) as store:  # an older store is upgraded, as `run` would
        store.verify()
        outcome = review.decide(store, args.event_id, decision)
    for record in outcome.reviews:
        _print_json(record.to_record())
    return OK


def _field_value(item: str) -> tuple[str, str]:
    name, sep, value = item.partition("=")
    if not sep:
        raise UsageError(f"--set {item}: give FIELD=VALUE")
    return name.strip(), value


def cmd_run(args: argparse.Namespace) -> int:
    from warledger import pipeline
    from warledger.actors import dictionary
    from warledger.records import Settings

    settings = Settings(actors=dictionary.read_user_file(args.actors) if args.actors else None)
    _verify_store(args.db)
    progress = pipeline.print_progress if sys.stderr.isatty() and not args.quiet else None
    engine, workers = _engine(args)
    summary = pipeline.run(args.inputs, args.db, settings=settings, engine=engine,
                           workers=workers, scheduler=args.scheduler,
                           on_reject=_print_rejection, progress=progress)
    if progress:
        sys.stderr.write("\n")
    if not args.quiet:
        print(summary.lines()[0])
    if summary.read == 0:
        return fail(f"{' '.join(args.inputs)}: no documents found", FAILED)
    if summary.rejected and summary.kept + summary.skipped == 0:
        return FAILED
    return REJECTED if summary.rejected else OK


def _verify_store(db: str) -> None:
    """A damaged store is refused before any work (a foreign file: untouched)."""
    from warledger.ledger.store import Store

    if Path(db).exists() and Path(db).stat().st_size > 0:
        with Store(db) as store:
            store.verify()


def _engine(args: argparse.Namespace) -> tuple[Any, int]:
    """The engine and worker count from --engine, --workers, --scheduler."""
    from warledger.engines import executors

    if args.workers < 0:
        raise UsageError("--workers must be 0 (one per core) or more")
    workers = args.workers or executors.default_workers()
    engine = args.engine or ("dask" if args.scheduler else "process" if workers > 1 else "local")
    if args.scheduler and engine != "dask":
        raise UsageError("--scheduler needs --engine dask")
    return engine, workers


def _print_rejection(rejection: Any) -> None:
    print(f"warledger: {rejection.source}: {rejection.reason}", file=sys.stderr)


def cmd_export(args: argparse.Namespace) -> int:
    from warledger.ledger.export import export

    if args.format == "parquet" and not args.output:
        raise UsageError("parquet needs an output file (-o FILE)")
    selection = _selection(args)
    try:
        with _existing_store(args.db) as store:
            export(store, args.what, args.format, args.output, selection)
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise WarledgerError(f"{exc.filename or args.output}: {exc.strerror or exc}") from None
    return OK


def _selection(args: argparse.Namespace) -> Any:
    """The export's Selection from --since/--until/--country/--event-type/--updated-since."""
    from warledger.ledger.export import Selection, parse_timestamp
    from warledger.records import EventFilter

    for option, value in (("--since", args.since), ("--until", args.until)):
        if value and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
            raise UsageError(f"{option} {value}: give YYYY, YYYY-MM or YYYY-MM-DD")
    where = EventFilter(since=args.since, until=args.until, country=args.country,
                        event_type=args.event_type, review=args.review)
    since = parse_timestamp(args.updated_since) if args.updated_since else None
    return Selection(where=where, updated_since=since, inter_numeric=args.inter_numeric)


def _one_document(args: argparse.Namespace, parse: bool = True) -> Any:
    """The one-document commands: the same reading, ids and stages as `run`."""
    from warledger import pipeline
    from warledger.ingest import readers

    document = readers.read_document(args.file, args.published)
    if not parse:
        return pipeline.extract_article(document)
    return pipeline.analyse(document)


def cmd_extract(args: argparse.Namespace) -> int:
    _print_json(_one_document(args, parse=False).to_record())
    return OK


def cmd_places(args: argparse.Namespace) -> int:
    for place in _one_document(args).places:
        _print_json(place.to_record())
    return OK


def cmd_claims(args: argparse.Namespace) -> int:
    for claim in _one_document(args).claims:
        _print_json(claim.to_record())
    return OK


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from warledger.web import create_app

    if not args.writable and not Path(args.db).exists():
        raise WarledgerError(f"{args.db}: no such store (run `warledger run` first)")
    app = create_app(args.db, writable=args.writable, hosts=[args.host, *args.allow_host],
                     token=args.token, reviewer=args.reviewer)
    mode = "read-write" if args.writable else "read-only"
    print(f"warledger: serving {args.db} ({mode}) on http://{args.host}:{args.port}/",
          file=sys.stderr)
    if args.writable and not args.token:
        print(f"warledger: write token (send it as X-Warledger-Token): {app.state.token}",
              file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning",
                server_header=False, proxy_headers=False)
    return OK


def cmd_eval(args: argparse.Namespace) -> int:
    from warledger.evaluation import harness

    data = Path(args.data)
    if not data.is_dir():
        raise UsageError(f"{args.data}: no such data folder")
    results = harness.run(args.dataset, data, Path(args.errors))
    for line in harness.format_table(results):
        print(line)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n", "utf-8")
    return OK


def cmd_bench(args: argparse.Namespace) -> int:
    from warledger.evaluation import bench

    data = Path(args.data) if Path(args.data).is_dir() else None
    figures = (bench.copy_groups(data, args.copies, args.distinct) if args.copies
               else bench.run(data, args.limit))
    for key, value in figures.items():
        print(f"{key:<26} {value}")
    return OK


def _print_json(record: dict[str, Any]) -> None:
    print(json.dumps(record, ensure_ascii=False))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
