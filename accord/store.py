"""The store: the only module that speaks SQL (SQLAlchemy Core).

SQLite by default (WAL, busy timeout), PostgreSQL when `--db` is a
postgresql:// URL; one schema for both. Every write goes through
`Store.put_record` (one article per transaction) or `Store.put_records` (a few
whole articles per transaction): a crash leaves each article either fully
stored or not at all.

For other tools (Datasette, DuckDB, notebooks) the store also keeps each
article's text in `documents.text`, foreign keys from items to `entities`,
and views joining names (`quotes_view`, `events_view`, `proposals_view`,
`responses_view`); an older store gets the column and the views when opened.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    and_,
    bindparam,
    case,
    cast,
    create_engine,
    delete,
    event,
    func,
    insert,
    inspect,
    literal,
    literal_column,
    or_,
    select,
    text,
    union_all,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.ext.compiler import compiles

from accord import fulltext, merge
from accord.corrections import Correction, find_item
from accord.corrections import apply as apply_corrections
from accord.errors import CorrectionError, StoreError
from accord.fingerprint import meta_key as _meta_key

DEFAULT_DB = "accord.db"
metadata = MetaData()
# Any PostgreSQL transaction may fail with these and succeed when run again:
# serialization failure, deadlock detected.
PG_RETRY_STATES = {"40001", "40P01"}
# Serialises schema creation between processes opening one PostgreSQL store.
PG_SCHEMA_LOCK = 0x61636364


@compiles(String, "postgresql")
def _pg_string(type_: String, compiler: Any, **kw: Any) -> str:
    # SQLite ignores VARCHAR lengths; PostgreSQL would reject a longer value.
    # Plain TEXT keeps the two backends behaving the same.
    return "TEXT"

def _items(name: str, parent: Column[Any], *columns: Column[Any]) -> Table:
    """A table of the items of a document or of a proposal: a row id, the parent
    (deleting it deletes them), then `columns`."""
    return Table(name, metadata, Column("id", Integer, primary_key=True, autoincrement=True),
                 parent, *columns)


def _of_document() -> Column[Any]:
    return Column("doc_id", String(32), ForeignKey("documents.doc_id", ondelete="CASCADE"),
                  nullable=False)


def _of_proposal() -> Column[Any]:
    return Column("proposal_id", Integer, ForeignKey("proposals.id", ondelete="CASCADE"),
                  nullable=False)


def _actor(role: str) -> tuple[Column[Any], Column[Any]]:
    """Who an item names in `role` (speaker, actor, ...): the entity, and the name as
    the item gives it (an unnamed actor has a name and no entity)."""
    return (Column(f"{role}_id", String(200), ForeignKey("entities.id")),
            Column(f"{role}_name", Text))


def _span() -> tuple[Column[Any], Column[Any]]:
    """An item's [start, end) in its document's text."""
    return Column("start", Integer, nullable=False), Column("end", Integer, nullable=False)


documents = Table(
    "documents", metadata,
    Column("doc_id", String(32), primary_key=True),
    Column("source", Text, nullable=False),
    Column("outlet", Text),
    Column("title", Text),
    Column("published", String(10)),
    Column("n_chars", Integer, nullable=False),
    Column("text", Text),  # the article text (as in the record), for SQL tools
    Column("record", Text, nullable=False),  # the SPEC record as JSON
    Column("dropped", Text),  # JSON list of dropped boilerplate lines
    Column("ingested_at", String(32), nullable=False),
    # the pipeline that extracted it and the metadata it was read with
    # (accord.fingerprint): an unchanged article under both is not extracted again
    Column("fingerprint", String(32)),
    Column("meta_key", String(32)),
    # the record as extracted, without its text, when analysts' corrections
    # apply over it (then `record` is the corrected record; accord.corrections)
    Column("extracted", Text),
)
Index("ix_documents_source", documents.c.source, unique=True)
Index("ix_documents_published", documents.c.published)
Index("ix_documents_outlet", documents.c.outlet)
# Cover the API's document lists (newest first, by outlet) without reading the rows.
Index("ix_documents_published_doc", documents.c.published, documents.c.doc_id)
Index("ix_documents_outlet_published", documents.c.outlet, documents.c.published,
      documents.c.doc_id)

entities = Table(
    "entities", metadata,
    Column("id", String(200), primary_key=True),
    Column("name", Text, nullable=False),
    Column("type", String(16)),
    Column("country", String(8)),
    Column("sector", String(8)),
)

doc_entities = Table(
    "doc_entities", metadata,
    Column("doc_id", String(32), ForeignKey("documents.doc_id", ondelete="CASCADE"),
           primary_key=True),
    Column("entity_id", String(200), ForeignKey("entities.id"), primary_key=True),
    Column("aliases", Text),  # JSON list, as seen in this document
    Column("n_mentions", Integer, nullable=False),
)
Index("ix_doc_entities_entity", doc_entities.c.entity_id)
# Covers the actor ranking of the API (counts per entity without table reads).
Index("ix_doc_entities_entity_mentions", doc_entities.c.entity_id, doc_entities.c.n_mentions)

mentions = _items(
    "mentions", _of_document(),
    Column("entity_id", String(200), ForeignKey("entities.id"), nullable=False),
    *_span(),
    Column("text", Text),
)
Index("ix_mentions_doc", mentions.c.doc_id)

quotes = _items(
    "quotes", _of_document(),
    Column("idx", Integer, nullable=False),
    *_span(),
    Column("text", Text, nullable=False),
    Column("kind", String(16)),
    Column("cue", Text),
    *_actor("speaker"),
    Column("published", String(10)),
    Column("confidence", Float),  # accord.confidence
    Column("review", String(16)),  # confirmed or edited by an analyst (accord.corrections)
)
Index("ix_quotes_doc", quotes.c.doc_id)
Index("ix_quotes_speaker", quotes.c.speaker_id)
Index("ix_quotes_published", quotes.c.published)  # API: newest quotes first
Index("ix_quotes_speaker_published", quotes.c.speaker_id, quotes.c.published)  # API: by speaker

events = _items(
    "events", _of_document(),
    Column("idx", Integer, nullable=False),
    Column("type", String(16), nullable=False),
    Column("mode", String(32)),
    *_actor("actor"),
    *_actor("recipient"),
    Column("date", String(10)),
    Column("date_text", Text),
    Column("negated", Boolean),
    Column("hypothetical", Boolean),
    Column("future", Boolean),
    *_span(),
    Column("text", Text),
    Column("grp", String(32)),
    Column("confidence", Float),
    Column("review", String(16)),
)
Index("ix_events_doc", events.c.doc_id)
Index("ix_events_type_date", events.c.type, events.c.date)
Index("ix_events_actor", events.c.actor_id)
Index("ix_events_recipient", events.c.recipient_id)
Index("ix_events_grp", events.c.grp)
Index("ix_events_date", events.c.date)  # API: event lists and the timeline in date order
# API: one actor's events, newest first, without sorting all of them.
Index("ix_events_actor_date", events.c.actor_id, events.c.date)
Index("ix_events_recipient_date", events.c.recipient_id, events.c.date)

proposals = _items(
    "proposals", _of_document(),
    Column("pid", String(16), nullable=False),
    Column("kind", Text),
    *_actor("proposer"),
    *_actor("recipient"),
    Column("date", String(10)),
    *_span(),
    Column("text", Text),
    Column("terms", Text),  # JSON list
    Column("grp", String(32)),
    Column("confidence", Float),
    Column("review", String(16)),
)
Index("ix_proposals_doc", proposals.c.doc_id)
Index("ix_proposals_grp", proposals.c.grp)
Index("ix_proposals_date", proposals.c.date)  # API: the timeline in date order

conditions = _items(
    "conditions", _of_proposal(),
    Column("idx", Integer, nullable=False),
    Column("text", Text, nullable=False),
)
Index("ix_conditions_proposal", conditions.c.proposal_id)

responses = _items(
    "responses", _of_proposal(),
    *_actor("actor"),
    Column("stance", String(16)),
    Column("date", String(10)),
    Column("start", Integer),
    Column("end", Integer),
    Column("text", Text),
    Column("confidence", Float),
    Column("review", String(16)),
)
Index("ix_responses_proposal", responses.c.proposal_id)

# The cross-document merge, kept by every write in its transaction (see
# refresh_merged): one row per event or proposal group, for its leader (the
# member with the lowest id), and one per item that stands alone. The timeline
# and the proposal list page through it in index order, so a deep page costs
# what the first one does and no request groups the item tables.
merged_items = Table(
    "merged_items", metadata,
    Column("kind", String(8), primary_key=True),  # event or proposal
    Column("item_id", Integer, primary_key=True),  # the leader's events.id / proposals.id
    Column("grp", String(200), nullable=False),  # the group id, x-DOC-ID for one alone
    Column("doc_id", String(32), nullable=False),  # the leader's document
    Column("undated", Integer, nullable=False),  # 1: the leader has no date (it sorts last)
    Column("date", String(10), nullable=False),  # the leader's date, '' when undated
    Column("first_undated", Integer, nullable=False),  # 1: no member has a date
    Column("first_date", String(10), nullable=False),  # the earliest member's date, or ''
    Column("type", String(16)),  # an event's type
    Column("actor_id", String(200)),  # the leader's actor (a proposal's proposer)
    Column("n_sources", Integer, nullable=False),  # documents among its members
)
Index("ix_merged_items_order", merged_items.c.undated, merged_items.c.date,
      merged_items.c.kind, merged_items.c.item_id)
Index("ix_merged_items_kind", merged_items.c.kind, merged_items.c.undated,
      merged_items.c.date, merged_items.c.item_id)
Index("ix_merged_items_type", merged_items.c.type, merged_items.c.undated,
      merged_items.c.date, merged_items.c.kind, merged_items.c.item_id)
Index("ix_merged_items_actor", merged_items.c.actor_id, merged_items.c.undated,
      merged_items.c.date, merged_items.c.kind, merged_items.c.item_id)
Index("ix_merged_items_first", merged_items.c.kind, merged_items.c.first_undated,
      merged_items.c.first_date, merged_items.c.grp)
# (the kind second: a write's refresh finds its rows by both, never by kind alone)
Index("ix_merged_items_grp_kind", merged_items.c.grp, merged_items.c.kind)
Index("ix_merged_items_doc_kind", merged_items.c.doc_id, merged_items.c.kind)
MERGED = (("event", events), ("proposal", proposals))


def _merged_select(kind: str, table: Table, only: bool = False) -> Any:
    """Rows of `merged_items` for the leaders of `table`'s groups and its items
    alone: all of them, or (`only`) the leaders of the groups in the `groups`
    parameter and the lone items of the `doc_id` parameter. Each group is read
    once, through the group index (GROUP BY, not a subquery per member: a group
    of 1,000 reports costs 1,000 reads, not a million)."""
    g = table.alias("g")
    per_group = select(g.c.grp, func.min(g.c.id).label("leader"),
                       func.min(g.c.date).label("first"),
                       # sources: the documents that tell it (one may tell it twice)
                       func.count(func.distinct(g.c.doc_id)).label("n"))
    per_group = per_group.where(g.c.grp.in_(bindparam("groups", expanding=True)) if only
                                else g.c.grp.is_not(None))
    agg = per_group.group_by(g.c.grp).subquery()
    type_ = table.c.type if kind == "event" else literal(None, String)
    actor = table.c.actor_id if kind == "event" else table.c.proposer_id
    undated = case((table.c.date.is_(None), 1), else_=0)
    date = func.coalesce(table.c.date, "")
    leaders = select(literal(kind, String), table.c.id, table.c.grp, table.c.doc_id, undated,
                     date, case((agg.c.first.is_(None), 1), else_=0),
                     func.coalesce(agg.c.first, ""), type_, actor, agg.c.n) \
        .join(agg, agg.c.leader == table.c.id)
    own = literal_column("'x-'", String) + table.c.doc_id + literal_column("'-'", String) \
        + cast(table.c.id, String)
    alone = select(literal(kind, String), table.c.id, own, table.c.doc_id, undated, date,
                   undated, date, type_, actor, literal(1, Integer)) \
        .where(table.c.grp.is_(None))
    if only:
        alone = alone.where(table.c.doc_id == bindparam("doc_id"))
    return union_all(leaders, alone)


@lru_cache(maxsize=2)
def _merged_statements(kind: str) -> tuple[Any, ...]:
    """The statements that keep one kind's rows of `merged_items`, built once (building
    them cost more than running them): the document's groups, the two deletes (each
    through its index: an OR of the two scans the kind), the insert."""
    table = dict(MERGED)[kind]
    m = merged_items
    return (
        select(table.c.grp).where(table.c.doc_id == bindparam("doc_id"),
                                  table.c.grp.is_not(None)),
        delete(m).where(m.c.doc_id == bindparam("doc_id"), m.c.kind == kind),
        delete(m).where(m.c.grp.in_(bindparam("groups", expanding=True)), m.c.kind == kind),
        insert(m).from_select([c.name for c in m.columns], _merged_select(kind, table, True)),
    )


def refresh_merged(conn: Connection, doc_id: str, groups: dict[str, set[str]]) -> None:
    """Bring `merged_items` up to date after the items of `doc_id` changed, in the
    caller's transaction. `groups` (kind -> group ids) names every group whose
    members changed, before and after: their leaders and counts are recomputed.
    Anything that changes items or their group ids outside `put_record` calls it."""
    for kind, _ in MERGED:
        _, by_doc, by_group, add = _merged_statements(kind)
        params = {"doc_id": doc_id, "groups": sorted(groups.get(kind, ()))}
        conn.execute(by_doc, params)
        if params["groups"]:
            conn.execute(by_group, params)
        conn.execute(add, params)


def _merged_groups(conn: Connection, doc_id: str) -> dict[str, set[str]]:
    """kind -> the group ids of one document's events and proposals."""
    return {kind: {r[0] for r in conn.execute(_merged_statements(kind)[0], {"doc_id": doc_id})}
            for kind, _ in MERGED}


