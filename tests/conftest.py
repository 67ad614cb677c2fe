"""Hypothesis profiles for every property test under ``tests/``.

``make test`` (and so CI) uses ``ci``: examples derived from each test's own name
(``derandomize``), so a run on a fresh clone tests exactly what the last green run tested and a
failure is a change in the code, never a new random draw.  ``make explore`` uses ``explore``: new
random examples every run, many of them, to find what the fixed ones miss; a failure it finds
becomes an ``@example`` or a doctest before it is fixed.
"""

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.register_profile("explore", derandomize=False, database=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
