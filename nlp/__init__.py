"""nlp stage: ExtractedDocument -> classified sentences, findings and figures.

    from nlp import analyse, model_version
    sentences, findings, figures = analyse(doc, campaign)

Pure and deterministic for a given model file; the model is loaded once per process.
"""

from __future__ import annotations

from dataclasses import replace

from tonghop.campaign import Campaign
from tonghop.models import Block, BlockKind, Category, ExtractedDocument, Figure, Finding, Sentence

CLOSING_PATHS = (("Nơi nhận",), ("Chữ ký",))  # extractors/base.py RECIPIENTS_PATH / SIGNATURE_PATH


def model_version() -> str:
    """Version of the classifier in use ("lr-<hash>", or the rules fallback)."""
    from nlp.classify import model_version as mv

    return mv()


def runin_path(heading_path: tuple[str, ...], runin: str) -> tuple[str, ...]:
    """Heading path of a paragraph as the classifier was trained on it (nlp/corpus.py): a run-in
    label is the innermost heading of its own paragraph. Extractors that already append the
    run-in to the paragraph's heading_path are left alone (no double counting)."""
    if not runin or (heading_path and heading_path[-1].strip() == runin):
        return heading_path
    return (*heading_path, runin)


def _is_closing(block: Block) -> bool:
    return block.heading_path[:1] in CLOSING_PATHS


def analyse(
    doc: ExtractedDocument, campaign: Campaign
) -> tuple[tuple[Sentence, ...], tuple[Finding, ...], tuple[Figure, ...]]:
    """Split, segment, classify in context; group findings; pull figures from text and tables."""
    from nlp.classify import classify_contexts
    from nlp.classify import model_version as mv
    from nlp.context import BlockSents, build_contexts
    from nlp.figures import sentence_figures, table_figures
    from nlp.findings import group_findings
    from nlp.sentences import segment, split_sentences

    version = mv()
    # 1. sentence texts per block; which are fixed `other` (headings, tables, closing)
    plan: list[tuple[Block, list[str], bool]] = []
    paths: dict[int, tuple[str, ...]] = {}  # block index -> heading path the classifier sees
    current = ""
    for i, block in enumerate(doc.blocks):
        if block.kind is BlockKind.HEADING:
            # extractors/base.py makes a run-in label a heading block (level None) governing the
            # rest of its paragraph (the next block).
            current = block.text.strip() if block.level is None else ""
            plan.append((block, [block.text.strip()] if block.text.strip() else [], True))
            continue
        paths[i] = runin_path(block.heading_path, current)
        current = ""
        if block.kind is BlockKind.TABLE:
            rows = block.rows or tuple(tuple(c.strip() for c in line.split("|")) for line in block.text.splitlines())
            plan.append((block, [" | ".join(c for c in r) for r in rows if any(c.strip() for c in r)], True))
        elif _is_closing(block):
            plan.append((block, [ln.strip() for ln in block.text.splitlines() if ln.strip()], True))
        else:
            plan.append((block, list(split_sentences(block.text)), False))
    # 2. contexts for the classifiable blocks, classified in one batch
    free = [(i, block, sents) for i, (block, sents, fixed) in enumerate(plan) if not fixed and sents]
    ctx_lists = build_contexts(
        [BlockSents(b.kind.value, paths.get(i, b.heading_path), tuple(s)) for i, b, s in free],
        doc.meta.doc_type or "",
    )
    # word segmentation (underthesea CRF) is the costliest step: run it once per sentence and give
    # the tokens to the classifier (features.words_view reads ctx.tokens) and to Sentence.tokens.
    flat = [replace(c, tokens=segment(c.text)) for cl in ctx_lists for c in cl]
    preds = iter(classify_contexts(flat))
    ctx_iter = iter(flat)
    # 3. sentences in document order
    sentences: list[Sentence] = []
    figures: list[Figure] = []
    for block, sents, fixed in plan:
        if block.kind is BlockKind.TABLE and block.rows:
            figures.extend(table_figures(block.rows, campaign, block.page, block.paragraph, len(sentences) + 1))
        for text in sents:
            seq = len(sentences) + 1
            tokens = ""
            if fixed:
                cat, ctype, conf = Category.OTHER, None, 1.0
            else:
                cat, ctype, conf = next(preds)
                ctx = next(ctx_iter)
                # the context's text lacks the list marker of a block's first sentence ("- ", "a)")
                tokens = ctx.tokens if ctx.text == text else ""
                figures.extend(sentence_figures(text, campaign, seq, block.page, block.paragraph))
            if block.kind is not BlockKind.TABLE and not tokens:
                tokens = segment(text)
            sentences.append(
                Sentence(
                    seq=seq,
                    text=text,
                    page=block.page,
                    paragraph=block.paragraph,
                    heading_path=block.heading_path,
                    category=cat,
                    cause_type=ctype,
                    confidence=round(float(conf), 4),
                    tokens=tokens,
                    block_kind=block.kind,
                    model_version=version,
                )
            )
    findings = group_findings(sentences, campaign)
    return tuple(sentences), findings, tuple(figures)
