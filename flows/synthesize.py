"""Synthesis flow: read the warehouse, build the cross-unit synthesis, write DOCX/HTML/MD."""

from __future__ import annotations

from pathlib import Path

from prefect import flow, get_run_logger
from prefect.artifacts import create_markdown_artifact

from tonghop.campaign import load_campaign


@flow(name="tonghop-synthesize")
def synthesize_flow(db: str = "tonghop.duckdb", out: str = "out", campaign_path: str | None = None) -> dict[str, str]:
    """Write the synthesis files for the campaign and return their paths by format."""
    from reports import summary_markdown, write_all
    from reports.build import build_synthesis
    from warehouse.db import connect

    campaign = load_campaign(campaign_path)
    con = connect(db, read_only=True)
    try:
        synthesis = build_synthesis(con, campaign)
    finally:
        con.close()
    written = write_all(synthesis, Path(out))
    create_markdown_artifact(
        key="synthesis-summary", markdown=summary_markdown(synthesis), description=f"tonghop synthesis {campaign.id}"
    )
    get_run_logger().info("synthesis written: %s", ", ".join(str(p) for p in written.values()))
    return {k: str(v) for k, v in written.items()}
