"""FastAPI application: first version with the document endpoints only."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, HTTPException

from accord.store import Store


def create_app(db: str | None = None) -> FastAPI:
    store = Store.open(db, create=False)
    app = FastAPI(title="accord")

    @app.get("/api/documents/{doc_id}")
    def document(doc_id: str) -> dict[str, Any]:
        rec = store.get_record(doc_id)
        if rec is None:
            raise HTTPException(404, "no such document")
        return rec

    return app