def fill_merged(conn: Connection) -> None:
    """`merged_items` of a whole store, rebuilt (a store made before it existed)."""
    cols = [c.name for c in merged_items.columns]
    conn.execute(delete(merged_items))
    for kind, table in MERGED:
        conn.execute(insert(merged_items).from_select(cols, _merged_select(kind, table)))

# Analysts' corrections (accord.corrections), one row each, never deleted with
# a replaced record: no foreign key to documents.
corrections = Table(
    "corrections", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("doc_id", String(32), nullable=False),
    Column("kind", String(16), nullable=False),  # quote, event, proposal, response
    Column("target", Text, nullable=False),  # JSON: the item's span (an event's type, actor)
    Column("action", String(16), nullable=False),  # confirm, edit, reject, delete
    Column("changes", Text),  # JSON: the new values of an edit
    Column("author", Text, nullable=False),
    Column("note", Text),
    Column("created_at", String(32), nullable=False),
)
Index("ix_corrections_doc", corrections.c.doc_id)
# Columns added since the first stores: an older store gets them when opened.
ADDED_COLUMNS = (
    (documents, ("fingerprint", "meta_key", "extracted")),
    *((t, ("confidence", "review")) for t in (quotes, events, proposals, responses)),
)

# `accord watch`: each feed's last answer (for conditional GETs) and every item
# seen in it, so a restarted watch fetches only what is new.
feeds = Table(
    "feeds", metadata,
    Column("url", Text, primary_key=True),
    Column("title", Text),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("checked_at", String(32)),
    Column("status", Text),  # ok, not modified, or the last round's error
)

