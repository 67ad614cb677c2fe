"""Page furniture: the lines of a page that belong to no article, each with its kind.

Page numbers (also doubled by fake-bold printing, ``2121``), mastheads and dates, QR-code labels
and app ads (``扫一扫下载…``, ``漯河日报微信``).  Banners and slogans are told by segmentation (a
display line that no article claims), duplicates by the dedupe rules.
"""

from __future__ import annotations

import re

_PAGE_NUMBER_RE = re.compile(r"^(?:\d{1,4}|[A-Z]\d{1,2}|第?[0-9一二三四五六七八九十]{1,3}版|-\s?\d{1,3}\s?-)$")
_QR_RE = re.compile(r"扫一扫|扫码|二维码|客户端|微信|公众号|抖音|微博|视频号|[Aa][Pp][Pp]|下载")
_DATE_RE = re.compile(
    r"^(?:\d{4}年)?\d{1,2}月\d{1,2}日(?:[ \u3000]*星期[一二三四五六日天])?(?:[ \u3000]*农历.{2,12})?$"
    r"|^星期[一二三四五六日天]$|^农历.{2,12}$"
)
_MASTHEAD_RE = re.compile(
    r"^(?:责任编辑|责编|编辑|版式|美编|校对|组版|审读|值班主任|总编辑)[：:/]"
    r"|^(?:国内统一连续出版物号|CN\d{2}-\d{4}|邮发代号)"
    r"|^[\u4e00-\u9fff]{2,8}(?:日报|晚报|时报|晨报)$"
)
_TERMINAL_RE = re.compile(r"[。！？]$")


def kind(line: str) -> str | None:
    """The furniture kind of a whole line, or None when the line may be text.

    >>> [kind(s) for s in ("2121", "漯河日报微信", "扫一扫下载漯河日报社“漯河发布”客户端",
    ...  "关注“漯河日报”“漯河手机报”微信公众号", "2024年12月3日 星期二", "鹤壁日报", "实践者说")]
    ['page_number', 'qr_label', 'qr_label', 'qr_label', 'date', 'masthead', None]
    """
    s = line.strip()
    compact = s.replace(" ", "")
    if len(compact) > 40:  # most lines, paragraphs: only a date (spaced out) may be this long
        return "date" if (s[0] in "星农" or s[0].isdecimal()) and _DATE_RE.match(s) else None
    if _PAGE_NUMBER_RE.match(compact):
        return "page_number"
    if len(compact) <= 40 and not _TERMINAL_RE.search(compact) and _QR_RE.search(compact):
        return "qr_label"
    if _DATE_RE.match(s):
        return "date"
    if len(compact) <= 40 and _MASTHEAD_RE.search(compact):
        return "masthead"
    return None
