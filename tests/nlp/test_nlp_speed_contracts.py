"""Cheaper ingest without changing what it produces: model version read from the file's bytes,
one word segmentation per sentence, table-based fold."""

import hashlib

import joblib
import pytest

from nlp import analyse
from nlp import classify as clf
from nlp.linear import LinearModel
from nlp.normalize import _fold_char, fold
from nlp.sentences import segment
from tonghop.campaign import load_campaign
from tonghop.models import Block, BlockKind, DocMeta, ExtractedDocument, Format


def _sha12(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


@pytest.mark.parametrize("compress", [0, 3])
def test_version_of_a_linear_model_file_is_read_without_loading_it(tmp_path, compress):
    path = tmp_path / f"m{compress}.joblib"
    joblib.dump(LinearModel(), path, compress=compress)
    assert clf._pickled_class(str(path)) == "LinearModel"
    assert clf._version(str(path)) == f"lr-{_sha12(path)}+{clf.OVERRIDES_REVISION}" == clf._load(str(path))[1]


def test_unreadable_stream_falls_back_to_loading(tmp_path):
    path = tmp_path / "lzma.joblib"
    joblib.dump(LinearModel(), path, compress=("xz", 3))  # not zlib: the class is not read from the head
    assert clf._pickled_class(str(path)) is None
    assert clf._version(str(path)) == f"lr-{_sha12(path)}+{clf.OVERRIDES_REVISION}"


def test_missing_model_version_names_the_rules():
    assert clf._version("/nonexistent/classifier.joblib").startswith("rules-1 (model missing")


def test_shipped_model_version_matches_the_loaded_model():
    if not clf.MODEL_FILE.is_file():
        pytest.skip("no shipped model")
    assert clf.model_version() == clf._load()[1]
    assert clf.model_version() == f"{clf._load()[1][:3]}-{_sha12(clf.MODEL_FILE)}+{clf.OVERRIDES_REVISION}"


def test_sentence_tokens_are_the_segmentation_of_their_own_text():
    path = ("II. HẠN CHẾ, KHÓ KHĂN",)
    blocks = (
        Block(BlockKind.HEADING, path[0], 1, 1, ()),
        Block(BlockKind.LIST_ITEM, "- Kinh phí sửa chữa cụm loa còn hạn hẹp. Nhiều xã chưa bố trí người phụ trách.",
              1, 2, path),
        Block(BlockKind.PARAGRAPH, "Trang thiết bị của đài truyền thanh xã xuống cấp nhanh.", 1, 3, path),
        Block(BlockKind.TABLE, "", 1, 4, path, rows=(("TT", "Xã", "Số loa"), ("1", "Tân Lập", "12"))),
    )
    sentences, _, _ = analyse(ExtractedDocument(Format.DOCX, blocks, DocMeta(doc_type="BÁO CÁO")), load_campaign())
    body = [s for s in sentences if s.block_kind is not BlockKind.TABLE]
    assert body[1].text.startswith("- ")  # the marker stays in the sentence and in its tokens
    for s in body:
        assert s.tokens == segment(s.text)
    assert all(s.tokens == "" for s in sentences if s.block_kind is BlockKind.TABLE)


def _fold_ref(s: str, upper: bool = False) -> str:
    out = []
    for ch in s:
        f = _fold_char(ch)
        if upper:
            u = f.upper()
            f = u if len(u) == 1 else f
        out.append(f)
    return "".join(out)


@pytest.mark.parametrize("text", ["Huyện ủy Tân Lập, Đắk Lắk", "ĐẢNG BỘ xã Mường Khoa ß ǅ İ", "a\u0301b", ""])
def test_fold_table_equals_the_per_character_rule(text):
    for upper in (False, True):
        assert fold(text, upper=upper) == _fold_ref(text, upper)
        assert len(fold(text, upper=upper)) == len(text)