seen_items = Table(
    "seen_items", metadata,
    Column("feed_url", Text, ForeignKey("feeds.url", ondelete="CASCADE"), primary_key=True),
    Column("item_key", Text, primary_key=True),  # the item's id (guid), else its link
    Column("link", Text),
    Column("status", String(16), nullable=False),  # stored unchanged replaced failed retry
    Column("doc_id", String(32)),
    Column("error", Text),
    Column("attempts", Integer, nullable=False),
    Column("seen_at", String(32), nullable=False),
)

# Tables holding one document's items, deleted before a record is replaced.
ITEM_TABLES = (doc_entities, mentions, quotes, events)

# Statements built once (building one costs more than running it on SQLite).
_FIND_DOC = select(documents.c.doc_id, documents.c.source, documents.c.fingerprint,
                   documents.c.meta_key).where(
    or_(documents.c.doc_id == bindparam("doc_id"), documents.c.source == bindparam("source")))
_ADD_PROPOSAL = insert(proposals).returning(proposals.c.id)


@lru_cache(maxsize=4)
def _upsert_entity(dialect_name: str) -> Any:
    """INSERT ... ON CONFLICT (id) DO UPDATE for the entities table."""
    dialect = postgresql if dialect_name == "postgresql" else sqlite
    stmt = dialect.insert(entities)
    return stmt.on_conflict_do_update(
        index_elements=[entities.c.id],
        set_={c: stmt.excluded[c] for c in ("name", "type", "country", "sector")})


def db_url(db: str | Path | None) -> str:
    """`--db` value to a SQLAlchemy URL: a path means SQLite."""
    value = str(db or DEFAULT_DB)
    if "://" in value:
        if value.startswith("postgres://"):
            value = "postgresql://" + value[len("postgres://"):]
        if value.startswith("postgresql://"):
            value = "postgresql+psycopg://" + value[len("postgresql://"):]
        return value
    return f"sqlite:///{Path(value).expanduser()}"


# Commits made by this process's stores: the read caches (accord.queries.cache)
# start afresh after each, so what this process wrote reads back at once.
_commits = 0


def _count_commit(_conn: Any) -> None:
    global _commits
    _commits += 1


def commits() -> int:
    """How many transactions this process's stores have committed."""
    return _commits


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def _create_sqlite_schema(engine: Engine) -> None:
    """Create missing tables under SQLite's write lock: processes opening a fresh
    file at once would otherwise race to CREATE TABLE ("already exists").

    Switching a fresh file to WAL takes an exclusive lock that SQLite does not
    wait for (no busy handler): a process that loses that race retries.
    """
    for attempt in range(12):
        try:
            _create_sqlite_schema_once(engine)
            return
        except OperationalError as exc:
            if not _retryable(exc) or attempt == 11:
                raise
            engine.dispose()  # a connection that failed its pragmas is not reused
            time.sleep(min(0.02 * 2 ** attempt, 1.0))


