"""Marking glossary words in a text (pure: no Django, no database).

``Matcher(terms)`` compiles one regular expression of every alias (longest first, so 「多要素認証」 wins
over 「認証」 at the same place); ``mark(text, matcher, href)`` returns escaped HTML in which the first
occurrence of each term in the block is a link. Text inside a tag, inside an existing ``<a>…</a>`` or
in an HTML entity is never touched. An alias that begins or ends with a Latin letter or digit only
matches as a whole word (「IT」 is not found in 「ITEM」).
"""

import re
from html import escape

_WORD = re.compile(r"[A-Za-z0-9]")
_TAG = re.compile(r"(<[^>]*>)")
_ENTITY = re.compile(r"&(?:#[0-9]+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


class Matcher:
    def __init__(self, terms):
        """``terms``: iterable of (term id, [aliases]); an alias listed twice keeps its first term."""
        self.term_of: dict[str, str] = {}
        for term_id, aliases in terms:
            for alias in aliases:
                alias = alias.strip()
                if alias:
                    self.term_of.setdefault(escape(alias, quote=False), term_id)
        parts = []
        for alias in sorted(self.term_of, key=lambda a: (-len(a), a)):
            pattern = re.escape(alias)
            if _WORD.match(alias[0]):
                pattern = r"(?<![A-Za-z0-9])" + pattern
            if _WORD.match(alias[-1]):
                pattern += r"(?![A-Za-z0-9])"
            parts.append(pattern)
        # Entities first, so that "&amp;" is skipped as a whole and never matched inside.
        self.regex = re.compile(_ENTITY.pattern + ("|" + "|".join(parts) if parts else ""))


def _mark_text(segment: str, matcher: Matcher, href, used: set) -> str:
    def replace(match):
        found = match.group(0)
        term_id = matcher.term_of.get(found)
        if term_id is None or term_id in used:
            return found
        used.add(term_id)
        return f'<a class="kn-term" href="{escape(href(term_id))}">{found}</a>'

    return matcher.regex.sub(replace, segment)


def mark(text: str, matcher: Matcher, href, *, is_html: bool = False, used: set | None = None) -> str:
    """``text`` (plain, or already-safe HTML when ``is_html``) with its glossary words linked, as HTML.

    ``href(term_id)`` gives a term's URL. One block: each term is linked at its first occurrence only;
    pass the same ``used`` set to the calls for the lines of one block (a paragraph's lines, a list's items).
    """
    html = text if is_html else escape(text, quote=False)
    if not matcher.term_of or not html:
        return html
    used = set() if used is None else used
    out, depth = [], 0
    for piece in _TAG.split(html):
        if piece.startswith("<") and piece.endswith(">"):
            name = piece[1:].lstrip("/").split(None, 1)[0].rstrip(">").lower() if len(piece) > 2 else ""
            if name == "a":
                depth = max(0, depth - 1) if piece.startswith("</") else depth + 1
            out.append(piece)
        elif depth:
            out.append(piece)
        else:
            out.append(_mark_text(piece, matcher, href, used))
    return "".join(out)
