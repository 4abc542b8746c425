"""Frozen records that stages exchange.

Every stage (extract -> nlp -> warehouse -> reports) passes only these records, never
pdfplumber or python-docx objects, so a stage can be tested, cached, pickled to a worker
process or written to Parquet without dragging a library object along.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class Category(StrEnum):
    """Finding category; values equal the SQL CHECK in warehouse/migrations."""

    ACHIEVEMENT = "achievement"
    LIMITATION = "limitation"
    CAUSE = "cause"
    LESSON = "lesson"
    RECOMMENDATION = "recommendation"
    OTHER = "other"


class CauseType(StrEnum):
    """Why-type of a cause; NULL in SQL when the report does not say."""

    OBJECTIVE = "objective"
    SUBJECTIVE = "subjective"


class DocStatus(StrEnum):
    """Outcome of one input file; every file seen ends in exactly one of these."""

    OK = "ok"
    PARTIAL = "partial"
    REJECTED = "rejected"
    DUPLICATE = "duplicate"
    SUPERSEDED = "superseded"


class Format(StrEnum):
    """Real format of an input file, decided from its bytes, not its name."""

    PDF = "pdf"
    DOCX = "docx"
    DOC = "doc"
    RTF = "rtf"
    UNKNOWN = "unknown"


class BlockKind(StrEnum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    TABLE = "table"


@dataclass(frozen=True)
class Block:
    """One unit of document body text with its provenance.

    `text` is normalised Unicode (legacy fonts decoded, NFC, tone placement);
    `raw_text` is what the file held before normalisation, kept for audit.
    `page` is 1-based for PDF and None for Word files (Word has no pages).
    `paragraph` is the 1-based position of the block in the body.
    `heading_path` lists the headings above this block, outermost first.
    `rows` holds table cells for TABLE blocks (text is then the rows joined).
    """

    kind: BlockKind
    text: str
    page: int | None
    paragraph: int
    heading_path: tuple[str, ...] = ()
    level: int | None = None
    raw_text: str = ""
    rows: tuple[tuple[str, ...], ...] = ()
    ocr: bool = False


@dataclass(frozen=True)
class DocMeta:
    """What the header block says about the report."""

    unit_name: str | None = None
    parent_unit: str | None = None
    report_number: str | None = None
    report_date: date | None = None
    place: str | None = None
    doc_type: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class ExtractedDocument:
    """The extractor's result for one file (status ok or partial)."""

    format: Format
    blocks: tuple[Block, ...]
    meta: DocMeta = field(default_factory=DocMeta)
    pages: int | None = None
    status: DocStatus = DocStatus.OK
    warnings: tuple[str, ...] = ()
    ocr_pages: tuple[int, ...] = ()
    ocr_confidence: float | None = None
    encodings: tuple[str, ...] = ()  # legacy encodings met, e.g. ("tcvn3",)
    extractor_version: str = ""


@dataclass(frozen=True)
class Sentence:
    """One classified sentence with its source position."""

    seq: int
    text: str
    page: int | None
    paragraph: int
    heading_path: tuple[str, ...]
    category: Category
    cause_type: CauseType | None
    confidence: float
    tokens: str = ""  # underthesea-segmented text, words joined by spaces, compounds by "_"
    block_kind: BlockKind = BlockKind.PARAGRAPH
    model_version: str = ""

    @property
    def heading(self) -> str:
        return " > ".join(self.heading_path)


@dataclass(frozen=True)
class Finding:
    """Consecutive sentences of one category inside one section."""

    seq: int
    category: Category
    cause_type: CauseType | None
    text: str
    sentence_start: int
    sentence_end: int
    page_start: int | None
    page_end: int | None
    paragraph_start: int
    heading_path: tuple[str, ...]
    topics: tuple[str, ...] = ()


@dataclass(frozen=True)
class Figure:
    """A number a report gives, what it counts and where it came from."""

    value: float
    measure: str  # campaign measure key, e.g. "xa_truyen_thanh_cntt", or "" if unknown
    label: str  # the words around the number that say what it counts
    unit_of_measure: str  # "xã", "bản tin", "%", "đồng", ...
    sentence_seq: int | None
    page: int | None
    paragraph: int
    table_row: int | None = None
    table_col: int | None = None
    denominator: float | None = None  # "18/20 xã" -> value 18, denominator 20
    raw: str = ""


@dataclass(frozen=True)
class SourceFile:
    """An input file as seen in the inbox, before any parsing."""

    path: str
    file_name: str
    sha256: str
    size_bytes: int
    received_at: float  # mtime, seconds since the epoch


@dataclass(frozen=True)
class ProcessedDocument:
    """Everything one file produced; the warehouse writes it in one transaction.

    For a rejected file `extracted` is None, `error` says why and the tuples are empty.
    """

    source: SourceFile
    status: DocStatus
    format: Format
    extracted: ExtractedDocument | None = None
    unit_id: str | None = None
    sentences: tuple[Sentence, ...] = ()
    findings: tuple[Finding, ...] = ()
    figures: tuple[Figure, ...] = ()
    error: str | None = None
    error_code: str | None = None
    model_version: str = ""