def _create_sqlite_schema_once(engine: Engine) -> None:
    with engine.connect() as conn:
        names = {row[0] for row in conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        if names >= set(metadata.tables) | fulltext.SQLITE_TABLES and _schema_current(conn):
            return  # no lock needed, so a read-only store opens too
        conn.exec_driver_sql("BEGIN IMMEDIATE")
        metadata.create_all(conn, checkfirst=True)
        if "merged_items" not in names:  # a store older than it
            fill_merged(conn)
        _upgrade(conn)
        fulltext.install_sqlite(conn)  # the search index; filled once on an older store
        conn.commit()


class Store:
    """A connection to an accord store (create with `Store.open`)."""

    def __init__(self, engine: Engine, url: str) -> None:
        self.engine = engine
        self.url = url

    @classmethod
    def open(cls, db: str | Path | None = None, *, create: bool = True) -> Store:
        url = db_url(db)
        is_sqlite = url.startswith("sqlite")
        if is_sqlite:
            path = Path(url[len("sqlite:///"):])
            if not create and not path.exists():
                raise StoreError("no store here: run `accord ingest` first or pass --db",
                                 source=str(path))
            if path.parent and not path.parent.exists():
                raise StoreError("the folder for the store does not exist: create it, "
                                 "or pass another --db", source=str(path))
        try:
            engine = create_engine(
                url, future=True,
                connect_args={"timeout": 30, "check_same_thread": False} if is_sqlite else {},
                pool_pre_ping=not is_sqlite,
            )
            event.listen(engine, "commit", _count_commit)
            if is_sqlite:
                event.listen(engine, "connect", _sqlite_pragmas)
                _create_sqlite_schema(engine)
            else:
                with engine.begin() as conn:  # two writers may open a new store at once
                    conn.execute(text(f"SELECT pg_advisory_xact_lock({PG_SCHEMA_LOCK})"))
                    older = not inspect(conn).has_table("merged_items")
                    metadata.create_all(conn, checkfirst=True)
                    if older:
                        fill_merged(conn)
                    _upgrade(conn)
                    fulltext.install_postgres(conn)
        except ImportError as exc:
            raise StoreError(f"database driver missing: {exc}", source=url) from None
        except SQLAlchemyError as exc:
            if is_sqlite:  # name the file and the fix, not the driver's exception
                reason = str(getattr(exc, "orig", exc)).splitlines()[0]
                raise StoreError(f"cannot open the store file ({reason}): check that its "
                                 "folder is writable, or pass another --db",
                                 source=str(path)) from None
            raise StoreError(f"cannot open store ({exc.__class__.__name__}: "
                             f"{str(exc).splitlines()[0]})", source=_safe_url(url)) from None
        return cls(engine, url)

    @property
    def is_sqlite(self) -> bool:
        return self.url.startswith("sqlite")

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # -- writes ---------------------------------------------------------------
    def put_record(self, record: dict[str, Any]) -> str:
        """Store one record atomically; returns stored, unchanged or replaced."""
        for attempt in range(8):
            try:
                with self.engine.begin() as conn:
                    return self._put(conn, record)
            except IntegrityError:
                # A concurrent writer stored the same document first: look again.
                if attempt == 7:
                    raise
            except OperationalError as exc:
                if not _retryable(exc) or attempt == 7:
                    raise StoreError(f"cannot write ({str(exc).splitlines()[0]})",
                                     source=record.get("source")) from None
                time.sleep(0.05 * 2 ** attempt)
        raise StoreError("cannot write after retries", source=record.get("source"))

    def put_records(self, records: list[dict[str, Any]]) -> list[str | Exception]:
        """Store several records in one transaction (fewer commits), each whole
        or not at all; returns each one's status, or the error that kept it out.

        If anything breaks the batch (a bad record, a concurrent writer), it is
        rolled back and every record is stored alone, so one bad record costs
        only itself.
        """
        if len(records) > 1:
            try:
                with self.engine.begin() as conn:
                    return [self._put(conn, r) for r in records]
            except Exception:  # noqa: BLE001 - retried one by one below, errors reported there
                pass
        out: list[str | Exception] = []
        for r in records:
            try:
                out.append(self.put_record(r))
            except Exception as exc:  # noqa: BLE001 - the caller reports it per record
                out.append(exc)
        return out

    def _put(self, conn: Connection, record: dict[str, Any]) -> str:
        """Unchanged: the same text is stored under the same pipeline fingerprint
        and, at the same source, with the same metadata. Else the record
        replaces what is stored at its document id and at its source."""
        doc_id, source = record["doc_id"], record["source"]
        found = conn.execute(_FIND_DOC, {"doc_id": doc_id, "source": source}).all()
        fp, key = record.get("fingerprint"), record_meta_key(record)
        same = next((row for row in found if row.doc_id == doc_id), None)
        if same is not None and same.fingerprint == fp and (
                same.meta_key in (key, None) or same.source != source):
            return "unchanged"
        for row in found:
            self._delete_doc(conn, row.doc_id)
        self._write(conn, record, dropped=record.get("dropped"), fingerprint=fp, meta_key=key)
        return "replaced" if found else "stored"

    def _write(self, conn: Connection, extraction: dict[str, Any], *,
               dropped: list[str] | None, fingerprint: str | None, meta_key: str | None,
               ingested_at: str | None = None) -> None:
        """Insert one document: the analysts' corrections applied over its
        extraction (which is kept as it came when there are any), its events
        and proposals merged with other documents' (accord.merge), its items."""
        body = {k: v for k, v in extraction.items() if k != "dropped"}
        fixes = self._corrections_of(conn, body["doc_id"])
        record = apply_corrections(body, fixes)[0] if fixes else body
        _adopt_groups(conn, record)
        conn.execute(insert(documents), [dict(
            doc_id=record["doc_id"], source=record["source"], outlet=record.get("outlet"),
            title=record.get("title"), published=record.get("published"),
            n_chars=len(record["text"]), text=record["text"],
            record=json.dumps(record, ensure_ascii=False),
            dropped=json.dumps(dropped, ensure_ascii=False) if dropped is not None else None,
            ingested_at=ingested_at or _now(), fingerprint=fingerprint, meta_key=meta_key,
            extracted=json.dumps({k: v for k, v in body.items() if k != "text"},
                                 ensure_ascii=False) if fixes else None,
        )])
        self._insert_items(conn, record)
        refresh_merged(conn, record["doc_id"], _merged_groups(conn, record["doc_id"]))

    def _insert_items(self, conn: Connection, rec: dict[str, Any]) -> None:
        doc_id, text = rec["doc_id"], rec["text"]
        if rec["entities"]:
            self._upsert_entities(conn, rec["entities"])
        _add_referenced_entities(conn, rec)  # the foreign keys need every id named
        if rec["entities"]:
            conn.execute(insert(doc_entities), [
                {"doc_id": doc_id, "entity_id": e["id"], "n_mentions": len(e["mentions"]),
                 "aliases": json.dumps(e["aliases"], ensure_ascii=False)}
                for e in rec["entities"]])
            rows = [{"doc_id": doc_id, "entity_id": e["id"], "start": s, "end": t,
                     "text": text[s:t]} for e in rec["entities"] for s, t in e["mentions"]]
            if rows:
                conn.execute(insert(mentions), rows)
        if rec["quotes"]:
            conn.execute(insert(quotes), [
                {"doc_id": doc_id, "idx": i, "start": q["start"], "end": q["end"],
                 "text": q["text"], "kind": q["kind"], "cue": q.get("cue"),
                 "speaker_id": (q.get("speaker") or {}).get("id"),
                 "speaker_name": (q.get("speaker") or {}).get("name"),
                 "published": rec.get("published"), **_reviewed(q)}
                for i, q in enumerate(rec["quotes"])])
        if rec["events"]:
            conn.execute(insert(events), [
                {"doc_id": doc_id, "idx": i, "type": e["type"], "mode": e.get("mode"),
                 "actor_id": (e.get("actor") or {}).get("id"),
                 "actor_name": (e.get("actor") or {}).get("name"),
                 "recipient_id": (e.get("recipient") or {}).get("id"),
                 "recipient_name": (e.get("recipient") or {}).get("name"),
                 "date": e.get("date"), "date_text": e.get("date_text"),
                 "negated": e.get("negated"), "hypothetical": e.get("hypothetical"),
                 "future": e.get("future"), "start": e["start"], "end": e["end"],
                 "text": e["text"], "grp": e.get("group"), **_reviewed(e)}
                for i, e in enumerate(rec["events"])])
        for p in rec["proposals"]:
            pk = conn.execute(_ADD_PROPOSAL, dict(
                doc_id=doc_id, pid=p["id"], kind=p.get("kind"),
                proposer_id=(p.get("proposer") or {}).get("id"),
                proposer_name=(p.get("proposer") or {}).get("name"),
                recipient_id=(p.get("recipient") or {}).get("id"),
                recipient_name=(p.get("recipient") or {}).get("name"),
                date=p.get("date"), start=p["start"], end=p["end"], text=p.get("text"),
                terms=json.dumps(p.get("terms") or [], ensure_ascii=False), grp=p.get("group"),
                **_reviewed(p))).scalar_one()
            if p.get("conditions"):
                conn.execute(insert(conditions), [
                    {"proposal_id": pk, "idx": i, "text": c}
                    for i, c in enumerate(p["conditions"])])
            if p.get("responses"):
                conn.execute(insert(responses), [
                    {"proposal_id": pk, "actor_id": (r.get("actor") or {}).get("id"),
                     "actor_name": (r.get("actor") or {}).get("name"), "stance": r["stance"],
                     "date": r.get("date"), "start": r.get("start"), "end": r.get("end"),
                     "text": r.get("text"), **_reviewed(r)} for r in p["responses"]])

    def _upsert_entities(self, conn: Connection, ents: list[dict[str, Any]]) -> None:
        """Insert or refresh the canonical entities, in one statement.

        ON CONFLICT makes a concurrent insert of the same entity harmless; rows
        are written in id order so two writers never lock them in opposite
        orders (no deadlock).
        """
        rows = {e["id"]: {"id": e["id"], "name": e["name"], "type": e.get("type"),
                          "country": e.get("country"), "sector": e.get("sector")}
                for e in ents}
        conn.execute(_upsert_entity(conn.dialect.name), [rows[k] for k in sorted(rows)])

    def _delete_doc(self, conn: Connection, doc_id: str) -> None:
        groups = _merged_groups(conn, doc_id)
        pids = select(proposals.c.id).where(proposals.c.doc_id == doc_id)
        conn.execute(delete(conditions).where(conditions.c.proposal_id.in_(pids)))
        conn.execute(delete(responses).where(responses.c.proposal_id.in_(pids)))
        conn.execute(delete(proposals).where(proposals.c.doc_id == doc_id))
        for table in ITEM_TABLES:
            conn.execute(delete(table).where(table.c.doc_id == doc_id))
        conn.execute(delete(documents).where(documents.c.doc_id == doc_id))
        refresh_merged(conn, doc_id, groups)

    # -- corrections and reprocessing (accord.corrections, accord.fingerprint) ------
    def add_correction(self, c: Correction) -> Correction:
        """Store an analyst's correction and write the document again with every
        correction applied; returns it with its id and time. Raises
        CorrectionError when the document or the item is not in the store."""
        for attempt in range(8):
            try:
                with self.engine.begin() as conn:
                    return self._add_correction(conn, c)
            except OperationalError as exc:
                if not _retryable(exc) or attempt == 7:
                    raise StoreError(f"cannot write ({str(exc).splitlines()[0]})",
                                     source=c.doc_id) from None
                time.sleep(0.05 * 2 ** attempt)
        raise StoreError("cannot write after retries", source=c.doc_id)

    def _add_correction(self, conn: Connection, c: Correction) -> Correction:
        row = conn.execute(select(documents).where(documents.c.doc_id == c.doc_id)).first()
        if row is None:
            raise CorrectionError("no such document in the store", source=c.doc_id)
        extraction = _extraction(row)
        if find_item(extraction, c.kind, c.target) is None:
            raise CorrectionError(f"no {c.kind} at {c.target.get('start')}-"
                                  f"{c.target.get('end')} in this document", source=c.doc_id)
        at = c.at or datetime.now(UTC).isoformat(timespec="microseconds")
        pk = conn.execute(insert(corrections).returning(corrections.c.id), dict(
            doc_id=c.doc_id, kind=c.kind, target=json.dumps(c.target, ensure_ascii=False),
            action=c.action, changes=json.dumps(c.changes, ensure_ascii=False),
            author=c.author, note=c.note, created_at=at)).scalar_one()
        self._delete_doc(conn, c.doc_id)
        self._write(conn, extraction, dropped=json.loads(row.dropped) if row.dropped else None,
                    fingerprint=row.fingerprint, meta_key=row.meta_key,
                    ingested_at=row.ingested_at)
        return Correction(**{**c.as_dict(), "id": int(pk), "at": at})

    def _corrections_of(self, conn: Connection, doc_id: str) -> list[Correction]:
        rows = conn.execute(select(corrections).where(corrections.c.doc_id == doc_id)
                            .order_by(corrections.c.created_at, corrections.c.id)).all()
        return [_correction(r) for r in rows]

    def corrections(self, doc_id: str | None = None, *, limit: int | None = None
                    ) -> list[Correction]:
        """Corrections of one document (or all, newest last), with time and author."""
        q = select(corrections).order_by(corrections.c.created_at, corrections.c.id)
        if doc_id is not None:
            q = q.where(corrections.c.doc_id == doc_id)
        if limit is not None:
            q = q.limit(limit)
        with self.engine.connect() as conn:
            return [_correction(r) for r in conn.execute(q)]

    def get_extraction(self, doc_id: str) -> dict[str, Any] | None:
        """A document's record as extracted, before any correction."""
        with self.engine.connect() as conn:
            row = conn.execute(select(documents).where(documents.c.doc_id == doc_id)).first()
        return _extraction(row) if row is not None else None

    def find_actor(self, value: str) -> dict[str, Any] | None:
        """{id, name} of the stored actor with this id or name (any case)."""
        low = value.strip().lower()
        with self.engine.connect() as conn:
            row = conn.execute(select(entities.c.id, entities.c.name).where(
                or_(entities.c.id == value.strip(), func.lower(entities.c.name) == low))
                .order_by(entities.c.id).limit(1)).first()
        return {"id": row.id, "name": row.name} if row else None

    def document_state(self, doc_id: str) -> tuple[str | None, str | None, str] | None:
        """(fingerprint, metadata key, source) of a stored document, or None."""
        with self.engine.connect() as conn:
            row = conn.execute(select(documents.c.fingerprint, documents.c.meta_key,
                                      documents.c.source)
                               .where(documents.c.doc_id == doc_id)).first()
        return (row.fingerprint, row.meta_key, row.source) if row else None

    def stale_documents(self, fingerprint: str, *, batch: int = 50
                        ) -> Iterator[dict[str, Any]]:
        """Every stored document not extracted under `fingerprint`, as what the
        pipeline needs to extract it again: its extraction (`text`, `source`,
        `input` metadata ...) and `dropped` lines. Streamed in id order."""
        last = ""
        stale = or_(documents.c.fingerprint.is_(None), documents.c.fingerprint != fingerprint)
        while True:
            with self.engine.connect() as conn:
                rows = conn.execute(select(documents).where(stale, documents.c.doc_id > last)
                                    .order_by(documents.c.doc_id).limit(batch)).all()
            if not rows:
                return
            for row in rows:
                yield {**_extraction(row),
                       "dropped": json.loads(row.dropped) if row.dropped else []}
            last = rows[-1].doc_id

    def count_stale(self, fingerprint: str) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(documents).where(
                or_(documents.c.fingerprint.is_(None),
                    documents.c.fingerprint != fingerprint))).scalar_one())

    # -- reads ----------------------------------------------------------------
    def iter_records(self, *, batch: int = 200) -> Iterator[dict[str, Any]]:
        """Every stored record, by publication date then id, streamed."""
        last: tuple[str, str] | None = None
        order_key = func.coalesce(documents.c.published, "")
        while True:
            q = select(order_key.label("k"), documents.c.doc_id, documents.c.record)
            if last is not None:
                q = q.where((order_key > last[0]) |
                            ((order_key == last[0]) & (documents.c.doc_id > last[1])))
            q = q.order_by(order_key, documents.c.doc_id).limit(batch)
            with self.engine.connect() as conn:
                rows = conn.execute(q).all()
            if not rows:
                return
            for row in rows:
                yield json.loads(row.record)
            last = (rows[-1].k, rows[-1].doc_id)

    def get_record(self, doc_id: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(documents.c.record).where(documents.c.doc_id == doc_id)).first()
        return json.loads(row.record) if row else None

    def get_dropped(self, doc_id: str) -> list[str]:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(documents.c.dropped).where(documents.c.doc_id == doc_id)).first()
        return json.loads(row.dropped) if row and row.dropped else []

    def count_documents(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(documents)).scalar_one())

    def query(self, stmt: Any) -> list[Any]:
        """Run a read-only SQLAlchemy Core statement built by a caller module."""
        with self.engine.connect() as conn:
            return list(conn.execute(stmt).all())

    # -- accord watch: feeds and the items seen in them ------------------------------
    def feed_state(self, url: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(feeds).where(feeds.c.url == url)).first()
        return dict(row._mapping) if row else None

    def save_feed(self, url: str, **values: Any) -> None:
        """Insert or update a feed's row (title, etag, last_modified, status)."""
        row = {"url": url, "checked_at": _now(), **values}
        with self.engine.begin() as conn:
            stmt = _dialect_insert(conn, feeds).values(row)
            conn.execute(stmt.on_conflict_do_update(
                index_elements=[feeds.c.url],
                set_={k: stmt.excluded[k] for k in row if k != "url"}))

    def seen_items(self, feed_url: str) -> dict[str, tuple[str, int]]:
        """item key -> (status, attempts) of every item seen in a feed."""
        q = select(seen_items.c.item_key, seen_items.c.status, seen_items.c.attempts).where(
            seen_items.c.feed_url == feed_url)
        with self.engine.connect() as conn:
            return {r.item_key: (r.status, r.attempts) for r in conn.execute(q)}

    def mark_seen(self, feed_url: str, key: str, *, link: str | None, status: str,
                  doc_id: str | None = None, error: str | None = None) -> None:
        """Record what became of one feed item (attempts counts the tries)."""
        row = {"feed_url": feed_url, "item_key": key, "link": link, "status": status,
               "doc_id": doc_id, "error": error, "attempts": 1, "seen_at": _now()}
        with self.engine.begin() as conn:
            stmt = _dialect_insert(conn, seen_items).values(row)
            conn.execute(stmt.on_conflict_do_update(
                index_elements=[seen_items.c.feed_url, seen_items.c.item_key],
                set_={"link": stmt.excluded.link, "status": stmt.excluded.status,
                      "doc_id": stmt.excluded.doc_id, "error": stmt.excluded.error,
                      "seen_at": stmt.excluded.seen_at,
                      "attempts": seen_items.c.attempts + 1}))

    def doc_id_for_source(self, source: str) -> str | None:
        """The document stored from `source` (a path or URL), if any."""
        with self.engine.connect() as conn:
            row = conn.execute(select(documents.c.doc_id).where(
                documents.c.source == source)).first()
        return str(row.doc_id) if row else None

    def count_seen(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(seen_items)).scalar_one())


