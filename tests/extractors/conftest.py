"""Make `extractors` / `nlp` resolve to the project packages, not to tests/extractors.

pytest's default rootdir insertion puts tests/ on sys.path, where the test folder
`tests/extractors` would shadow the real `extractors` package as a namespace package.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path[:1]:
    sys.path.insert(0, str(ROOT))
for name in ("extractors", "nlp"):
    mod = sys.modules.get(name)
    if mod is not None and getattr(mod, "__file__", None) is None:
        del sys.modules[name]
