"""Full-text search over a store: the index, the query language, ranked pages.

The index belongs to the store's schema (`accord.store` installs it) and is
kept in step by the database itself, whoever writes:

- SQLite: FTS5 tables with external content, so no text is stored twice.
  `fts_quotes`, `fts_events` and `fts_proposals` index those tables' text
  (and speaker, actor or kind); `fts_documents` indexes each article's title
  and text through the view `search_doc_text` (the text is read from
  `documents.record`), keyed by `search_docs`, whose integer ids survive a
  VACUUM. Triggers on every insert, update and delete keep them in step.
- PostgreSQL: a generated `tsvector` column on documents (title weighted above
  the first 200,000 characters of the text: a tsvector holds at most 1 MB) and
  expression GIN indexes over the items' text.

Queries: words (every one must match, in any form: "talks" finds "talk"),
"quoted phrases", `prefix*`, and `-word` to leave out. Results are ranked
(BM25 on SQLite, ts_rank_cd on PostgreSQL), paged, and carry a snippet with
the offsets of its matches, never markup: callers escape the text. Every search
runs under a time limit (SQLite: a progress handler; PostgreSQL:
statement_timeout) and raises `SearchTimeout` when it is over.
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, bindparam, false, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.sql import ColumnElement

from accord.errors import SearchQueryError, SearchTimeout

KINDS = ("documents", "quotes", "events", "proposals")
SEARCH_TIMEOUT = 3.0  # seconds, per search
MAX_TERMS = 16
PG_CONFIG = "english"
PG_MAX_CHARS = 200_000  # of an article's text in its tsvector (1 MB at most)
SNIPPET_TOKENS = 32
# Match markers inside snippets; parsed away before anything leaves this module.
_ON, _OFF = "\x02", "\x03"
_TOKEN = re.compile(r"[^\W_]+")
_QUERY_PART = re.compile(r'(-?)"([^"]*)"?|(\S+)')

# -- SQLite: FTS5 over external content --------------------------------------
# Each table's indexed columns, in FTS column order.
_FTS_COLUMNS = {"quotes": ("text", "speaker_name"),
                "events": ("text", "actor_name", "recipient_name"),
                "proposals": ("text", "kind")}
SQLITE_TABLES = frozenset({"search_docs", "fts_documents", *(f"fts_{t}" for t in _FTS_COLUMNS)})
_TOKENIZE = "porter unicode61 remove_diacritics 2"


def _sqlite_item_ddl(table: str, cols: tuple[str, ...]) -> list[str]:
    fts = f"fts_{table}"
    names = ", ".join(cols)

    def vals(row: str) -> str:
        return ", ".join(f"{row}.{c}" for c in cols)

    delete = f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.id, {vals('old')});"
    insert = f"INSERT INTO {fts}(rowid, {names}) VALUES (new.id, {vals('new')});"
    return [
        *(f"DROP TRIGGER IF EXISTS {fts}_{t}" for t in ("ai", "ad", "au")),
        f"CREATE VIRTUAL TABLE {fts} USING fts5({names}, content='{table}', "
        f"content_rowid='id', tokenize='{_TOKENIZE}')",
        f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN {delete} END",
        f"CREATE TRIGGER {fts}_au AFTER UPDATE OF id, {names} ON {table} "
        f"BEGIN {delete} {insert} END",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ]


_DOC_TEXT = "json_extract({row}.record, '$.text')"
_DOC_DELETE = ("INSERT INTO fts_documents(fts_documents, rowid, title, text) "
               "SELECT 'delete', id, old.title, " + _DOC_TEXT.format(row="old")
               + " FROM search_docs WHERE doc_id = old.doc_id;")
_DOC_INSERT = ("INSERT INTO fts_documents(rowid, title, text) SELECT id, new.title, "
               + _DOC_TEXT.format(row="new") + " FROM search_docs WHERE doc_id = new.doc_id;")
_SQLITE_DOC_DDL = [
    *(f"DROP TRIGGER IF EXISTS fts_documents_{t}" for t in ("ai", "ad", "au")),
    "CREATE TABLE search_docs (id INTEGER PRIMARY KEY, doc_id TEXT NOT NULL UNIQUE)",
    "CREATE VIEW search_doc_text AS SELECT s.id AS id, d.title AS title, "
    + _DOC_TEXT.format(row="d") + " AS text FROM search_docs s "
    "JOIN documents d ON d.doc_id = s.doc_id",
    "CREATE VIRTUAL TABLE fts_documents USING fts5(title, text, content='search_doc_text', "
    f"content_rowid='id', tokenize='{_TOKENIZE}')",
    "CREATE TRIGGER fts_documents_ai AFTER INSERT ON documents BEGIN "
    "INSERT INTO search_docs(doc_id) VALUES (new.doc_id); " + _DOC_INSERT + " END",
    "CREATE TRIGGER fts_documents_ad AFTER DELETE ON documents BEGIN " + _DOC_DELETE
    + " DELETE FROM search_docs WHERE doc_id = old.doc_id; END",
    "CREATE TRIGGER fts_documents_au AFTER UPDATE OF doc_id, title, record ON documents BEGIN "
    + _DOC_DELETE + " UPDATE search_docs SET doc_id = new.doc_id WHERE doc_id = old.doc_id; "
    + _DOC_INSERT + " END",
    "INSERT INTO search_docs(doc_id) SELECT doc_id FROM documents ORDER BY doc_id",
    "INSERT INTO fts_documents(fts_documents) VALUES ('rebuild')",
]


def install_sqlite(conn: Connection) -> None:
    """Create the missing parts of the SQLite index and fill them from the store
    (a store made before search existed is indexed once, when it is opened)."""
    have = {r[0] for r in conn.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
    if "fts_documents" not in have:
        for old in ("search_doc_text",):  # left by a failed install: made again
            if old in have:
                conn.exec_driver_sql(f"DROP VIEW {old}")
        if "search_docs" in have:
            conn.exec_driver_sql("DROP TABLE search_docs")
        for stmt in _SQLITE_DOC_DDL:
            conn.exec_driver_sql(stmt)
    for table, cols in _FTS_COLUMNS.items():
        if f"fts_{table}" not in have:
            for stmt in _sqlite_item_ddl(table, cols):
                conn.exec_driver_sql(stmt)


# -- PostgreSQL: tsvector + GIN ------------------------------------------------
def _pg_item_vector(table: str) -> str:
    cols = " || ' ' || ".join(f"coalesce({c}, '')" for c in _FTS_COLUMNS[table])
    return f"to_tsvector('{PG_CONFIG}', {cols})"


_PG_DOC_VECTOR = (f"setweight(to_tsvector('{PG_CONFIG}', coalesce(title, '')), 'A') || "
                  f"setweight(to_tsvector('{PG_CONFIG}', left(coalesce(record::json ->> 'text', "
                  f"''), {PG_MAX_CHARS})), 'B')")


def install_postgres(conn: Connection) -> None:
    """Add the search column and indexes a PostgreSQL store lacks. Checked first:
    ALTER TABLE locks the table even when there is nothing to do."""
    has_column = conn.exec_driver_sql(
        "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND table_name = 'documents' AND column_name = 'search_tsv'").first()
    if not has_column:
        conn.exec_driver_sql(f"ALTER TABLE documents ADD COLUMN search_tsv tsvector "
                             f"GENERATED ALWAYS AS ({_PG_DOC_VECTOR}) STORED")
    indexes = {r[0] for r in conn.exec_driver_sql(
        "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()")}
    wanted = {"ix_documents_search": "documents USING gin (search_tsv)"}
    for table in _FTS_COLUMNS:
        wanted[f"ix_{table}_search"] = f"{table} USING gin (({_pg_item_vector(table)}))"
    for name, spec in wanted.items():
        if name not in indexes:
            conn.exec_driver_sql(f"CREATE INDEX {name} ON {spec}")


# -- the query language ----------------------------------------------------------
@dataclass(frozen=True)
class Term:
    """One word or phrase of a query (a phrase when it has several words)."""

    words: tuple[str, ...]
    prefix: bool = False
    exclude: bool = False

    def __str__(self) -> str:
        body = " ".join(self.words) + ("*" if self.prefix else "")
        body = f'"{body}"' if len(self.words) > 1 else body
        return ("-" if self.exclude else "") + body


def parse(q: str) -> list[Term]:
    """The terms of a query; only letters and digits count, so no input can
    reach the database's own query syntax. Raises SearchQueryError (a
    ValueError) for a query that only leaves words out."""
    terms: list[Term] = []
    for m in _QUERY_PART.finditer(unicodedata.normalize("NFKC", q)):
        if m.group(3) is not None:
            raw = m.group(3)
            exclude = raw.startswith("-") and len(raw) > 1
            raw = raw[1:] if exclude else raw
        else:
            exclude, raw = bool(m.group(1)), m.group(2)
        words = tuple(w.lower() for w in _TOKEN.findall(raw))
        if words:
            terms.append(Term(words, prefix=raw.rstrip().endswith("*"), exclude=exclude))
    terms = terms[:MAX_TERMS]
    if terms and all(t.exclude for t in terms):
        raise SearchQueryError("'-word' only leaves words out: add a word to find",
                               source=repr(q))
    return terms


def _fts5_expr(terms: list[Term]) -> str:
    """An FTS5 MATCH expression; every term is a quoted string of word characters."""

    def one(t: Term) -> str:
        return '"' + " ".join(t.words) + '"' + (" *" if t.prefix else "")

    expr = " AND ".join(one(t) for t in terms if not t.exclude)
    for t in terms:
        if t.exclude:
            expr = f"({expr}) NOT {one(t)}"
    return expr


def _pg_tsquery(terms: list[Term], params: dict[str, Any]) -> str:
    """A tsquery SQL expression, every term a bound parameter."""
    parts = []
    for i, t in enumerate(terms):
        key = f"t{i}"
        if t.prefix:
            params[key] = " <-> ".join([*t.words[:-1], t.words[-1] + ":*"])
            part = f"to_tsquery('{PG_CONFIG}', :{key})"
        else:
            params[key] = " ".join(t.words)
            part = f"phraseto_tsquery('{PG_CONFIG}', :{key})"
        parts.append(("!!" if t.exclude else "") + part)
    return "(" + " && ".join(parts) + ")"


# -- running a search ----------------------------------------------------------------
@dataclass(frozen=True)
class Hit:
    kind: str
    key: Any  # SQLite: the FTS rowid; PostgreSQL: the item id or doc_id
    score: float


@contextmanager
def _time_limit(engine: Engine, seconds: float) -> Iterator[Connection]:
    """A connection whose statements stop after `seconds` (0: no limit)."""
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            with conn.begin():
                if seconds:
                    conn.execute(text("SELECT set_config('statement_timeout', :ms, true)"),
                                 {"ms": str(max(1, int(seconds * 1000)))})
                yield conn
            return
        raw = conn.connection.driver_connection
        deadline = time.monotonic() + seconds
        if seconds and raw is not None:
            raw.set_progress_handler(lambda: int(time.monotonic() > deadline), 2000)
        try:
            yield conn
        finally:
            if raw is not None:
                raw.set_progress_handler(None, 0)


def _timed_out(exc: OperationalError) -> bool:
    orig = exc.orig
    return getattr(orig, "sqlstate", None) == "57014" or "interrupted" in str(orig)


def search(engine: Engine, q: str, *, kind: str | tuple[str, ...] | None = None,
           limit: int = 20, offset: int = 0, timeout: float = SEARCH_TIMEOUT
           ) -> dict[str, Any]:
    """One page of the items matching `q`, best first, with the number found of
    each kind; `kind` keeps one of KINDS (or those of a tuple). Raises
    SearchQueryError (a ValueError) for a bad query or kind, SearchTimeout when
    the time limit is over."""
    chosen = (kind,) if isinstance(kind, str) else tuple(kind or ())
    for k in chosen:
        if k not in KINDS:
            raise SearchQueryError(f"kind: {k!r} is not one of: {', '.join(KINDS)}")
    terms = parse(q)
    out: dict[str, Any] = {"q": q, "terms": [str(t) for t in terms],
                           "kind": ",".join(chosen) or "all", "total": 0,
                           "counts": dict.fromkeys(KINDS, 0), "limit": limit,
                           "offset": offset, "items": []}
    if not terms:
        return out
    kinds = chosen or KINDS
    backend: Any = _Postgres(terms) if engine.dialect.name == "postgresql" else _Sqlite(terms)
    try:
        with _time_limit(engine, timeout) as conn:
            out["counts"] = backend.counts(conn)
            out["total"] = sum(out["counts"][k] for k in kinds)
            hits = backend.rank(conn, kinds, limit, offset) if out["total"] > offset else []
            details = {k: backend.details(conn, k, [h.key for h in hits if h.kind == k])
                       for k in kinds if any(h.kind == k for h in hits)}
    except OperationalError as exc:
        if _timed_out(exc):
            raise SearchTimeout(f"the search took longer than {timeout:g} s and was stopped: "
                                "use rarer words or a \"phrase\"", source=repr(q)) from None
        raise
    for h in hits:
        item = details.get(h.kind, {}).get(h.key)
        if item is not None:
            out["items"].append(_finish(item, h))
    return out


def match_filter(dialect: str, q: str, kind: str) -> ColumnElement[bool]:
    """A WHERE clause "the row matches q" for a list query over `kind` (documents,
    quotes or proposals), through the index; false when q has no words."""
    terms = parse(q)
    if not terms:
        return false()
    if dialect == "postgresql":
        params: dict[str, Any] = {}
        tsq = _pg_tsquery(terms, params)
        vec = "documents.search_tsv" if kind == "documents" else \
            _pg_item_vector(kind).replace("coalesce(", f"coalesce({kind}.")
        return and_(text(f"{vec} @@ {tsq}").bindparams(**params))
    if kind == "documents":
        sql = ("documents.doc_id IN (SELECT s.doc_id FROM fts_documents "
               "JOIN search_docs s ON s.id = fts_documents.rowid "
               "WHERE fts_documents MATCH :fts_match)")
    else:
        sql = f"{kind}.id IN (SELECT rowid FROM fts_{kind} WHERE fts_{kind} MATCH :fts_match)"
    return and_(text(sql).bindparams(bindparam("fts_match", _fts5_expr(terms))))


# -- the two backends ------------------------------------------------------------------
_ITEM_SQL = {
    "quotes": "t.doc_id, t.idx, t.kind AS quote_kind, t.speaker_id, t.speaker_name",
    "events": "t.doc_id, t.idx, t.type, t.actor_id, t.actor_name, t.recipient_id, "
              "t.recipient_name, t.date, t.grp",
    "proposals": "t.doc_id, t.pid, t.kind AS proposal_kind, t.proposer_id, t.proposer_name, "
                 "t.recipient_id, t.recipient_name, t.date, t.grp",
}
_DOC_SQL = "d.doc_id, d.title, d.outlet, d.published, d.source"


class _Sqlite:
    # BM25 weights per column: a title counts four times the text; names half.
    WEIGHTS = {"documents": "4.0, 1.0", "quotes": "1.0, 0.5", "events": "1.0, 0.5, 0.5",
               "proposals": "1.0, 0.5"}

    def __init__(self, terms: list[Term]) -> None:
        self.match = _fts5_expr(terms)

    def counts(self, conn: Connection) -> dict[str, int]:
        sql = ", ".join(f"(SELECT count(*) FROM fts_{k} WHERE fts_{k} MATCH :m)" for k in KINDS)
        row = conn.execute(text(f"SELECT {sql}"), {"m": self.match}).one()
        return {k: int(n) for k, n in zip(KINDS, row, strict=True)}

    def rank(self, conn: Connection, kinds: tuple[str, ...], limit: int,
             offset: int) -> list[Hit]:
        parts = [f"SELECT '{k}' AS kind, rowid AS key, bm25(fts_{k}, {self.WEIGHTS[k]}) AS score "
                 f"FROM fts_{k} WHERE fts_{k} MATCH :m" for k in kinds]
        sql = " UNION ALL ".join(parts) + " ORDER BY score, kind, key LIMIT :limit OFFSET :offset"
        rows = conn.execute(text(sql), {"m": self.match, "limit": limit, "offset": offset})
        return [Hit(r.kind, r.key, -float(r.score)) for r in rows]

    def details(self, conn: Connection, kind: str, keys: list[Any]) -> dict[Any, dict[str, Any]]:
        fts = f"fts_{kind}"
        snip = f"snippet({fts}, {{col}}, '{_ON}', '{_OFF}', '…', {SNIPPET_TOKENS})"
        if kind == "documents":
            sql = (f"SELECT {fts}.rowid AS key, {_DOC_SQL}, {snip.format(col=1)} AS snip, "
                   f"highlight({fts}, 0, '{_ON}', '{_OFF}') AS title_marked FROM {fts} "
                   f"JOIN search_docs s ON s.id = {fts}.rowid "
                   "JOIN documents d ON d.doc_id = s.doc_id ")
        else:
            sql = (f"SELECT {fts}.rowid AS key, {_ITEM_SQL[kind]}, d.title, d.outlet, "
                   f"d.published, d.source, {snip.format(col=0)} AS snip FROM {fts} "
                   f"JOIN {kind} t ON t.id = {fts}.rowid JOIN documents d ON d.doc_id = t.doc_id ")
        sql += f"WHERE {fts} MATCH :m AND {fts}.rowid IN :keys"
        stmt = text(sql).bindparams(bindparam("keys", expanding=True))
        rows = conn.execute(stmt, {"m": self.match, "keys": keys})
        return {r.key: dict(r._mapping) for r in rows}


class _Postgres:
    def __init__(self, terms: list[Term]) -> None:
        self.params: dict[str, Any] = {}
        self.tsq = _pg_tsquery(terms, self.params)

    def _vector(self, kind: str, alias: str) -> str:
        if kind == "documents":
            return f"{alias}.search_tsv"
        return _pg_item_vector(kind).replace("coalesce(", f"coalesce({alias}.")

    def counts(self, conn: Connection) -> dict[str, int]:
        table = {"documents": "documents"} | {k: k for k in _FTS_COLUMNS}
        sql = ", ".join(f"(SELECT count(*) FROM {table[k]} x WHERE {self._vector(k, 'x')} "
                        f"@@ {self.tsq})" for k in KINDS)
        row = conn.execute(text(f"SELECT {sql}"), self.params).one()
        return {k: int(n) for k, n in zip(KINDS, row, strict=True)}

    def rank(self, conn: Connection, kinds: tuple[str, ...], limit: int,
             offset: int) -> list[Hit]:
        parts = []
        for k in kinds:
            key = "x.doc_id" if k == "documents" else "CAST(x.id AS TEXT)"
            vec = self._vector(k, "x")
            parts.append(f"SELECT '{k}' AS kind, {key} AS key, ts_rank_cd({vec}, {self.tsq}) "
                         f"AS score FROM {k} x WHERE {vec} @@ {self.tsq}")
        sql = " UNION ALL ".join(parts) + \
            " ORDER BY score DESC, kind, key LIMIT :limit OFFSET :offset"
        rows = conn.execute(text(sql), {**self.params, "limit": limit, "offset": offset})
        return [Hit(r.kind, r.key if r.kind == "documents" else int(r.key), float(r.score))
                for r in rows]

    def details(self, conn: Connection, kind: str, keys: list[Any]) -> dict[Any, dict[str, Any]]:
        opts = (f"StartSel={_ON}, StopSel={_OFF}, MaxWords={SNIPPET_TOKENS}, MinWords=12, "
                "MaxFragments=2, FragmentDelimiter=\" … \"")
        if kind == "documents":
            body = f"left(coalesce(d.record::json ->> 'text', ''), {PG_MAX_CHARS})"
            sql = (f"SELECT d.doc_id AS key, {_DOC_SQL}, "
                   f"ts_headline('{PG_CONFIG}', {body}, {self.tsq}, :opts) AS snip, "
                   f"ts_headline('{PG_CONFIG}', coalesce(d.title, ''), {self.tsq}, :all) "
                   "AS title_marked FROM documents d WHERE d.doc_id IN :keys")
        else:
            sql = (f"SELECT t.id AS key, {_ITEM_SQL[kind]}, d.title, d.outlet, d.published, "
                   f"d.source, ts_headline('{PG_CONFIG}', coalesce(t.text, ''), {self.tsq}, "
                   f":all) AS snip FROM {kind} t JOIN documents d ON d.doc_id = t.doc_id "
                   "WHERE t.id IN :keys")
        stmt = text(sql).bindparams(bindparam("keys", expanding=True))
        rows = conn.execute(stmt, {**self.params, "keys": keys, "opts": opts,
                                   "all": f"StartSel={_ON}, StopSel={_OFF}, HighlightAll=true"})
        return {r.key: dict(r._mapping) for r in rows}


# -- results ----------------------------------------------------------------------------
def marked(value: str | None) -> tuple[str, list[list[int]]]:
    """Text with match markers to plain text (whitespace runs made one space) and
    the [start, end) of each match in it."""
    plain: list[str] = []
    spans: list[list[int]] = []
    pos, start = 0, None
    for part in re.split(f"([{_ON}{_OFF}])", value or ""):
        if part == _ON:
            start = pos
        elif part == _OFF:
            if start is not None and pos > start:
                spans.append([start, pos])
            start = None
        else:
            part = re.sub(r"\s+", " ", part)
            if plain and plain[-1].endswith(" ") and part.startswith(" "):
                part = part[1:]
            plain.append(part)
            pos += len(part)
    return "".join(plain), spans


def _ref(item: dict[str, Any], prefix: str) -> dict[str, Any] | None:
    rid, name = item.pop(f"{prefix}_id", None), item.pop(f"{prefix}_name", None)
    return None if rid is None and name is None else {"id": rid, "name": name}


def _finish(row: dict[str, Any], hit: Hit) -> dict[str, Any]:
    item = dict(row)
    item.pop("key", None)
    snippet, spans = marked(item.pop("snip", None))
    item.update(kind=hit.kind[:-1], score=round(hit.score, 6), snippet=snippet,
                highlights=spans)
    if hit.kind == "documents":
        title, title_spans = marked(item.pop("title_marked", None))
        if title_spans:  # the title as matched (whitespace runs made one space)
            item["title"] = title
        item["title_highlights"] = title_spans
        item["anchor"] = None
    elif hit.kind == "quotes":
        item["speaker"] = _ref(item, "speaker")
        item["anchor"] = f"q{item.pop('idx')}"
    else:
        for role in ("actor", "proposer", "recipient"):
            if f"{role}_id" in item:
                item[role] = _ref(item, role)
        item["group"] = item.pop("grp", None)
        item["anchor"] = f"e{item.pop('idx')}" if hit.kind == "events" \
            else f"prop-{item.pop('pid')}"
    return item
