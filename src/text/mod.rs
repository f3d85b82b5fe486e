//! The text pipeline: bytes → decoded text → document structure → sentences → terms.
//!
//! Every unit keeps a byte [`Span`] into the decoded text, so a tagged paragraph or a summary
//! sentence can always point back at exactly where it came from.

pub(crate) mod analyzer;
pub(crate) mod decode;
pub(crate) mod lowercase;
mod name_titles;
mod openers;
pub(crate) mod sentences;
pub(crate) mod stemmer;
pub(crate) mod stop_words;
pub(crate) mod structure;
pub(crate) mod tokenizer;

pub use analyzer::{Analyzer, AnalyzerOptions, StopWordList};
pub use decode::{Decoded, Encoding, decode, normalise_string};
pub use sentences::split_sentences;
pub use stemmer::{Language, WordStemmer};
pub use stop_words::StopWords;
pub use structure::{Block, BlockKind, Document, leading_title};
pub use tokenizer::{Token, tokenize};

use serde::{Deserialize, Serialize};

/// A byte range `start..end` into a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// The span `start..end`.
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// Its text within `source`.
    pub fn slice<'a>(&self, source: &'a str) -> &'a str {
        &source[self.start..self.end]
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    /// The same span without leading and trailing white space.
    pub fn trim(&self, source: &str) -> Span {
        let s = self.slice(source);
        let lead = s.len() - s.trim_start().len();
        let inner = s.trim();
        Span::new(self.start + lead, self.start + lead + inner.len())
    }

    /// This span shifted by `offset` bytes (for spans relative to a slice).
    pub fn offset(&self, offset: usize) -> Span {
        Span::new(self.start + offset, self.end + offset)
    }
}

/// A sentence of an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    /// Where it is in the article text.
    pub span: Span,
    /// Index of its paragraph among the article's paragraphs.
    pub paragraph: usize,
}

/// An article: decoded text, its structure, and the sentences of its paragraphs.
#[derive(Debug, Clone)]
pub struct Article {
    /// The decoded text every span points into.
    pub text: String,
    /// Blocks with their kinds.
    pub document: Document,
    /// Paragraph spans, in order (the `Paragraph` blocks of `document`).
    pub paragraphs: Vec<Span>,
    /// Sentences of the paragraphs, in order.
    pub sentences: Vec<Sentence>,
}

impl Article {
    /// Parses already-decoded text.
    pub fn parse(text: String) -> Article {
        Article::parse_titled(text, 0)
    }

    /// Parses already-decoded text whose first `title_len` bytes are known to be its title
    /// (a web page's): those blocks become the title, and no other block is taken for one.
    /// `title_len` 0 is [`Article::parse`].
    pub fn parse_titled(text: String, title_len: usize) -> Article {
        let mut document = Document::parse(&text);
        if title_len > 0 {
            for block in &mut document.blocks {
                if block.span.end <= title_len {
                    block.kind = BlockKind::Title;
                } else if block.kind == BlockKind::Title {
                    block.kind = BlockKind::Heading;
                }
            }
        }
        let paragraphs: Vec<Span> = document.paragraphs().collect();
        let mut sentences = Vec::new();
        for (pi, p) in paragraphs.iter().enumerate() {
            for s in split_sentences(p.slice(&text)) {
                sentences.push(Sentence {
                    span: s.offset(p.start),
                    paragraph: pi,
                });
            }
        }
        Article {
            text,
            document,
            paragraphs,
            sentences,
        }
    }

    /// The title's text, if any.
    pub fn title(&self) -> Option<&str> {
        self.document.title().map(|s| s.slice(&self.text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_sentences_point_into_the_text() {
        let a = Article::parse("Title here\n\nFirst one. Second one.\n\nThird one.".to_string());
        assert_eq!(a.title(), Some("Title here"));
        let s: Vec<(&str, usize)> = a
            .sentences
            .iter()
            .map(|s| (s.span.slice(&a.text), s.paragraph))
            .collect();
        assert_eq!(
            s,
            [("First one.", 0), ("Second one.", 0), ("Third one.", 1)]
        );
    }
}