# -- corrections, fingerprints and the cross-document merge -----------------------
def record_meta_key(record: dict[str, Any]) -> str:
    """The key of the metadata a record was read with (accord.fingerprint)."""
    given = record.get("input")
    if given is None:  # a record made without the runner (an export, a test)
        given = {k: record.get(k) for k in ("title", "outlet", "published", "url")}
    return _meta_key(given, record.get("metadata"))


def _reviewed(item: dict[str, Any]) -> dict[str, Any]:
    """The confidence and review columns of an item's row."""
    return {"confidence": item.get("confidence"),
            "review": (item.get("correction") or {}).get("status")}


def _correction(row: Any) -> Correction:
    return Correction(id=row.id, doc_id=row.doc_id, kind=row.kind,
                      target=json.loads(row.target), action=row.action,
                      changes=json.loads(row.changes) if row.changes else {},
                      author=row.author, note=row.note, at=row.created_at)


def _extraction(row: Any) -> dict[str, Any]:
    """A documents row's record as extracted: `extracted` with its text, when
    corrections apply over it, else the record itself."""
    if row.extracted:
        return {**json.loads(row.extracted), "text": row.text if row.text is not None
                else json.loads(row.record)["text"]}
    record: dict[str, Any] = json.loads(row.record)
    return record


