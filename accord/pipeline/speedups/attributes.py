"""accord_attribute_ruler: the model's attribute ruler, with its matches cached.

The model's attribute ruler maps tags to parts of speech and morphology with
179 Matcher patterns; running them over every token is about a tenth of the
model's time. All but a handful of those patterns look at one token only, and
what they match depends only on that token's (TAG, LOWER, DEP, IS_SPACE). This
component asks the model's own Matcher once per such combination (on a
one-token span) and remembers the answer; the few multi-token patterns run as
a Matcher of their own. The matches are then sorted and applied by the model's
own `set_annotations`, so the tokens get exactly the same attributes.
"""

from __future__ import annotations

from typing import Any

from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc

MAX_CACHE = 100_000  # (tag, lower, dep, is_space) combinations kept: ~45 MB at most


@Language.factory("accord_attribute_ruler", assigns=["token.pos", "token.morph",
                                                     "token.lemma"],
                  requires=["token.tag", "token.dep"])
def make_attribute_ruler(nlp: Language, name: str) -> CachedAttributeRuler:
    return CachedAttributeRuler(nlp, name)


class CachedAttributeRuler:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.vocab = nlp.vocab
        self.base: Any = None
        self.single: Matcher | None = None
        self.multi: Matcher | None = None
        self.has_multi = False
        self.cache: dict[tuple[int, int, int, int], list[tuple[int, int]]] = {}

    def set_base(self, ruler: Any) -> None:
        """Split the model's ruler patterns into one-token and longer ones."""
        self.base = ruler
        self.single, self.multi = Matcher(self.vocab), Matcher(self.vocab)
        strings = self.vocab.strings
        for i in range(len(ruler.attrs)):
            key = strings.add(str(i))
            _, patterns = ruler.matcher.get(key)
            short = [p for p in patterns if len(p) == 1]
            long = [p for p in patterns if len(p) != 1]
            if short:
                self.single.add(key, short)
            if long:
                self.multi.add(key, long)
                self.has_multi = True
        self.cache.clear()

    def __call__(self, doc: Doc) -> Doc:
        if self.base is None or len(doc) == 0:
            return doc
        self.base.set_annotations(doc, self.match(doc))
        return doc

    def match(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        """The same (sorted) matches as the model ruler's `match(doc)`."""
        assert self.single is not None and self.multi is not None
        strings, cache, single = self.vocab.strings, self.cache, self.single
        matches: list[tuple[int, int, int, int]] = []
        keys = doc.to_array([TAG, LOWER, DEP, IS_SPACE]).tolist()
        for i, key in enumerate(keys):
            found = cache.get(tuple(key))
            if found is None:
                found = [(int(strings[m_id]), m_id) for m_id, _, _ in
                         single(doc[i:i + 1], allow_missing=True, as_spans=False)]
                if len(cache) < MAX_CACHE:
                    cache[tuple(key)] = found
            for attr_id, m_id in found:
                matches.append((attr_id, m_id, i, i + 1))
        if self.has_multi:
            for m_id, start, end in self.multi(doc, allow_missing=True, as_spans=False):
                matches.append((int(strings[m_id]), m_id, start, end))
        matches.sort()
        return matches
