//! Small text helpers for messages.

/// First letter upper-case.
pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Cut text to at most `max` characters with an ellipsis.
pub fn shorten(text: &str, max: usize) -> String {
    let t = text.trim();
    if t.chars().count() <= max {
        return t.to_string();
    }
    let cut: String = t.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", cut.trim_end())
}

/// Items in their first order, each once.
pub fn unique_in_order<'a>(items: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in items {
        if !out.iter().any(|o| o == item) {
            out.push(item.to_string());
        }
    }
    out
}

/// Keep the first `max` items; when some are cut, a last item `rest(count cut)` says so.
pub fn keep_first(items: &mut Vec<String>, max: usize, rest: impl FnOnce(usize) -> String) {
    if items.len() > max {
        let cut = items.len() - max;
        items.truncate(max);
        items.push(rest(cut));
    }
}

/// "a, b, c, d, e and 7 more": a long list in a message names its first `max` items.
pub fn join_at_most(items: &[String], max: usize) -> String {
    let mut shown = items.to_vec();
    keep_first(&mut shown, max, |n| format!("{n} more"));
    join_words(&shown)
}

/// "a, b and c"
pub fn join_words(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lists_name_their_first_items() {
        let items: Vec<String> = (1..=8).map(|i| format!("w{i}")).collect();
        assert_eq!(join_at_most(&items[..3], 5), "w1, w2 and w3");
        assert_eq!(join_at_most(&items, 5), "w1, w2, w3, w4, w5 and 3 more");
    }
}

/// A document line as a quote: without its indentation, a table's leading `|` and a list
/// marker (`- `, `* `, `+ `, `1. `), but keeping emphasis (`**Force release**: …`).
pub fn line_as_quote(line: &str) -> &str {
    let t = line.trim();
    let t = t.strip_prefix('|').map_or(t, str::trim_start);
    let digits = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let marker = match t.as_bytes().get(digits) {
        Some(b'.' | b')') if (1..=3).contains(&digits) => digits + 1,
        Some(b'-' | b'*' | b'+') if digits == 0 => 1,
        _ => 0,
    };
    match t[marker..].strip_prefix([' ', '\t']) {
        Some(rest) if marker > 0 => rest.trim_start(),
        _ => t,
    }
}

#[cfg(test)]
mod quote_tests {
    use super::line_as_quote;

    #[test]
    fn list_markers_go_and_emphasis_stays() {
        assert_eq!(
            line_as_quote("   - **Force release**: x"),
            "**Force release**: x"
        );
        assert_eq!(line_as_quote("12. `skip` - y"), "`skip` - y");
        assert_eq!(line_as_quote("| `a` | b |"), "`a` | b |");
        assert_eq!(line_as_quote("**Bold** start"), "**Bold** start");
        assert_eq!(line_as_quote("2024 was"), "2024 was");
        assert_eq!(line_as_quote("-"), "-");
    }
}
