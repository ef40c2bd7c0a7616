//! HTML to plain text: the article body, with navigation, scripts and
//! other boilerplate removed by dom_smoothie's readability algorithm; when
//! that finds no article, every text node of the body.

/// The readable text of an HTML page.
pub fn to_text(html: &str) -> String {
    let article = dom_smoothie::Readability::new(html, None, None)
        .ok()
        .and_then(|mut r| r.parse().ok())
        .map(|a| a.text_content.to_string())
        .filter(|t| !t.trim().is_empty());
    match article {
        Some(t) => tidy(&t),
        None => tidy(&strip_tags(html)),
    }
}

/// Whether a text looks like HTML.
pub fn looks_like_html(text: &str) -> bool {
    let head: String = text
        .chars()
        .take(512)
        .collect::<String>()
        .to_ascii_lowercase();
    head.contains("<html")
        || head.contains("<!doctype html")
        || head.contains("<body")
        || head.contains("<p>")
        || head.contains("<div")
}

fn strip_tags(html: &str) -> String {
    let doc = dom_smoothie::Readability::new(html, None, None);
    if let Ok(mut r) = doc
        && let Ok(a) = r.parse()
    {
        return a.text_content.to_string();
    }
    // Last resort: drop everything between angle brackets.
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Collapses runs of spaces, keeps paragraph breaks.
fn tidy(text: &str) -> String {
    let mut paragraphs = Vec::new();
    for para in text.split("\n\n") {
        let joined = para.split_whitespace().collect::<Vec<_>>().join(" ");
        if !joined.is_empty() {
            paragraphs.push(joined);
        }
    }
    paragraphs.join("\n\n")
}
