"""The command line: every command documented with an example, the demo
path works end to end, errors are one line without a traceback."""

from __future__ import annotations

import json
import re
from pathlib import Path

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
    result = runner.invoke(app, ["report", "--db", demo_db])
    assert result.exit_code == 0, result.output
    assert "Putin only creates the illusion of progress" in result.output
    assert "Timeline" in result.output


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
    assert "Zelensky" not in "".join(line.split("│")[3] for line in quotes.output.splitlines()
                                     if line.count("│") > 4)  # the speaker column
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
