"""Regenerate the bundled sample inbox from examples/reports/*.json.

`examples/rendered/` gets every report as DOCX and as PDF. `examples/inbox/` is what a
secretariat's inbox really looks like on deadline day: mostly DOCX and PDF, one Word 97 `.doc`,
one scan, one file typed in a TCVN3 font, one report sent twice under another name, and one
upload that broke half way. Run: `python examples/make_samples.py` (needs LibreOffice).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from render import load_report, render  # noqa: E402

# report id -> format it arrives in (the others arrive as DOCX or PDF, alternating)
SPECIAL = {
    "hu-muong-khoa-ct07": "scan",
    "hu-dong-xuan-ct07": "doc",
    "hoi-nong-dan-ct07": "tcvn3",
}
INBOX_NAMES = {
    "docx": "{id}.docx",
    "pdf": "{id}.pdf",
    "doc": "{id}.doc",
    "scan": "{id}-ban-scan.pdf",
    "tcvn3": "{id}.docx",
}


def main() -> int:
    rendered = HERE / "rendered"
    inbox = HERE / "inbox"
    for d in (rendered, inbox):
        shutil.rmtree(d, ignore_errors=True)
        d.mkdir(parents=True)
    reports = sorted((HERE / "reports").glob("*.json"))
    for i, path in enumerate(reports):
        report = load_report(path)
        rid = report["id"]
        fmt = SPECIAL.get(rid, "docx" if i % 2 == 0 else "pdf")
        formats = ["docx", "pdf"] + ([fmt] if fmt not in ("docx", "pdf") else [])
        out = render(report, rendered / rid, formats)
        shutil.copy(out[fmt], inbox / INBOX_NAMES[fmt].format(id=rid))
        for f in ("docx", "pdf"):
            shutil.move(out[f], rendered / f"{rid}.{f}")
        shutil.rmtree(rendered / rid, ignore_errors=True)
        print(f"{rid}: {fmt}")
    # The same report sent again under another name, and an upload that broke half way.
    first_pdf = next(inbox.glob("*.pdf"))
    shutil.copy(first_pdf, inbox / f"gui-lai-{first_pdf.name}")
    broken = (rendered / "tu-lam-giang-ct07.pdf").read_bytes()
    (inbox / "hoi-lhpn-tinh-bao-cao.pdf").write_bytes(broken[:1500])
    print(f"inbox: {len(list(inbox.iterdir()))} files")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
