//! What the extractor's HTML (its `content_html`) says about lines of its plain text that the
//! text alone does not: which lines are list items, and the preformatted (`<pre>`) blocks with
//! their white space. One linear scan; the HTML is the crate's own serialisation.

/// List items and preformatted blocks of the extracted article.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Markup {
    /// The text of each `<li>`, white space collapsed (as the text's lines are).
    pub list_items: Vec<String>,
    /// The text of each `<pre>`, white space kept (tags inside dropped).
    pub pre: Vec<String>,
}

impl Markup {
    /// True when `line` (white space collapsed) is the text of a list item.
    pub fn is_list_item(&self, line: &str) -> bool {
        self.list_items.iter().any(|l| l == line)
    }
}

/// Scans `html` for list items and `<pre>` blocks.
pub fn scan(html: &str) -> Markup {
    let mut markup = Markup::default();
    // Open list items (nested lists nest them), and the open <pre>, with their text so far.
    let mut items: Vec<String> = Vec::new();
    let mut pre: Option<(usize, String)> = None;
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        let text = decode_entities(&rest[..lt]);
        for item in &mut items {
            item.push_str(&text);
        }
        if let Some((_, p)) = &mut pre {
            p.push_str(&text);
        }
        let (tag, tag_end) = match tag_end(&rest[lt..]) {
            Some(e) => (&rest[lt + 1..lt + e - 1], lt + e),
            None => (&rest[lt + 1..], rest.len()),
        };
        let (closing, name) = match tag.strip_prefix('/') {
            Some(t) => (true, t),
            None => (false, tag),
        };
        let name_end = name
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(name.len());
        let name = &name[..name_end];
        match (closing, name.to_ascii_lowercase().as_str()) {
            (false, "li") => {
                for item in &mut items {
                    item.push(' ');
                }
                items.push(String::new());
            }
            (true, "li") => {
                if let Some(item) = items.pop() {
                    markup.list_items.push(collapse(&item));
                }
            }
            (false, "pre") => match &mut pre {
                Some((depth, _)) => *depth += 1,
                None => pre = Some((1, String::new())),
            },
            (true, "pre") => {
                if let Some((depth, text)) = &mut pre {
                    *depth -= 1;
                    if *depth == 0 {
                        markup.pre.push(std::mem::take(text));
                        pre = None;
                    }
                }
            }
            (false, "br") => {
                for item in &mut items {
                    item.push(' ');
                }
                if let Some((_, p)) = &mut pre {
                    p.push('\n');
                }
            }
            _ => {}
        }
        rest = &rest[tag_end..];
    }
    markup
}

/// The length of the tag at the start of `s` (through its `>`), quotes respected.
fn tag_end(s: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in s.char_indices().skip(1) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return Some(i + 1),
            _ => {}
        }
    }
    None
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Decodes the character references an HTML serialiser writes (`&amp;`, `&lt;`, `&gt;`,
/// `&quot;`, `&nbsp;`, `&#39;`, `&#NN;`, `&#xNN;`); others are left as they are.
fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        // Bytes, not a slice of the text: the 12th byte may fall inside a character.
        let head = &rest.as_bytes()[..rest.len().min(12)];
        let Some(semi) = head.iter().position(|&b| b == b';') else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let name = &rest[1..semi];
        let c = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            _ => name
                .strip_prefix("#x")
                .or_else(|| name.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::decode_entities;

    #[test]
    fn an_ampersand_before_multibyte_text_is_kept_whole() {
        // The first 12 bytes after `&` end inside a two-byte letter.
        assert_eq!(decode_entities("a &ЖЖЖЖЖЖ;"), "a &ЖЖЖЖЖЖ;");
        assert_eq!(decode_entities("&amp; Жд &lt;"), "& Жд <");
    }

    use super::*;

    #[test]
    fn list_items_and_pre_blocks() {
        let m = scan(
            "<p>Key points:</p><ul><li>Ban from <b>June 1</b></li>\n<li>Levels &amp; flows</li>\
             <li>Outer<ul><li>Inner</li></ul></li></ul>\
             <pre>Station      Start\n<code>Low Mill</code>     06:00 &lt;x&gt;\n</pre>",
        );
        assert_eq!(
            m.list_items,
            ["Ban from June 1", "Levels & flows", "Inner", "Outer Inner"]
        );
        assert!(m.is_list_item("Levels & flows"));
        assert_eq!(m.pre, ["Station      Start\nLow Mill     06:00 <x>\n"]);
    }

    #[test]
    fn odd_markup_ends_cleanly() {
        for html in [
            "",
            "<",
            "<li",
            "</li></pre>",
            "<pre a='>'>x",
            "&#xZZ; &; &#99999999;",
        ] {
            assert_eq!(scan(html), Markup::default(), "{html}");
        }
        assert_eq!(scan("<li>é</li><li>unclosed é").list_items, ["é"]);
        assert_eq!(decode_entities("&#39;a&#x41;&copy;"), "'aA&copy;");
    }
}
