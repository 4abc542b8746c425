"""Find current sentences by Vietnamese words, diacritics and word boundaries respected.

DuckDB's fts extension cannot be installed here, so search is the `search_sentences(q)` table
macro (warehouse/views/search_sentences.sql): whole-word, case-insensitive matching on the
text, or on the underthesea tokens with the query's spaces as "_". "phí" finds "Kinh phí"
but not "phía"; "phi" (no tone mark) finds neither. This helper adds optional filters.
"""

from __future__ import annotations

import unicodedata
from typing import Any

import duckdb

from tonghop.models import Category


def search(
    con: duckdb.DuckDBPyConnection,
    q: str,
    *,
    category: str | Category | None = None,
    unit_id: str | None = None,
    campaign_id: str | None = None,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Current sentences containing the words `q`, e.g. search(con, "kinh phí", category="limitation").

    Ordered by unit, document and position. An empty query returns no rows.
    """
    q = unicodedata.normalize("NFC", q).strip()
    if not q:
        return []
    sql = "SELECT * FROM search_sentences(?) WHERE 1 = 1"
    params: list[Any] = [q]
    if category is not None:
        sql += " AND category = ?"
        params.append(Category(category).value)
    if unit_id is not None:
        sql += " AND unit_id = ?"
        params.append(unit_id)
    if campaign_id is not None:
        sql += " AND campaign_id = ?"
        params.append(campaign_id)
    sql += " ORDER BY unit_id NULLS LAST, doc_id, seq"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    result = con.execute(sql, params)
    names = [d[0] for d in result.description]
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()]
