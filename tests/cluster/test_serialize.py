"""tonghop.serialize: plain values and back, exactly."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.cluster.samples import SOURCE, full_document, rejected_document
from tonghop.models import BlockKind, Category, CauseType, DocMeta, Figure, ProcessedDocument, Sentence
from tonghop.serialize import from_plain, to_plain


def test_full_document_round_trips_exactly():
    doc = full_document()
    back = from_plain(ProcessedDocument, to_plain(doc))
    assert back == doc
    assert type(back.status) is type(doc.status)
    assert isinstance(back.extracted.blocks[2].rows, tuple) and isinstance(back.extracted.blocks[2].rows[0], tuple)
    assert back.sentences[1].cause_type is CauseType.OBJECTIVE
    assert back.extracted.meta.report_date == date(2022, 5, 30)


def test_rejected_document_keeps_none_and_empty_tuples():
    doc = rejected_document()
    back = from_plain(ProcessedDocument, to_plain(doc))
    assert back == doc
    assert back.extracted is None and back.sentences == () and back.unit_id is None


def test_plain_form_uses_only_plain_types():
    plain = to_plain(full_document())

    def walk(x):
        if isinstance(x, dict):
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)
        else:
            assert x is None or type(x) in (str, int, float, bool, date), (type(x), x)

    walk(plain)
    assert plain["status"] == "partial" and type(plain["status"]) is str
    assert plain["extracted"]["blocks"][2]["rows"] == [["Xã", "Số loa"], ["A", "3"]]


def test_json_round_trip_with_iso_dates():
    plain = to_plain(full_document())
    text = json.dumps(plain, default=lambda d: d.isoformat(), ensure_ascii=False)
    assert from_plain(ProcessedDocument, json.loads(text)) == full_document()


def test_datetime_from_a_reader_becomes_a_date():
    assert from_plain(DocMeta, {"report_date": datetime(2022, 5, 30)}).report_date == date(2022, 5, 30)


@pytest.mark.parametrize(
    ("cls", "plain"),
    [
        (ProcessedDocument, {**to_plain(rejected_document()), "status": "done"}),  # not a DocStatus
        (ProcessedDocument, {**to_plain(rejected_document()), "surprise": 1}),
        (ProcessedDocument, {**to_plain(rejected_document()), "source": None}),
        (Figure, {**to_plain(full_document().figures[0]), "value": "18"}),
        (Sentence, {**to_plain(full_document().sentences[0]), "seq": True}),
    ],
)
def test_mismatches_raise(cls, plain):
    with pytest.raises((TypeError, ValueError)):
        from_plain(cls, plain)


def test_unknown_type_is_refused():
    with pytest.raises(TypeError):
        to_plain(object())


_text = st.text(max_size=30)


@given(
    seq=st.integers(-(2**62), 2**62),
    text=_text,
    page=st.none() | st.integers(1, 10_000),
    heading_path=st.lists(_text, max_size=4).map(tuple),
    category=st.sampled_from(Category),
    cause_type=st.none() | st.sampled_from(CauseType),
    confidence=st.floats(allow_nan=False),
    kind=st.sampled_from(BlockKind),
)
def test_any_sentence_round_trips(seq, text, page, heading_path, category, cause_type, confidence, kind):
    s = Sentence(seq, text, page, 1, heading_path, category, cause_type, confidence, block_kind=kind)
    assert from_plain(Sentence, to_plain(s)) == s


def test_source_float_mtime_is_exact():
    assert from_plain(type(SOURCE), to_plain(SOURCE)).received_at == SOURCE.received_at
