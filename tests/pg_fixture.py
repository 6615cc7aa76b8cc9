"""A throwaway PostgreSQL server for the tests, started once per test session.

The machine's own server binaries (`initdb`, `pg_ctl` from
/usr/lib/postgresql/*/bin; `make test` installs them when missing) run a
cluster in a temporary folder, on a free loopback port, with trust auth on
127.0.0.1 only. As root the server runs as the `postgres` user (it refuses to
run as root). Each test gets a fresh database from `pg_url`. Without a server
the tests skip, except under CI=true, where they fail: a suite that skips its
PostgreSQL tests has not tested PostgreSQL. ACCORD_PG_BINDIR names the folder
of the binaries (tests of this rule point it at nothing).

Use from a test module: `pg_server, pg_url = pg_fixture.pg_server, pg_fixture.pg_url`.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

import pytest

_counter = itertools.count()


def pg_bindir() -> Path | None:
    """The newest installed server's bin folder, or None."""
    chosen = os.environ.get("ACCORD_PG_BINDIR")
    if chosen is not None:
        return Path(chosen) if (Path(chosen) / "initdb").is_file() else None
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parent.parent.name))
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("initdb")
    return Path(on_path).parent if on_path else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_server_user(cmd: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return cmd
    return ["runuser", "-u", "postgres", "--", *cmd]


class PgServer:
    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="accord-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self.log = self.root / "server.log"

    def _run(self, *args: str) -> None:
        proc = subprocess.run(_as_server_user([str(self.bindir / args[0]), *args[1:]]),
                              check=False, capture_output=True, text=True, timeout=120)
        if proc.returncode != 0:
            log = self.log.read_text() if self.log.exists() else ""
            raise RuntimeError(f"{args[0]} failed: {proc.stderr.strip()}\n{log}")

    def start(self) -> None:
        if os.geteuid() == 0:
            pw = pwd.getpwnam("postgres")
            os.chown(self.root, pw.pw_uid, pw.pw_gid)
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust",
                  "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions")
        opts = (f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.root} "
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
                "-c max_connections=100")
        self._run("pg_ctl", "-D", str(self.data), "-o", opts, "-l", str(self.log),
                  "-w", "-t", "60", "start")

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{dbname}"

    def create_database(self) -> str:
        import psycopg

        name = f"accord_test_{os.getpid()}_{next(_counter)}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


def in_ci() -> bool:
    """CI=true (or 1, yes): what would be skipped elsewhere must fail there."""
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def unavailable(reason: str) -> NoReturn:
    """Skip on a developer's machine; fail under CI, where a skipped PostgreSQL test
    would pass the suite without testing anything."""
    if in_ci():
        pytest.fail(f"{reason} (CI=true: PostgreSQL tests must run; `make test` "
                    "installs the server with apt-get)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    bindir = pg_bindir()
    if bindir is None:
        unavailable("PostgreSQL server binaries not installed (initdb not found); "
                    "`make test` installs them with apt-get")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        unavailable("psycopg is not installed: pip install 'accord[postgres]'")
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            unavailable("running as root but there is no `postgres` user to run the server")
    server = PgServer(bindir)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def pg_url(pg_server: PgServer) -> str:
    """A fresh, empty database on the session's server."""
    return pg_server.create_database()
