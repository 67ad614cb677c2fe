"""What the pipeline returns: articles, furniture and the page result (plain data, no Flask)."""

from __future__ import annotations

from dataclasses import dataclass, field

ARTICLE_KINDS = ("article", "photo", "teaser")
#: kinds of furniture: what was removed as belonging to no article
FURNITURE_KINDS = (
    "page_number", "masthead", "date", "qr_label", "banner", "jump", "duplicate",
    "markup", "noise",
)


@dataclass
class Article:
    kind: str = "article"
    kicker: str = ""
    title: str = ""
    subtitle: str = ""
    dateline: str = ""
    byline: str = ""
    paragraphs: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    continued: str = ""
    #: where the article's text lies in the input, in code points
    span: tuple[int, int] = (0, 0)

    @property
    def text(self) -> str:
        """The article as one string: titles, then paragraphs, joined by newlines."""
        heads = [h for h in (self.kicker, self.title, self.subtitle) if h]
        return "\n".join(heads + self.paragraphs)

    def as_dict(self) -> dict:
        return {
            "kind": self.kind, "kicker": self.kicker, "title": self.title,
            "subtitle": self.subtitle, "dateline": self.dateline, "byline": self.byline,
            "paragraphs": list(self.paragraphs), "captions": list(self.captions),
            "continued": self.continued, "text": self.text, "span": list(self.span),
        }


@dataclass
class Furniture:
    text: str
    kind: str
    span: tuple[int, int]

    def as_dict(self) -> dict:
        return {"text": self.text, "kind": self.kind, "span": list(self.span)}