def _merge_candidates(conn: Connection, item: merge.Item, doc_id: str
                      ) -> list[tuple[str, merge.Item]]:
    """The stored items of other documents that may tell what `item` tells:
    the same actor (and type), dated near it (rules 1 and 3 of accord.merge,
    roughly; `merge.score` decides)."""
    span = merge.date_span(item.date)
    if span is None or not item.actor:
        return []
    window = timedelta(days=merge.settings(item.kind).window_days)
    lo, hi = span[0] - window, span[1] + window
    if item.kind == "event":
        t = events
        cols = [t.c.type.label("what"), t.c.negated, t.c.hypothetical, t.c.actor_name,
                t.c.recipient_name, t.c.text]
        where = [t.c.type == item.type, t.c.actor_id == item.actor]
    else:
        t = proposals
        conds = select(func.group_concat(conditions.c.text, " ")) if conn.dialect.name == \
            "sqlite" else select(func.string_agg(conditions.c.text, " "))
        cols = [t.c.kind.label("what"), t.c.proposer_name.label("actor_name"),
                t.c.recipient_name, t.c.terms,
                conds.where(conditions.c.proposal_id == t.c.id).scalar_subquery().label("text")]
        where = [t.c.proposer_id == item.actor]
    dated = and_(t.c.date.is_not(None), t.c.date >= str(lo.year), t.c.date < str(hi.year + 1))
    undated = and_(t.c.date.is_(None), documents.c.published >= lo.isoformat(),
                   documents.c.published <= hi.isoformat())
    rows = conn.execute(select(t.c.grp, t.c.recipient_id, t.c.date, documents.c.published,
                               *cols)
                        .join(documents, documents.c.doc_id == t.c.doc_id)
                        .where(*where, t.c.doc_id != doc_id, t.c.grp.is_not(None),
                               or_(dated, undated))
                        .limit(_MERGE_CANDIDATES)).all()
    out: list[tuple[str, merge.Item]] = []
    for r in rows:
        text_ = r.text or ""  # an event's evidence; a proposal's conditions
        if item.kind == "proposal":
            text_ = " ".join([r.what or "", *json.loads(r.terms or "[]"), text_])
        out.append((r.grp, merge.Item(
            item.kind, r.what or "", item.actor, r.recipient_id, r.date or r.published,
            merge.content_words(text_, names=(r.actor_name, r.recipient_name)),
            bool(getattr(r, "negated", False)), bool(getattr(r, "hypothetical", False)))))
    return out


