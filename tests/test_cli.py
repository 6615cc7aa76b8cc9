"""The command line: every command documented with an example, the demo
path works end to end, errors are one line without a traceback."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from accord.cli import app

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()
COMMANDS = sorted(c.name or c.callback.__name__ for c in app.registered_commands)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_an_example_in_help(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert f"Example: accord {command}" in result.output


def test_every_command_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in COMMANDS:
        assert re.search(rf"accord {command}\b", readme), command
    assert readme.index("make demo") < readme.index("make test") < 400


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = str(tmp_path_factory.mktemp("cli") / "demo.db")
    result = runner.invoke(app, ["ingest", str(ROOT / "examples"), "--db", db, "--quiet"])
    assert result.exit_code == 0, result.output
    assert "stored 5, unchanged 0, replaced 0, failed 0" in result.output
    return db


def test_report_shows_each_document(demo_db: str) -> None:
    result = runner.invoke(app, ["report", "--db", demo_db, "--full"])
    assert result.exit_code == 0, result.output
    assert "Putin only creates the illusion of progress" in result.output
    assert "Across documents" in result.output


def test_eval_json(demo_db: str) -> None:
    result = runner.invoke(app, ["eval", str(ROOT / "tests/data/seeds.gold.json"),
                                 "--db", demo_db, "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert scores["documents"] == 5
    assert scores["offsets"]["accuracy"] == 1.0


def test_export_csv_and_jsonl(demo_db: str, tmp_path: Path) -> None:
    out = tmp_path / "r.jsonl"
    assert runner.invoke(app, ["export", "--db", demo_db, "-o", str(out)]).exit_code == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 5
    result = runner.invoke(app, ["export", "--db", demo_db, "--format", "csv",
                                 "-o", str(tmp_path / "csv")])
    assert result.exit_code == 0 and "documents: 5" in result.output
    bad = runner.invoke(app, ["export", "--db", demo_db, "--format", "xml"])
    assert bad.exit_code == 1 and "unknown format 'xml'" in bad.output


def test_missing_store_is_one_clear_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["report", "--db", str(tmp_path / "nope.db")])
    assert result.exit_code == 1
    assert "nope.db: no store here: run `accord ingest` first" in str(result.exception or "") \
        or "no store here" in result.output


def test_actor_and_quotes_listing(demo_db: str) -> None:
    result = runner.invoke(app, ["actors", "--db", demo_db, "--limit", "3"])
    assert result.exit_code == 0 and "mentions" in result.output
    assert "vladimir-putin" in result.output and "1-3 of " in result.output
    people = runner.invoke(app, ["actors", "--db", demo_db, "--type", "PERSON", "--limit", "50"])
    assert "volodymyr-zelenskyy" in people.output  # ids are never cut
    assert "GPE" not in people.output and "Zelenskyy" in people.output
    missing = runner.invoke(app, ["actor", "no-such-actor", "--db", demo_db])
    assert missing.exit_code == 1
    putin = runner.invoke(app, ["actor", "vladimir-putin", "--db", demo_db])
    assert putin.exit_code == 0 and "Vladimir V. Putin" in putin.output
    assert "said (" in putin.output
    quotes = runner.invoke(app, ["quotes", "--db", demo_db, "--speaker", "putin",
                                 "--limit", "100"], terminal_width=400)
    assert quotes.exit_code == 0 and "We are willing to negotiate" in quotes.output
    heads = [line for line in quotes.output.splitlines() if line and not line.startswith(" ")]
    assert heads[0].startswith("note: --speaker 'putin' is Vladimir Putin (vladimir-putin)")
    assert all("Vladimir Putin (" in line for line in heads[1:-1])  # every speaker is Putin
    second = runner.invoke(app, ["quotes", "--db", demo_db, "--limit", "1", "--offset", "1"])
    assert "2-2 of " in second.output
    bad = runner.invoke(app, ["quotes", "--db", demo_db, "--limit", "0"])
    assert bad.exit_code == 2


def test_report_lists_dropped_boilerplate(demo_db: str) -> None:
    result = runner.invoke(app, ["report", "--db", demo_db, "--dropped"])
    assert result.exit_code == 0, result.output
    assert "promo: Install the Sky News app for free" in result.output
    assert "counter: 17302 views 11 comment(s)" in result.output


def test_listings_print_article_text_literally(tmp_path: Path) -> None:
    src = tmp_path / "markup.txt"
    src.write_text("Talks stall\n\n\"We will [bold]never[/bold] sign [red]this[/red],\" said "
                   "Foreign Minister Sergey Lavrov on Monday.\n", encoding="utf-8")
    db = str(tmp_path / "m.db")
    assert runner.invoke(app, ["ingest", str(src), "--db", db]).exit_code == 0
    out = runner.invoke(app, ["quotes", "--db", db], terminal_width=200).output
    assert "[bold]never[/bold]" in out.replace("\n", "").replace("│", "").replace("  ", " ") \
        or "[bold]never[/bold]" in out


# -- the analyst's desk: a terminal that reads well ---------------------------------------
LISTINGS = [["report"], ["report", "--full"], ["timeline", "--all"], ["proposals", "--all"],
            ["quotes"], ["actors"], ["actor", "putin"]]


def _lines(result: Any) -> list[str]:
    return str(result.stdout).splitlines()


def _at_width(width: int, args: list[str]) -> Any:
    """Run a command on a console `width` columns wide (as COLUMNS or a terminal
    of that size would make it)."""
    from accord import cli

    before = cli.console._width
    cli.console.width = width
    try:
        return runner.invoke(app, args)
    finally:
        cli.console._width = before


@pytest.mark.parametrize("args", LISTINGS, ids=[" ".join(a) for a in LISTINGS])
def test_listings_fit_80_columns_and_use_more(demo_db: str, args: list[str]) -> None:
    narrow = _at_width(80, [*args, "--db", demo_db])
    assert narrow.exit_code == 0, narrow.output
    assert max(len(line) for line in _lines(narrow)) <= 80
    assert not any(line.endswith(" ") for line in _lines(narrow) if args[0] != "actors")
    wide = _at_width(160, [*args, "--db", demo_db])
    assert max(len(line) for line in _lines(wide)) > 80  # the width it has, used
    assert len(_lines(wide)) < len(_lines(narrow)) or args[0] == "actors"


def test_report_is_a_summary_first(demo_db: str) -> None:
    out = _at_width(80, ["report", "--db", demo_db]).stdout
    assert out.startswith("accord report: 5 documents, published 2022-03-30 to 2022-03-30")
    for part in ("Events by family (merged)", "cooperation", "verbal conflict",
                 "material conflict", "Most active (events)", "Latest events",
                 "Latest proposals", "Latest documents", "accord report --full"):
        assert part in out, part
    assert len(out.splitlines()) < 120
    full = _at_width(80, ["report", "--db", demo_db, "--full"]).stdout
    assert len(full.splitlines()) > 3 * len(out.splitlines())
    summary = json.loads(runner.invoke(app, ["report", "--db", demo_db, "--json"]).stdout)
    assert summary["documents"] == 5 and set(summary["families"]) == {
        "cooperation", "verbal conflict", "material conflict"}
    records = [json.loads(line) for line in runner.invoke(
        app, ["report", "--db", demo_db, "--json", "--full"]).stdout.splitlines()]
    assert len(records) == 5 and all("text" in r for r in records)
    one = runner.invoke(app, ["report", "--db", demo_db, "--json", "--doc",
                              records[0]["doc_id"]]).stdout
    assert json.loads(one)["doc_id"] == records[0]["doc_id"]


@pytest.mark.parametrize("args,key", [
    (["quotes", "--speaker", "Putin"], "text"), (["actors", "--type", "PERSON"], "n_mentions"),
    (["timeline", "--kind", "event"], "evidence"), (["proposals"], "responses"),
    (["actor", "vladimir putin"], "acts_on"),
])
def test_query_commands_print_json_lines(demo_db: str, args: list[str], key: str) -> None:
    result = runner.invoke(app, [*args, "--db", demo_db, "--json"])
    assert result.exit_code == 0, result.output
    items = [json.loads(line) for line in result.stdout.splitlines()]
    assert items and all(key in item for item in items)


def test_cli_filters_match_the_api(demo_db: str) -> None:
    from fastapi.testclient import TestClient

    from accord.api import create_app

    client = TestClient(create_app(demo_db))
    cases = [
        (["timeline", "--actor", "PUTIN", "--kind", "event"], "/api/timeline?actor=PUTIN"
         "&kind=event&order=newest&limit=500", "group"),
        (["timeline", "--type", "agree", "--order", "oldest"], "/api/timeline?type=AGREE"
         "&order=oldest&limit=500", "group"),
        (["proposals", "--kind", "ceasefire"], "/api/proposals?kind=ceasefire&limit=500",
         "group"),
        (["proposals", "--party", "Zelensky"], "/api/proposals?party=Zelensky&limit=500",
         "group"),
        (["quotes", "--speaker", "frankopan", "--date-from", "2022-01-01"],
         "/api/quotes?speaker=frankopan&date_from=2022-01-01&limit=500", "text"),
        (["actors", "--country", "RUS"], "/api/actors?country=RUS&limit=500", "id"),
    ]
    for args, url, key in cases:
        cli = runner.invoke(app, [*args, "--db", demo_db, "--json", "--limit", "500"])
        assert cli.exit_code == 0, (args, cli.output)
        got = [json.loads(line)[key] for line in cli.stdout.splitlines()]
        want = [i[key] for i in client.get(url).json()["items"]]
        assert got == want and got, args
    assert "1-" in runner.invoke(app, ["quotes", "--db", demo_db, "--json"]).stderr


def test_cli_says_which_actor_a_name_is(demo_db: str) -> None:
    result = runner.invoke(app, ["timeline", "--actor", "the Kremlin", "--db", demo_db])
    assert "note: --actor 'the Kremlin' is Russia (russia)" in result.stderr
    nobody = runner.invoke(app, ["proposals", "--party", "Nobody Atall", "--db", demo_db])
    assert nobody.exit_code == 0 and "no actor is named 'Nobody Atall'" in nobody.stderr
    assert "0-0 of 0" in nobody.stdout
    putin = runner.invoke(app, ["actor", "PUTIN", "--db", demo_db], terminal_width=80)
    assert putin.exit_code == 0 and putin.stdout.startswith("Vladimir Putin (PERSON, RUS")


@pytest.mark.parametrize("args,message", [
    (["timeline", "--date-from", "2024-13-01"], "--date-from: '2024-13-01' is not a date"),
    (["quotes", "--date-from", "2024-06-02", "--date-to", "2024-06-01"],
     "--date-from: 2024-06-02 is after --date-to 2024-06-01"),
    (["timeline", "--type", "HUG"], "--type: unknown event type 'HUG'"),
    (["timeline", "--order", "sideways"], "--order: 'sideways' is not one of"),
    (["timeline", "--kind", "rumour"], "--kind: 'rumour' is not one of"),
])
def test_bad_filters_are_one_line(demo_db: str, args: list[str], message: str) -> None:
    result = runner.invoke(app, [*args, "--db", demo_db])
    assert result.exit_code == 1 and message in result.stderr
    assert "Traceback" not in result.output

