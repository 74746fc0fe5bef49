"""Text as every search of Ponte compares it (partner search, the Q&A, the header search): normalised, and cut
into the terms an index holds and a query looks for.

Case and accents are folded; Arabic loses its diacritics and tatweel, alef, yeh and teh marbuta are unified and a
leading article (ال, وال, بال, كال, فال, لل) is removed; Chinese and Japanese written without spaces are cut into
overlapping pairs of characters (bigrams), so 网络安全 finds 网络安全能力建设. A query term of four letters or
more also finds the longer words it begins (cyber: cybersecurity), and one of seven or more loses its last two
first, so endings differ (sécurité, security; кибербезопасности, кибербезопасность).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

MAX_QUERY_TERMS = 16
MAX_TERM_LENGTH = 64

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\U00020000-\U0002fa1f"
_WORDS = re.compile(f"[{_CJK}]+|[^\\W_{_CJK}]+")
_IS_CJK = re.compile(f"[{_CJK}]")
_IS_ARABIC = re.compile("[\u0600-\u06ff]")
# Alef wasla, alef maksura, Persian yeh, teh marbuta, Persian keheh; tatweel removed. Hamza and madda on alef,
# waw and yeh are combining marks once decomposed, and go with the diacritics.
_ARABIC_LETTERS = str.maketrans(
    {"\u0671": "\u0627", "\u0649": "\u064a", "\u06cc": "\u064a", "\u0629": "\u0647", "\u06a9": "\u0643", "\u0640": None}
)
_ARABIC_ARTICLES = ("وال", "بال", "كال", "فال", "لل", "ال")
STOPWORDS = frozenset(  # one-letter words are never terms
    {
        *("and", "of", "the", "for", "in", "on", "to", "an", "with", "by", "at", "from"),
        *("de", "la", "le", "les", "des", "du", "et", "en", "un", "une", "au", "aux"),
        *("el", "los", "las", "del", "por", "para", "con", "und", "der", "die", "das"),
        *("на", "по", "для", "في", "من", "الي", "علي", "عن", "مع"),
    }
)


def normalise(text: str) -> str:
    """Text as the search compares it: folded case, no accents or Arabic diacritics, unified Arabic letters."""
    folded = unicodedata.normalize("NFD", unicodedata.normalize("NFKC", text).casefold())
    bare = "".join(char for char in folded if not unicodedata.combining(char))
    return unicodedata.normalize("NFC", bare.translate(_ARABIC_LETTERS))


def _tokens(text: str) -> Iterator[tuple[str, bool]]:
    """The terms of a text, each with whether it is a CJK character pair (or a lone CJK character)."""
    for word in _WORDS.findall(normalise(text)):
        if _IS_CJK.match(word):
            if len(word) == 1:
                yield word, True
            else:
                yield from ((word[i : i + 2], True) for i in range(len(word) - 1))
            continue
        if _IS_ARABIC.match(word):
            word = next(
                (word[len(a) :] for a in _ARABIC_ARTICLES if word.startswith(a) and len(word) > len(a) + 1), word
            )
        if len(word) > 1 and word not in STOPWORDS:
            yield word[:MAX_TERM_LENGTH], False


@functools.lru_cache(maxsize=16384)  # agreement titles repeat across their partners and amendments
def document_terms(text: str) -> frozenset[str]:
    """The terms a text is indexed under."""
    return frozenset(term for term, _cjk in _tokens(text))


@dataclass(frozen=True)
class QueryTerm:
    """A term of the query: the index is searched for ``key`` exactly, or for the terms that begin with it."""

    key: str
    exact: bool

    def upper_bound(self) -> str:
        """The first string after every string beginning with ``key`` (byte order)."""
        return self.key[:-1] + chr(min(ord(self.key[-1]) + 1, 0x10FFFF))


def query_terms(text: str) -> list[QueryTerm]:
    """The terms a free-text query looks for, without repeats, at most ``MAX_QUERY_TERMS``."""
    found: dict[str, QueryTerm] = {}
    for term, cjk in _tokens(text):
        if cjk:
            wanted = QueryTerm(term, exact=len(term) == 2)  # a lone character finds the pairs it begins
        elif len(term) <= 3:
            wanted = QueryTerm(term, exact=True)
        else:
            wanted = QueryTerm(term[:-2] if len(term) >= 7 else term, exact=False)
        found.setdefault(wanted.key, wanted)
    return list(found.values())[:MAX_QUERY_TERMS]
