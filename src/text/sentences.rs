//! Sentence splitting for news prose.
//!
//! A rule-based splitter tuned on a gold set of hard cases (`tests/data/sentence_gold.txt`):
//! abbreviations (`Mr.`, `Gen.`, `Jan.`, `U.S.`, `e.g.`, `Inc.`, `No.`), initials, decimals and
//! money, ellipses, closing quotes and brackets after end punctuation, `?` and `!` inside
//! quotes. Runs of text with no end punctuation are cut into chunks of at most
//! [`MAX_SENTENCE_BYTES`] at word boundaries, so one unpunctuated megabyte never becomes one
//! "sentence".

use super::Span;
use super::openers::is_sentence_opener;

/// The longest sentence produced; longer runs are cut at the last space before this limit.
pub const MAX_SENTENCE_BYTES: usize = 2000;

/// Abbreviations that never end a sentence (titles, "No." before a number, Latin forms).
const NEVER_FINAL: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "cpt", "sgt", "cpl", "adm",
    "cmdr", "brig", "gov", "sen", "rep", "rev", "hon", "pres", "supt", "insp", "det", "st", "mt",
    "ft", "nos", "vs", "v", "e.g", "i.e", "cf", "approx", "fig", "vol", "art", "para", "ch", "sec",
    "dept", "est", "messrs", "mme", "mlle", "sheikh", "amb", "atty", "gens",
];

/// Abbreviations that may end a sentence: they do when the next word opens a sentence.
const MAYBE_FINAL: &[&str] = &[
    "inc", "corp", "ltd", "co", "plc", "llc", "bros", "jr", "sr", "etc", "jan", "feb", "mar",
    "apr", "no", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "tues",
    "wed", "thu", "thurs", "fri", "sat", "sun", "ave", "blvd", "rd", "cal", "calif", "fla", "mass",
    "wash", "pa", "ill", "mich", "tex", "ariz", "colo", "conn", "ga", "md", "minn", "mo", "nev",
    "okla", "ore", "tenn", "va", "wis", "al", "bn", "mn", "pct", "yr", "yrs", "am", "pm",
];

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '。' | '！' | '？')
}

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '»' | '›' | '}')
}

fn is_opener_punct(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '“' | '‘' | '(' | '[' | '«' | '‹' | '¿' | '¡'
    )
}

/// Splits `text` into sentence spans (byte offsets into `text`, trimmed of white space).
pub fn split_sentences(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if !is_terminator(c) {
            continue;
        }
        // Extend through a run of terminators and closing quotes/brackets.
        let mut end = i + c.len_utf8();
        let mut dots = usize::from(c == '.');
        while let Some(&(j, d)) = iter.peek() {
            if is_terminator(d) || is_closer(d) {
                dots += usize::from(d == '.');
                end = j + d.len_utf8();
                iter.next();
            } else {
                break;
            }
        }
        let cjk = matches!(c, '。' | '！' | '？');
        let rest = &text[end..];
        if !cjk && !rest.is_empty() && !rest.starts_with(char::is_whitespace) {
            continue; // "3.5", "U.S.-led", "example.com"
        }
        let closes_quote = text[i..end].contains(['”', '"']);
        if is_boundary(text, start, i, c, dots, closes_quote, rest.trim_start()) {
            push_sentence(text, start, end, &mut out);
            start = end;
        }
    }
    push_sentence(text, start, text.len(), &mut out);
    out
}

fn is_boundary(
    text: &str,
    sent_start: usize,
    term_at: usize,
    term: char,
    dots: usize,
    closes_quote: bool,
    next: &str,
) -> bool {
    let Some(first) = next.chars().next() else {
        return true;
    };
    // The first letter of what follows, looking through opening quotes/brackets.
    let next_letter = next.chars().find(|c| !is_opener_punct(*c)).unwrap_or(first);
    if next_letter.is_lowercase() {
        return false;
    }
    if term != '.' || dots > 1 {
        // "!" and "?" inside a short open quotation ("“Out! Out! Out!” as he left") do not end it.
        if matches!(term, '!' | '?')
            && !closes_quote
            && inside_short_quote(&text[sent_start..term_at])
        {
            return false;
        }
        return true; // "!", "?", "…", "..." before a capital or digit
    }
    let before = &text[sent_start..term_at];
    let word = last_word(before);
    if word.is_empty() {
        return true;
    }
    let lower = word.to_lowercase();
    let next_word = first_word(next);
    let opens = is_sentence_opener(&next_word.to_lowercase()) || is_opener_punct(first);
    // Initials: "J. Smith", "George W. Bush" (but "Plan B. It worked.").
    if word.chars().count() == 1 && word.chars().all(char::is_uppercase) {
        return opens && !is_opener_punct(first);
    }
    // Numbers: "rose 1.2% to 7,412.6. Bond yields rose."
    if word.chars().any(|c| c.is_ascii_digit()) {
        return true;
    }
    if NEVER_FINAL.contains(&lower.as_str()) {
        return false;
    }
    if next_letter.is_ascii_digit() && MAYBE_FINAL.contains(&lower.as_str()) {
        return false; // "Jan. 5", "No. 10"
    }
    // Acronyms with inner dots ("U.S.", "a.m.") and "maybe final" abbreviations.
    if word.contains('.') || MAYBE_FINAL.contains(&lower.as_str()) {
        return opens;
    }
    true
}

