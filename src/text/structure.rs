//! Document structure: title, metadata, headings, datelines, boilerplate and paragraphs.
//!
//! [`Document::parse`] reads a news article as web pages and wire services deliver it and
//! labels every piece with its [`BlockKind`] and exact byte [`Span`]. Paragraphs are separated
//! by blank lines, or one per line; hard-wrapped paragraphs are joined back together. Web
//! boilerplate glued onto a paragraph (an `ALSO READ: <headline>` teaser, a `date 2024-11-21`
//! marker, a `CITY (Agency) -` dateline) is cut off into its own block, so the paragraph
//! block holds only the real prose.

use super::Span;
use super::name_titles::is_name_title;
use super::openers::is_sentence_opener;
use regex::Regex;
use std::sync::LazyLock;

/// What a block of the document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BlockKind {
    /// The headline: the first short line without end punctuation.
    Title,
    /// Dates, bylines and similar lines about the article.
    Metadata,
    /// A subheading between paragraphs.
    Heading,
    /// A wire dateline such as `KABUL (Reuters) -`.
    Dateline,
    /// A link teaser such as `ALSO READ: <headline>`.
    Teaser,
    /// Page furniture: "More From This Section", "Read more", subscribe and copyright lines.
    Boilerplate,
    /// Article prose.
    Paragraph,
}

/// One labelled piece of the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Block {
    /// What it is.
    pub kind: BlockKind,
    /// Where it is in the text.
    pub span: Span,
}

/// A parsed document: its blocks in text order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    /// Every block, in order.
    pub blocks: Vec<Block>,
}

impl Document {
    /// Parses `text` (already decoded).
    pub fn parse(text: &str) -> Document {
        let units = units(text);
        let mut blocks = Vec::with_capacity(units.len() + 4);
        let mut seen_prose = false;
        let n = units.len();
        for (ui, unit) in units.into_iter().enumerate() {
            let is_last = ui + 1 == n;
            classify_unit(text, unit, is_last, &mut seen_prose, &mut blocks);
        }
        demote_sentence_headings_beside_prose(text, &mut blocks);
        promote_headings_without_prose(&mut blocks);
        Document { blocks }
    }

    /// True when the text has something to read but every piece of it was set aside as
    /// structure (metadata, boilerplate, teasers, datelines): no paragraph is left.
    pub fn is_all_structure(&self) -> bool {
        !self.blocks.is_empty() && self.paragraphs().next().is_none()
    }

    /// The title block's span, if the document has one.
    pub fn title(&self) -> Option<Span> {
        self.blocks
            .iter()
            .find(|b| b.kind == BlockKind::Title)
            .map(|b| b.span)
    }

    /// The paragraph spans, in order.
    pub fn paragraphs(&self) -> impl Iterator<Item = Span> + '_ {
        self.blocks
            .iter()
            .filter(|b| b.kind == BlockKind::Paragraph)
            .map(|b| b.span)
    }
}

/// Pushes the blocks for one unit (a paragraph-sized piece of text): page furniture, or else
/// leading metadata, a teaser, a title or heading, a dateline, and the paragraph left over.
fn classify_unit(
    text: &str,
    unit: Span,
    is_last: bool,
    seen_prose: &mut bool,
    out: &mut Vec<Block>,
) {
    let s = unit.slice(text);
    if is_boilerplate(s, s.split_whitespace().count()) {
        push(out, BlockKind::Boilerplate, unit);
        return;
    }
    let mut span = unit;
    if !*seen_prose {
        let Some(rest) = cut_metadata(text, span, out) else {
            return;
        };
        span = rest;
    }
    let Some(span) = cut_teaser(text, span, out) else {
        return;
    };
    if is_heading_like(span.slice(text)) {
        let no_title_yet = !out
            .iter()
            .any(|b| matches!(b.kind, BlockKind::Title | BlockKind::Paragraph));
        let kind = if no_title_yet && !*seen_prose && !is_last {
            BlockKind::Title
        } else if is_table_row(span.slice(text)) {
            BlockKind::Paragraph
        } else {
            BlockKind::Heading
        };
        push(out, kind, span);
        return;
    }
    let span = cut_dateline(text, span, out);
    if !span.is_empty() {
        *seen_prose = true;
        push(out, BlockKind::Paragraph, span);
    }
}

