"""OCR and extraction repair: doubled characters, fake bold, English intrusions, lookalikes.

Every repair is a small pure fixer with its own rule id, run in this order: fake bold first (a
run of doubled glyphs is one decision, not several), then single doubled characters, English
function words in Chinese text, and characters that a lookalike or soundalike replaced.  All of
them consult one lexicon (:mod:`.lexicon`, jieba's dictionary) and one confusion source
(:mod:`.confusion`), loaded once at import, and look only where a cheap trigger fires.
"""

from __future__ import annotations

from .doubled import fix_doubled_char, fix_fake_bold
from .intrusion import fix_english_intrusion
from .lookalike import fix_abbreviation, fix_lookalike

RULES: tuple = (
    fix_fake_bold.rule,
    fix_doubled_char.rule,
    fix_english_intrusion.rule,
    fix_lookalike.rule,
    fix_abbreviation.rule,
)
