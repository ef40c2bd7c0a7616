//! HTML to plain text: the article body, with navigation, scripts and
//! other boilerplate removed by dom_smoothie's readability algorithm; when
//! that finds no article, the text with every tag dropped.

/// The readable text of an HTML page.
pub fn to_text(html: &str) -> String {
    // Formatted text keeps block elements apart ("<nav>menu</nav><p>Turkey"
    // is not "menuTurkey").
    let config = dom_smoothie::Config {
        text_mode: dom_smoothie::TextMode::Formatted,
        ..Default::default()
    };
    let article = dom_smoothie::Readability::new(html, None, Some(config))
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

/// Every text node: everything between angle brackets dropped, each tag
/// a space. (Readability has already been tried.)
fn strip_tags(html: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_stay_apart() {
        let t = to_text(
            "<html><body><nav>menu</nav><p>Turkey hosted a Hamas delegation on Wednesday.</p></body></html>",
        );
        assert!(t.contains("Turkey hosted"), "{t:?}");
        assert!(!t.contains("menuTurkey"), "{t:?}");
    }

    #[test]
    fn no_article_keeps_every_text_node() {
        let t = to_text("<div>Iran</div><div>criticized Israel.</div>");
        assert!(
            t.contains("Iran") && t.contains("criticized Israel."),
            "{t:?}"
        );
        assert!(!t.contains("Irancriticized"), "{t:?}");
    }
}