fn push(out: &mut Vec<Block>, kind: BlockKind, span: Span) {
    out.push(Block { kind, span });
}

/// A sentence-case "heading" of six words or more next to a paragraph is a short paragraph
/// (`Nobody will pay for the extra cost of the dam now?`, `… said Mr Otieno 🙁`), whatever it
/// ends with: real headings beside prose are short or title-like.
fn demote_sentence_headings_beside_prose(text: &str, blocks: &mut [Block]) {
    for i in 0..blocks.len() {
        if blocks[i].kind != BlockKind::Heading {
            continue;
        }
        let s = visible(blocks[i].span.slice(text));
        if s.split_whitespace().count() < 6 || is_title_case(s) {
            continue;
        }
        let prose = |j: Option<usize>| {
            j.and_then(|j| blocks.get(j))
                .is_some_and(|b| b.kind == BlockKind::Paragraph)
        };
        if prose(i.checked_sub(1)) || prose(Some(i + 1)) {
            blocks[i].kind = BlockKind::Paragraph;
        }
    }
}

/// A text with no prose but a title or headings (a one-line input, a list of headlines) is
/// read as prose: those lines become its paragraphs, so it is classified and summarised
/// rather than left with nothing.
fn promote_headings_without_prose(blocks: &mut [Block]) {
    if blocks.iter().any(|b| b.kind == BlockKind::Paragraph) {
        return;
    }
    for b in blocks {
        if matches!(b.kind, BlockKind::Title | BlockKind::Heading) {
            b.kind = BlockKind::Paragraph;
        }
    }
}

/// Cuts a leading date or byline off `span` (alone or glued to the first paragraph); returns
/// what is left, or `None` when nothing is.
fn cut_metadata(text: &str, span: Span, out: &mut Vec<Block>) -> Option<Span> {
    let s = span.slice(text);
    if let Some(m) = METADATA.find(s) {
        let meta = Span::new(span.start, span.start + m.end()).trim(text);
        push(out, BlockKind::Metadata, meta);
        let rest = Span::new(meta.end, span.end).trim(text);
        return (!rest.is_empty()).then_some(rest);
    }
    if let Some(m) = STORY_STAMP
        .find(s)
        .filter(|m| !m.as_str().trim().is_empty())
    {
        let meta = Span::new(span.start, span.start + m.end()).trim(text);
        push(out, BlockKind::Metadata, meta);
        let rest = Span::new(meta.end, span.end).trim(text);
        return (!rest.is_empty()).then_some(rest);
    }
    if s.split_whitespace().count() <= 5 && BYLINE.is_match(s) {
        push(out, BlockKind::Metadata, span);
        return None;
    }
    Some(span)
}

/// Cuts a teaser's linked headline off `span`, keeping a real sentence glued after it; returns
/// what is left, or `None` when the whole unit is the teaser.
fn cut_teaser(text: &str, span: Span, out: &mut Vec<Block>) -> Option<Span> {
    let s = span.slice(text);
    let Some(m) = TEASER.find(s) else {
        return Some(span);
    };
    let Some(k) = teaser_body_start(&s[m.end()..]).map(|k| m.end() + k) else {
        push(out, BlockKind::Teaser, span);
        return None;
    };
    push(
        out,
        BlockKind::Teaser,
        Span::new(span.start, span.start + k).trim(text),
    );
    Some(Span::new(span.start + k, span.end).trim(text))
}

/// Cuts a wire dateline (`KABUL (Reuters) -`) off `span` when prose follows it; returns the
/// rest.
fn cut_dateline(text: &str, span: Span, out: &mut Vec<Block>) -> Span {
    let s = span.slice(text);
    let Some(m) = DATELINE.find(s).or_else(|| WIRE_TAG.find(s)) else {
        return span;
    };
    let prose_follows = s[m.end()..]
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || "\"“‘'(".contains(c));
    if !prose_follows {
        return span;
    }
    push(
        out,
        BlockKind::Dateline,
        Span::new(span.start, span.start + m.end()).trim(text),
    );
    Span::new(span.start + m.end(), span.end).trim(text)
}