/// True when `s` ends inside an open quotation of at most two words.
fn inside_short_quote(s: &str) -> bool {
    let Some(open) = s.rfind(['“', '"']) else {
        return false;
    };
    let quoted = &s[open..];
    let closed = quoted[quoted.chars().next().map_or(1, char::len_utf8)..].contains(['”', '"']);
    !closed && quoted.split_whitespace().count() <= 2 && s[..open].split_whitespace().count() > 0
}

/// The last word of `s` (letters and inner dots), e.g. "U.S" from "in the U.S".
fn last_word(s: &str) -> &str {
    let trimmed = s.trim_end();
    let start = trimmed
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '.'))
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(0);
    trimmed[start..].trim_start_matches('.')
}

fn first_word(s: &str) -> &str {
    let s = s.trim_start_matches(is_opener_punct);
    let end = s.find(|c: char| !c.is_alphanumeric()).unwrap_or(s.len());
    &s[..end]
}

/// Adds the trimmed span `start..end` (cut into bounded chunks if needed).
fn push_sentence(text: &str, start: usize, end: usize, out: &mut Vec<Span>) {
    let slice = &text[start..end];
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.len() - slice.trim_end().len();
    let (mut s, e) = (start + lead, end - trail);
    if s >= e {
        return;
    }
    while e - s > MAX_SENTENCE_BYTES {
        let mut cut = s + MAX_SENTENCE_BYTES;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        let window = &text[s..cut];
        let at = window
            .rfind(char::is_whitespace)
            .filter(|&p| p > 0)
            .map(|p| s + p)
            .unwrap_or(cut);
        let piece = text[s..at].trim_end();
        if !piece.is_empty() {
            out.push(Span::new(s, s + piece.len()));
        }
        s = at;
        while s < e && text[s..].starts_with(char::is_whitespace) {
            s += text[s..].chars().next().map_or(1, char::len_utf8);
        }
    }
    if s < e {
        out.push(Span::new(s, e));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sents(text: &str) -> Vec<&str> {
        split_sentences(text)
            .iter()
            .map(|s| s.slice(text))
            .collect()
    }

    #[test]
    fn basic_split_and_spans() {
        let text = "Talks resumed on Monday.  Officials were hopeful! Would it last?";
        assert_eq!(
            sents(text),
            [
                "Talks resumed on Monday.",
                "Officials were hopeful!",
                "Would it last?"
            ]
        );
        let spans = split_sentences(text);
        assert_eq!((spans[1].start, spans[1].end), (26, 49));
    }

    #[test]
    fn abbreviations_and_initials() {
        assert_eq!(
            sents(
                "Mr. Obi met Gen. Tanaka and Lt. Col. Reyes in St. Louis on Jan. 5. They talked."
            ),
            [
                "Mr. Obi met Gen. Tanaka and Lt. Col. Reyes in St. Louis on Jan. 5.",
                "They talked."
            ]
        );
        assert_eq!(
            sents("Envoy J. R. Amadi arrived. He spoke."),
            ["Envoy J. R. Amadi arrived.", "He spoke."]
        );
        assert_eq!(
            sents("U.S. officials met U.K. envoys in the U.S. The talks ended."),
            [
                "U.S. officials met U.K. envoys in the U.S.",
                "The talks ended."
            ]
        );
        assert_eq!(
            sents("Shares of Acme Corp. rose. Acme Corp. The deal closed."),
            [
                "Shares of Acme Corp. rose.",
                "Acme Corp.",
                "The deal closed."
            ]
        );
    }

    #[test]
    fn numbers_quotes_and_ellipses() {
        assert_eq!(
            sents("It raised $3.5 billion. Output fell 4.88bn."),
            ["It raised $3.5 billion.", "Output fell 4.88bn."]
        );
        assert_eq!(
            sents("“We will not yield,” he said. “Never.” Then he left."),
            ["“We will not yield,” he said.", "“Never.”", "Then he left."]
        );
        assert_eq!(
            sents("\"Why now?\" she asked. Nobody knew."),
            ["\"Why now?\" she asked.", "Nobody knew."]
        );
        assert_eq!(
            sents("He paused... and went on. Then... Silence."),
            ["He paused... and went on.", "Then...", "Silence."]
        );
    }

    #[test]
    fn long_runs_are_chunked_at_spaces() {
        let text = "word ".repeat(2000);
        let spans = split_sentences(&text);
        assert!(spans.len() >= 5);
        for s in &spans {
            assert!(s.len() <= MAX_SENTENCE_BYTES);
            assert!(s.slice(&text).starts_with("word") && s.slice(&text).ends_with("word"));
        }
    }
}
