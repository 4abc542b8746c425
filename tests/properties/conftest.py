"""Hypothesis settings for the property tests: no per-example deadline (the box is shared),
100 examples by default; `HYPOTHESIS_PROFILE=long` for a deeper run."""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("tonghop", deadline=None, max_examples=100)
settings.register_profile("long", deadline=None, max_examples=2000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "tonghop"))