static METADATA: LazyLock<Regex> = LazyLock::new(|| {
    let month = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?";
    let weekday = r"(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,? )?";
    let date = format!(
        r"(?:{weekday}(?:\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}/\d{{1,2}}/\d{{2,4}}|{month} \d{{1,2}},? \d{{4}}|\d{{1,2}} {month},? \d{{4}}))"
    );
    let clock = r"\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AaPp]\.?[Mm]\.?)?(?: [A-Z]{2,4})?";
    let time = format!(r"(?:,? {clock})?");
    let stamp = r"(?i:date|dated|published|updated|posted|last updated|first published)";
    Regex::new(&format!(
        r"^{stamp}(?: on)?:? *{date}{time}(?:\s|$)|^{date}{time}(?:\s*\|)?(?:\s|$)|^{stamp}(?: at)?:? *{clock}(?:\s|$)"
    ))
    .expect("metadata pattern")
});

static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:By|BY|Written by|Reported by) [A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}(?:,.*)?$")
        .expect("byline pattern")
});

/// A story-start stamp: `By . Name . PUBLISHED: . 14:11 EST, 25 October 2013 | . UPDATED: …`
/// (either part alone too), as some sites print byline and times run into the lead.
static STORY_STAMP: LazyLock<Regex> = LazyLock::new(|| {
    let stamp = r"\d{1,2}:\d{2}(?: [A-Z]{2,4})?,? \d{1,2} [A-Z][a-z]+ \d{4}";
    Regex::new(&format!(
        r"^(?:By \. (?:[^.:|]{{1,60}} \. ){{1,3}})?(?:PUBLISHED: \. {stamp}(?: \| \. UPDATED: \. {stamp})? \. ?)?"
    ))
    .expect("story stamp pattern")
});

/// A wire or network tag glued to the lead: `(CNN)They …`, `(CNN) -- They …`.
static WIRE_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\((?:CNN|AP|AFP|Reuters|UPI)\)\s*(?:--|-|–|—)?\s*").expect("wire tag pattern")
});

static TEASER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:also read|read also|read more|see also|also see|must read|related|recommended|watch|listen|also watch)\s*[:|\-–—]\s*")
        .expect("teaser pattern")
});

static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?:",
        // KABUL (Reuters) -, NAJAF, Iraq -, PARKFIELD, Calif. -, NEW YORK :
        r"[A-Z][A-Z'.\-]+(?: [A-Z][A-Z'.\-]+){0,3}(?:, [A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+){0,2})?(?: \([A-Za-z .&]{2,30}\))? ?(?:--|-|–|—|:)",
        // AP -, Reuters -
        r"|(?:AP|AFP|Reuters|UPI|PTI|IANS|ANI|Xinhua|Bloomberg|dpa|Kyodo)(?: -| —| –|:)",
        // Paris - , Mexico City —
        r"|[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}(?:, [A-Z][A-Za-z.]+)?(?: \([A-Za-z .&]{2,30}\))? (?:--|-|–|—)",
        r")\s+"
    ))
    .expect("dateline pattern")
});

const BOILERPLATE_STARTS: &[&str] = &[
    "scroll down for video",
    "watch the video",
    "photo:",
    "photograph:",
    "photo credit",
    "picture:",
    "image:",
    "more from this section",
    "read more",
    "click here",
    "subscribe",
    "copyright",
    "©",
    "(c) ",
    "all rights reserved",
    "advertisement",
    "share this",
    "follow us",
    "sign up",
    "related articles",
    "related stories",
    "recommended stories",
    "first published",
    "download the",
    "disclaimer",
    "(with inputs from",
    "(this story has not been edited",
    "don't miss",
    "also read",
    "trending",
    "tags:",
    "topics:",
    "comments",
    "print this",
    "email this",
    "skip to",
];

