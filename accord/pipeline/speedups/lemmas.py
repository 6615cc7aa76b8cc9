"""accord_lemmatizer: spaCy's rule lemmatizer, applied a whole Doc at a time.

The model's lemmatizer sets `token.lemma_` token by token in Python and builds
a morphology object per token for its cache key; on news text that is about a
tenth of the model's time. This component gives exactly the same lemmas (it
asks the model's lemmatizer for every (orth, pos, morph) it has not seen) but
reads and writes them as arrays, so only unseen words cost Python work.
"""

from __future__ import annotations

from typing import Any

import numpy
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.tokens import Doc

# A stop-gap cache size: the vocabulary of a large corpus, not its tokens.
MAX_CACHE = 100_000  # (orth, pos, morph) combinations kept: ~30 MB at most


@Language.factory("accord_lemmatizer", assigns=["token.lemma"], requires=["token.pos"])
def make_lemmatizer(nlp: Language, name: str) -> ArrayLemmatizer:
    return ArrayLemmatizer(nlp, name)


class ArrayLemmatizer:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.vocab = nlp.vocab
        self.base: Any = None
        self.cache: dict[tuple[int, int, int], int] = {}

    def set_base(self, lemmatizer: Any) -> None:
        """The model's own lemmatizer, asked for every word not seen yet."""
        self.base = lemmatizer

    def __call__(self, doc: Doc) -> Doc:
        if self.base is None or len(doc) == 0:
            return doc
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()
        cache, strings = self.cache, self.vocab.strings
        lemmas = []
        for i, (orth, pos, morph, lemma) in enumerate(rows):
            if lemma == 0:
                key = (orth, pos, morph)
                lemma = cache.get(key)
                if lemma is None:
                    lemma = strings.add(self.base.lemmatize(doc[i])[0])
                    if len(cache) < MAX_CACHE:
                        cache[key] = lemma
            lemmas.append(lemma)
        doc.from_array([LEMMA], numpy.array(lemmas, dtype="uint64").reshape(-1, 1))  # type: ignore[arg-type]
        return doc
