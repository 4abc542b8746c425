"""Hypothesis settings for the property tests: no per-example deadline (the box is shared).

The default profile (`make test`, CI) draws the same 100 examples every run, so a red CI always
means a change broke something; `HYPOTHESIS_PROFILE=long` draws 2,000 fresh random examples to
look for new failures (add any it finds as an `@example`)."""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("tonghop", deadline=None, max_examples=100, derandomize=True)
settings.register_profile("long", deadline=None, max_examples=2000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "tonghop"))