fn is_boilerplate(s: &str, words: usize) -> bool {
    if words > 30 {
        return false; // page furniture is short; skip lower-casing long paragraphs
    }
    let lower = s.to_lowercase();
    if lower.contains("all rights reserved") {
        return true;
    }
    words <= 25 && BOILERPLATE_STARTS.iter().any(|p| lower.starts_with(p)) && !TEASER.is_match(s)
        || (words <= 4
            && matches!(
                lower.trim_end_matches(['.', ':', '!']),
                "advertisement" | "read more" | "more" | "share"
            ))
}

/// The first line of `text` when it reads as a title ([`BlockKind::Title`]'s test: short, no
/// sentence-ending punctuation, not starting in lower case) and more text follows it. This is
/// the title of a text taken whole, without parsing the rest of its structure.
pub fn leading_title(text: &str) -> Option<&str> {
    let (first, rest) = text.trim_start().split_once('\n')?;
    let first = first.trim();
    (is_heading_like(first) && !rest.trim().is_empty()).then_some(first)
}

/// Most words a heading in sentence case has; a Title Case or ALL CAPS heading may have up to
/// [`MAX_HEADING_WORDS`].
const MAX_SENTENCE_CASE_HEADING_WORDS: usize = 12;
/// Most words any heading has.
const MAX_HEADING_WORDS: usize = 20;

/// A title or subheading: a short line, not starting in lower case, without sentence-ending
/// punctuation or a sentence end inside it, and either short (up to
/// [`MAX_SENTENCE_CASE_HEADING_WORDS`] words) or in Title Case or capitals. A longer sentence is
/// prose whatever it ends with (`?`, `)`, `[1]`, a quote, an emoji, `— Reuters`). Invisible
/// format characters at the ends (direction marks, zero-width spaces, a stray byte-order mark)
/// are not looked at.
fn is_heading_like(s: &str) -> bool {
    let s = visible(s);
    let words = s.split_whitespace().count();
    if words == 0 || words > MAX_HEADING_WORDS || s.len() > 160 || s.contains('\n') {
        return false;
    }
    let last = s.chars().last().unwrap_or('.');
    if matches!(last, '.' | '!' | ',' | ';' | ':' | '"' | '”' | '…')
        || s.chars().next().is_some_and(char::is_lowercase)
        || INNER_SENTENCE_END.is_match(s)
    {
        return false;
    }
    words <= MAX_SENTENCE_CASE_HEADING_WORDS || is_title_case(s)
}

/// A table row as web page extraction writes it, cells joined by ` | `
/// (`North Fell | 41% | 78%`): short and unpunctuated like a heading, but data of the
/// article, so a paragraph (every row alike, whatever its length).
fn is_table_row(s: &str) -> bool {
    s.contains(" | ")
}

/// A sentence end inside a line: a lower-case word or a number ending in `.`, `!` or `?`
/// (closing quotes or brackets may follow), then more text. `U.S.` or `Gov.` do not count.
static INNER_SENTENCE_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?:^|\s)[\p{Ll}\d][\p{Ll}\d'’-]*[.!?]["”’)\]]*\s+\S"#)
        .expect("inner sentence end pattern")
});

/// Small words that stay lower case in Title Case.
const TITLE_CASE_SMALL_WORDS: &[&str] = &[
    "a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "nor", "of", "off",
    "on", "or", "out", "over", "per", "than", "the", "to", "up", "via", "vs", "with",
];

/// Every word but the small ones starts with a capital letter or a digit (`Title Case`,
/// `ALL CAPS`); a word in a script without case does not.
fn is_title_case(s: &str) -> bool {
    s.split_whitespace().all(|w| {
        let w = w.trim_start_matches(|c: char| !c.is_alphanumeric());
        match w.chars().next() {
            None => true,
            Some(c) if c.is_uppercase() || c.is_ascii_digit() => true,
            Some(_) => {
                TITLE_CASE_SMALL_WORDS.contains(&w.trim_end_matches(|c: char| !c.is_alphanumeric()))
            }
        }
    })
}