_MERGE_CANDIDATES = 2000  # stored items one new item is compared with, at most


def _adopt_groups(conn: Connection, record: dict[str, Any]) -> None:
    """Give each event or proposal group of a new record the id of the stored
    group of another document that tells the same (accord.merge: the most
    similar item that passes every rule). A group whose id other documents use
    already keeps it: a record carries the links it was exported with."""
    doc_id, published = record["doc_id"], record.get("published")
    for kind, key, table in (("event", "events", events), ("proposal", "proposals", proposals)):
        members: dict[str, list[dict[str, Any]]] = {}
        for it in record.get(key) or []:
            if it.get("group"):
                members.setdefault(it["group"], []).append(it)
        for group, items in members.items():
            if conn.execute(select(table.c.id).where(
                    table.c.grp == group, table.c.doc_id != doc_id).limit(1)).first():
                continue  # linked already (an exported record loaded, the same item again)
            best: tuple[float, str] | None = None
            for it in items:
                mine = merge.item_of(kind, it, published)
                for grp, other in _merge_candidates(conn, mine, doc_id):
                    score = merge.score(mine, other)
                    if score is not None and (best is None or score > best[0]):
                        best = (score, grp)
            if best is not None:
                for it in items:
                    it["group"] = best[1]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _dialect_insert(conn: Connection, table: Table) -> Any:
    return (postgresql if conn.dialect.name == "postgresql" else sqlite).insert(table)


# -- for other tools: referenced entities, the text column, views ----------------
def _add_referenced_entities(conn: Connection, rec: dict[str, Any]) -> None:
    """Entities that a quote, event, proposal or response names by id but the
    record does not list (an older export, a hand-made record): added with the
    name the item gives, never overwriting a known entity, so the foreign keys
    to `entities` hold."""
    listed = {e["id"] for e in rec["entities"]}
    refs = [q.get("speaker") for q in rec["quotes"]]
    refs += [e.get(role) for e in rec["events"] for role in ("actor", "recipient")]
    for p in rec["proposals"]:
        refs += [p.get("proposer"), p.get("recipient")]
        refs += [r.get("actor") for r in p.get("responses") or []]
    missing = {r["id"]: r.get("name") or r["id"] for r in refs
               if r and r.get("id") and r["id"] not in listed}
    if missing:
        stmt = _dialect_insert(conn, entities).on_conflict_do_nothing(
            index_elements=[entities.c.id])
        conn.execute(stmt, [{"id": k, "name": missing[k]} for k in sorted(missing)])


