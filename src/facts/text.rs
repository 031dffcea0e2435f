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