/// Unicode format characters (category Cf) that can sit unseen at a line's ends: soft hyphen,
/// zero-width space and joiners, direction marks, embeddings and isolates, word joiner, a
/// byte-order mark.
pub(crate) fn is_format_char(c: char) -> bool {
    matches!(c as u32,
        0x00AD | 0x061C | 0x180E | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2064
        | 0x2066..=0x206F | 0xFEFF | 0xFFF9..=0xFFFB)
}

/// `s` without white space and format characters at either end: what a reader sees of it.
fn visible(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || is_format_char(c))
}

/// Finds where the real sentence starts after a teaser prefix: returns its offset in `rest`,
/// or `None` when the whole of `rest` is the linked headline.
fn teaser_body_start(rest: &str) -> Option<usize> {
    let words: Vec<(usize, &str)> = rest
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - rest.as_ptr() as usize, w))
        .collect();
    if words.len() < 6 {
        return None;
    }
    let cap = |w: &str| {
        w.trim_start_matches(['"', '“', '‘', '\'', '('])
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
    };
    let bare = |w: &str| {
        w.trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase()
    };
    let title_case = words.iter().take(8).filter(|(_, w)| cap(w)).count() >= 6;
    let limit = words.len().min(30);
    // 1. A capitalised sentence opener after at least two headline words.
    for i in 2..limit {
        let (at, w) = words[i];
        let prev = words[i - 1].1;
        if !cap(w) {
            continue;
        }
        let opener = is_sentence_opener(&bare(w));
        let repeated = bare(w).trim_end_matches("’s").trim_end_matches("'s") == bare(prev);
        if (opener && !title_case) || repeated {
            return Some(with_name_titles(&words, i, at));
        }
        // Title Case headline: the sentence starts at the capitalised word before the first
        // run of lower-case prose.
        if title_case
            && i + 1 < words.len()
            && !cap(words[i + 1].1)
            && bare(words[i + 1].1).len() > 1
        {
            let lower_run = words[i + 1..]
                .iter()
                .take(3)
                .filter(|(_, w)| !cap(w))
                .count();
            if lower_run >= 2 && opener {
                return Some(with_name_titles(&words, i, at));
            }
        }
    }
    // 2. Fallback: within a headline's usual length (15 words), the last capitalised word
    // followed by lower-case prose.
    let mut best = None;
    for i in 2..limit.min(16).min(words.len().saturating_sub(1)) {
        let (at, w) = words[i];
        // A weekday or month (`said on Tuesday that`) is inside a sentence, not its start.
        if cap(w)
            && !cap(words[i + 1].1)
            && !words[i - 1].1.ends_with([',', ':'])
            && !is_day_or_month(&bare(w))
        {
            best = Some(with_name_titles(&words, i, at));
        }
    }
    if visible(rest).ends_with(['.', '!', '?', '"', '”']) && words.len() > 12 {
        best
    } else {
        None
    }
}

/// Where a sentence that starts at word `i` (at byte `at`) really starts: at the capitalised
/// titles and nationalities before the name it starts with (`Chinese President Xi has …`
/// starts at `Chinese`, `Italian Prime Minister Marta Ricci has …` at `Italian`), keeping at
/// least two words of the headline before it.
fn with_name_titles(words: &[(usize, &str)], i: usize, at: usize) -> usize {
    let word = |k: usize| {
        let w = words[k].1.trim_matches(|c: char| !c.is_alphanumeric());
        let capitalised = w.chars().next().is_some_and(char::is_uppercase);
        // `U.S.` is looked up as `us`.
        (
            capitalised,
            capitalised && is_name_title(&w.replace('.', "").to_lowercase()),
        )
    };
    let mut k = i;
    // Up to two more words of the name (`Marta` before `Ricci`).
    for _ in 0..2 {
        match word(k - 1) {
            (true, false) if k > 3 => k -= 1,
            _ => break,
        }
    }
    let name_start = k;
    while k > 2 && word(k - 1).1 {
        k -= 1;
    }
    if k == name_start { at } else { words[k].0 }
}