def _view_selects() -> dict[str, Any]:
    """The views, as SELECTs: every item with its document's title, outlet and
    date, and its actors' canonical names, countries and sectors."""
    def who(alias: str) -> Any:
        return entities.alias(alias)

    spk, act, rcp, prp = who("speaker"), who("actor"), who("recipient"), who("proposer")
    doc = (documents.c.title, documents.c.outlet, documents.c.published)
    quotes_view = select(
        quotes.c.doc_id, *doc, quotes.c.idx, quotes.c.kind, quotes.c.text,
        quotes.c.cue, quotes.c.speaker_id,
        func.coalesce(spk.c.name, quotes.c.speaker_name).label("speaker"),
        spk.c.country.label("speaker_country"), spk.c.sector.label("speaker_sector"),
        quotes.c.start, quotes.c.end, documents.c.source,
    ).select_from(quotes.join(documents, documents.c.doc_id == quotes.c.doc_id)
                  .outerjoin(spk, spk.c.id == quotes.c.speaker_id))
    events_view = select(
        events.c.doc_id, *doc, events.c.idx, events.c.type, events.c.mode,
        events.c.actor_id, func.coalesce(act.c.name, events.c.actor_name).label("actor"),
        act.c.country.label("actor_country"), act.c.sector.label("actor_sector"),
        events.c.recipient_id,
        func.coalesce(rcp.c.name, events.c.recipient_name).label("recipient"),
        rcp.c.country.label("recipient_country"), rcp.c.sector.label("recipient_sector"),
        events.c.date, events.c.date_text, events.c.negated, events.c.hypothetical,
        events.c.future, events.c.text, events.c.grp.label("group"), events.c.start,
        events.c.end, documents.c.source,
    ).select_from(events.join(documents, documents.c.doc_id == events.c.doc_id)
                  .outerjoin(act, act.c.id == events.c.actor_id)
                  .outerjoin(rcp, rcp.c.id == events.c.recipient_id))
    n_conditions = select(func.count()).where(
        conditions.c.proposal_id == proposals.c.id).scalar_subquery()
    n_responses = select(func.count()).where(
        responses.c.proposal_id == proposals.c.id).scalar_subquery()
    proposals_view = select(
        proposals.c.doc_id, *doc, proposals.c.id.label("proposal_key"),
        proposals.c.pid, proposals.c.kind, proposals.c.proposer_id,
        func.coalesce(prp.c.name, proposals.c.proposer_name).label("proposer"),
        prp.c.country.label("proposer_country"), proposals.c.recipient_id,
        func.coalesce(rcp.c.name, proposals.c.recipient_name).label("recipient"),
        rcp.c.country.label("recipient_country"), proposals.c.date, proposals.c.terms,
        n_conditions.label("n_conditions"), n_responses.label("n_responses"),
        proposals.c.text, proposals.c.grp.label("group"), proposals.c.start,
        proposals.c.end, documents.c.source,
    ).select_from(proposals.join(documents, documents.c.doc_id == proposals.c.doc_id)
                  .outerjoin(prp, prp.c.id == proposals.c.proposer_id)
                  .outerjoin(rcp, rcp.c.id == proposals.c.recipient_id))
    responses_view = select(
        proposals.c.doc_id, *doc, proposals.c.id.label("proposal_key"), proposals.c.pid,
        proposals.c.kind, func.coalesce(prp.c.name, proposals.c.proposer_name).label(
            "proposer"),
        responses.c.actor_id, func.coalesce(act.c.name, responses.c.actor_name).label("actor"),
        act.c.country.label("actor_country"), responses.c.stance, responses.c.date,
        responses.c.text, responses.c.start, responses.c.end, documents.c.source,
    ).select_from(responses.join(proposals, proposals.c.id == responses.c.proposal_id)
                  .join(documents, documents.c.doc_id == proposals.c.doc_id)
                  .outerjoin(prp, prp.c.id == proposals.c.proposer_id)
                  .outerjoin(act, act.c.id == responses.c.actor_id))
    return {"quotes_view": quotes_view, "events_view": events_view,
            "proposals_view": proposals_view, "responses_view": responses_view}


VIEWS = tuple(_view_selects())


@lru_cache(maxsize=4)
def _view_sql(dialect_name: str) -> dict[str, str]:
    """name -> CREATE VIEW statement, for one dialect."""
    dialect: Any = (postgresql if dialect_name == "postgresql" else sqlite).dialect()
    return {name: f"CREATE VIEW {name} AS "
                  + str(stmt.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
            for name, stmt in _view_selects().items()}


def _view_tag(sql: str) -> str:
    return "accord " + hashlib.sha1(sql.encode()).hexdigest()[:16]


def _stale_views(conn: Connection) -> list[str]:
    """Views missing or made by another version of accord."""
    wanted = _view_sql(conn.dialect.name)
    if conn.dialect.name == "postgresql":
        rows = conn.execute(text(
            "SELECT c.relname, obj_description(c.oid, 'pg_class') FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind = 'v' AND n.nspname = current_schema()")).all()
        have = {r[0]: r[1] for r in rows}
        return [n for n, sql in wanted.items() if have.get(n) != _view_tag(sql)]
    have = {r[0]: r[1] for r in conn.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'view'")}
    return [n for n, sql in wanted.items() if have.get(n) != sql]


def _has_text_column(conn: Connection) -> bool:
    if conn.dialect.name == "postgresql":
        return conn.execute(text(
            "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() "
            "AND table_name = 'documents' AND column_name = 'text'")).first() is not None
    return any(r[1] == "text" for r in conn.exec_driver_sql("PRAGMA table_info(documents)"))


def _schema_current(conn: Connection) -> bool:
    return _has_text_column(conn) and not _stale_views(conn) and not _missing_columns(conn)


def _missing_columns(conn: Connection) -> list[Column[Any]]:
    """The ADDED_COLUMNS an older store lacks."""
    from sqlalchemy import inspect

    found = inspect(conn)
    out = []
    for table, names in ADDED_COLUMNS:
        have = {c["name"] for c in found.get_columns(table.name)}
        out += [table.c[n] for n in names if n not in have]
    return out


def _add_columns(conn: Connection) -> None:
    for col in _missing_columns(conn):
        ddl = col.type.compile(dialect=conn.dialect)
        conn.execute(text(f'ALTER TABLE {col.table.name} ADD COLUMN "{col.name}" {ddl}'))


def _upgrade(conn: Connection) -> None:
    """Bring a store made by an older accord up to date, inside the caller's
    schema lock: the text column (filled from the records), then the views."""
    pg = conn.dialect.name == "postgresql"
    _add_columns(conn)
    if not _has_text_column(conn):
        conn.execute(text("ALTER TABLE documents ADD COLUMN text TEXT"))
        conn.execute(text("UPDATE documents SET text = CAST(record AS JSON) ->> 'text'" if pg
                          else "UPDATE documents SET text = json_extract(record, '$.text')"))
    wanted = _view_sql(conn.dialect.name)
    for name in _stale_views(conn):
        conn.execute(text(f"DROP VIEW IF EXISTS {name}"))
        conn.execute(text(wanted[name]))
        if pg:
            conn.execute(text(f"COMMENT ON VIEW {name} IS '{_view_tag(wanted[name])}'"))


def _retryable(exc: DBAPIError) -> bool:
    """A write that failed only because of another writer (locked, deadlock)."""
    if getattr(exc.orig, "sqlstate", None) in PG_RETRY_STATES:
        return True
    return "locked" in str(exc) or "deadlock" in str(exc).lower()


def _safe_url(url: str) -> str:
    """A URL without its password, for messages."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        return f"{scheme}://{creds.split(':', 1)[0]}:***@{host}"
    return url