/// Weekday and month names, which are capitalised inside sentences.
fn is_day_or_month(lower: &str) -> bool {
    const NAMES: &[&str] = &[
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    NAMES.contains(&lower)
}

fn ends_sentence(line: &str) -> bool {
    visible(line).ends_with(['.', '!', '?', '"', '”', '…'])
}

/// Splits the text into paragraph-sized units (trimmed spans).
fn units(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut block: Vec<Span> = Vec::new();
    let mut pos = 0;
    for line in text.split('\n') {
        let span = Span::new(pos, pos + line.len()).trim(text);
        pos += line.len() + 1;
        if visible(span.slice(text)).is_empty() {
            flush_block(text, &mut block, &mut out);
        } else {
            block.push(span);
        }
    }
    flush_block(text, &mut block, &mut out);
    out
}

/// Turns one blank-line-separated block of lines into units: hard-wrapped lines are joined,
/// otherwise each line is its own unit.
fn flush_block(text: &str, lines: &mut Vec<Span>, out: &mut Vec<Span>) {
    if lines.is_empty() {
        return;
    }
    let width = lines
        .iter()
        .map(|l| l.slice(text).chars().count())
        .max()
        .unwrap_or(0);
    let body = &lines[..lines.len() - 1];
    let wrapped = lines.len() >= 2
        && width <= 100
        && body
            .iter()
            .filter(|l| l.slice(text).chars().count() * 10 >= width * 6)
            .count()
            * 2
            > body.len()
        && body.iter().filter(|l| ends_sentence(l.slice(text))).count() * 2 < body.len();
    if !wrapped {
        out.append(lines);
        return;
    }
    let mut start = lines[0];
    for (i, line) in lines.iter().enumerate() {
        let short = line.slice(text).chars().count() * 10 < width * 6;
        let last = i + 1 == lines.len();
        if short || last {
            out.push(Span::new(start.start, line.end));
            if !last {
                start = lines[i + 1];
            }
        }
    }
    lines.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(BlockKind, &str)> {
        Document::parse(text)
            .blocks
            .iter()
            .map(|b| (b.kind, b.span.slice(text)))
            .collect()
    }

    #[test]
    fn title_headings_and_paragraphs() {
        let text = "Port strike widens\n\nDockers walked out on Monday. Ships queued.\n\nWhat comes next\n\nTalks resume on Friday.\n";
        assert_eq!(
            kinds(text),
            [
                (BlockKind::Title, "Port strike widens"),
                (
                    BlockKind::Paragraph,
                    "Dockers walked out on Monday. Ships queued."
                ),
                (BlockKind::Heading, "What comes next"),
                (BlockKind::Paragraph, "Talks resume on Friday."),
            ]
        );
    }

    #[test]
    fn a_leading_title_is_the_first_line_when_it_reads_as_a_title() {
        let text = "Port strike widens\n\nDockers walked out on Monday.";
        assert_eq!(leading_title(text), Some("Port strike widens"));
        assert_eq!(
            Document::parse(text).title().map(|s| s.slice(text)),
            leading_title(text)
        );
        assert_eq!(
            leading_title("  Port strike widens \r\nDockers left."),
            Some("Port strike widens")
        );
        for no_title in [
            "Port strike widens",
            "Port strike widens\n\n",
            "Dockers walked out on Monday.\nShips queued.",
            "The minister said:\nrates will rise.",
            "and then the port closed\nShips queued.",
        ] {
            assert_eq!(leading_title(no_title), None, "{no_title:?}");
        }
    }

    #[test]
    fn glued_date_marker_and_teaser_are_cut_off() {
        let text = "date 2025-03-02 Rebels shelled the northern town overnight, officials said.\n\nALSO READ: Drone strike hits fuel depot near the border The governor said repairs would take weeks.\n";
        assert_eq!(
            kinds(text),
            [
                (BlockKind::Metadata, "date 2025-03-02"),
                (
                    BlockKind::Paragraph,
                    "Rebels shelled the northern town overnight, officials said."
                ),
                (
                    BlockKind::Teaser,
                    "ALSO READ: Drone strike hits fuel depot near the border"
                ),
                (
                    BlockKind::Paragraph,
                    "The governor said repairs would take weeks."
                ),
            ]
        );
    }

    #[test]
    fn teaser_cut_without_an_opener_word_takes_the_last_plausible_start() {
        let text = "ALSO READ: Why a weaker yen is behind Tokyo's new export push Japan’s \"carefully calibrated\" trade policy, known as the Harbour Plan, was approved in March, reflecting worries about demand.";
        let k = kinds(text);
        assert_eq!(
            k[0],
            (
                BlockKind::Teaser,
                "ALSO READ: Why a weaker yen is behind Tokyo's new export push"
            )
        );
        assert!(k[1].1.starts_with("Japan’s \"carefully"), "{k:?}");
    }

    #[test]
    fn teaser_alone_and_boilerplate_lines() {
        let text = "Markets slide on rate fears\n\nStocks fell sharply in early trade.\n\nALSO READ: Central bank holds rates steady\n\nMore From This Section\n\nSubscribe to our newsletter\n\nBonds also weakened.";
        let k = kinds(text);
        assert_eq!(
            k[2],
            (
                BlockKind::Teaser,
                "ALSO READ: Central bank holds rates steady"
            )
        );
        assert_eq!(k[3].0, BlockKind::Boilerplate);
        assert_eq!(k[4].0, BlockKind::Boilerplate);
        assert_eq!(k[5], (BlockKind::Paragraph, "Bonds also weakened."));
    }

    #[test]
    fn story_stamps_and_network_tags_are_structure() {
        let stamped = "By . Kofi Mensah . PUBLISHED: . 09:05 EST, 3 March 2014 | . UPDATED: . 11:40 EST, 3 March 2014 . A ferry carrying sixty passengers ran aground off the island on Sunday.";
        let k = kinds(stamped);
        assert_eq!(k[0].0, BlockKind::Metadata, "{k:?}");
        assert!(k[0].1.ends_with("2014 ."), "{k:?}");
        assert_eq!(
            k[1],
            (
                BlockKind::Paragraph,
                "A ferry carrying sixty passengers ran aground off the island on Sunday."
            )
        );
        for tagged in [
            "(CNN)A ferry ran aground off the island on Sunday.",
            "(CNN) -- A ferry ran aground off the island on Sunday.",
        ] {
            let k = kinds(tagged);
            assert_eq!(k[0].0, BlockKind::Dateline, "{k:?}");
            assert_eq!(
                k[1],
                (
                    BlockKind::Paragraph,
                    "A ferry ran aground off the island on Sunday."
                )
            );
        }
        let k = kinds(
            "Photo: Ines Duarte for the Tribune\n\nThe ferry was refloated at high tide on Monday morning.",
        );
        assert_eq!(k[0].0, BlockKind::Boilerplate, "{k:?}");
    }

    #[test]
    fn datelines_are_split_from_the_lead() {
        for (text, dateline, body) in [
            (
                "KABUL (Reuters) - Gunmen attacked a checkpoint.",
                "KABUL (Reuters) -",
                "Gunmen attacked a checkpoint.",
            ),
            (
                "NAJAF, Iraq - Clashes resumed at dawn.",
                "NAJAF, Iraq -",
                "Clashes resumed at dawn.",
            ),
            (
                "AP - The senate passed the bill.",
                "AP -",
                "The senate passed the bill.",
            ),
            (
                "Lagos — Fuel queues returned on Monday.",
                "Lagos —",
                "Fuel queues returned on Monday.",
            ),
        ] {
            assert_eq!(
                kinds(text),
                [
                    (BlockKind::Dateline, dateline),
                    (BlockKind::Paragraph, body)
                ],
                "{text}"
            );
        }
    }

    #[test]
    fn one_paragraph_per_line_and_hard_wrapped_text() {
        let per_line = "The first paragraph is a long line of prose that ends here.\nThe second paragraph is another long line of prose.\n";
        assert_eq!(Document::parse(per_line).paragraphs().count(), 2);
        let wrapped = "The finance minister said the budget would\nbe tabled next week and that spending on\nroads would rise sharply next year.\n\nA second paragraph.";
        let d = Document::parse(wrapped);
        let paras: Vec<&str> = d.paragraphs().map(|s| s.slice(wrapped)).collect();
        assert_eq!(paras.len(), 2);
        assert!(paras[0].starts_with("The finance") && paras[0].ends_with("next year."));
    }

    #[test]
    fn a_long_sentence_is_prose_whatever_it_ends_with() {
        let endings = [
            "?",
            " (officials said)",
            " [1]",
            " “enough”",
            " 🎉",
            " — Reuters",
            ".\u{200B}",
            ".\u{200E}",
            ".\u{200F}",
            ".\u{FEFF}",
            "\u{200B}",
        ];
        for end in endings {
            let line = format!(
                "Will the regional council approve the new water tariffs before the rains arrive this year{end}"
            );
            let text = format!(
                "Tariff vote looms\n\nThe council met on Monday.\n\n{line}\n\nA vote is due."
            );
            let k = kinds(&text);
            assert_eq!(
                k[2],
                (BlockKind::Paragraph, line.as_str()),
                "{end:?}: {k:?}"
            );
        }
    }

    #[test]
    fn short_or_title_case_lines_are_still_headings() {
        for heading in [
            "What comes next?",
            "Rebels shell airport (AP)",
            "PORT STRIKE WIDENS AS TALKS COLLAPSE IN THE NORTH AND SHIPS WAIT OFF THE COAST",
            "Port Strike Widens as Talks Collapse in the North and Ships Wait off the Coast",
            "\u{200F}Where the money went\u{200F}",
        ] {
            let text =
                format!("Dockers walked out on Monday.\n\n{heading}\n\nTalks resume on Friday.");
            assert_eq!(kinds(&text)[1], (BlockKind::Heading, heading), "{heading}");
        }
        // A sentence end inside makes a short line prose.
        let text = "Dockers walked out.\n\nShips queued. Talks stalled\n\nMore later.";
        assert_eq!(kinds(text)[1].0, BlockKind::Paragraph);
    }

    #[test]
    fn text_wrapped_in_direction_marks_keeps_its_paragraphs() {
        let text = "\u{200F}הממשלה הודיעה על הסכם חדש.\u{200F}\n\n\u{200F}השר אמר שהמחירים יעלו.\u{200F}\n\n\u{200F}\u{200E}\n";
        let d = Document::parse(text);
        assert_eq!(d.paragraphs().count(), 2, "{:?}", kinds(text));
    }

    #[test]
    fn a_text_without_prose_reads_its_headings_as_paragraphs() {
        let one = "Rebels shell airport as peacekeepers pull back\n";
        assert_eq!(
            kinds(one),
            [(
                BlockKind::Paragraph,
                "Rebels shell airport as peacekeepers pull back"
            )]
        );
        let d = Document::parse("Markets rally\n\nBy Ana Ruiz\n\nOil steadies\n");
        assert_eq!(d.paragraphs().count(), 2);
        assert!(!d.is_all_structure());
        let d = Document::parse("Published: 2024-03-02\n\nMore From This Section\n");
        assert!(d.is_all_structure());
        assert!(!Document::parse("").is_all_structure());
    }

    #[test]
    fn a_teaser_cut_keeps_a_title_and_nationality_with_the_name() {
        for (teaser, body) in [
            (
                "ALSO READ: 'No more delays': Okafor faces questions over stalled port deal in Kenya",
                "Kenyan President Okafor has reportedly asked ministers to review the lease terms before the end of the month.",
            ),
            (
                "ALSO READ: Budget row deepens as coalition partners trade blame in Rome",
                "Italian Prime Minister Marta Ricci has reportedly told her allies that the spending plan will not be reopened.",
            ),
        ] {
            let text = format!("{teaser} {body}");
            assert_eq!(
                kinds(&text),
                [(BlockKind::Teaser, teaser), (BlockKind::Paragraph, body)],
                "{text}"
            );
        }
    }
}
