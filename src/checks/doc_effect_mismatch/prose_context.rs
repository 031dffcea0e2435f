//! The heading and paragraph a doc line sits under, for claim readers that also look at the
//! words around a line ("The workflow publishes:" over a list of asset names).

#[derive(Default)]
pub(super) struct ProseContext {
    pub heading: String,
    pub para: String,
    /// The line before was blank (true before the first line).
    after_blank: bool,
}

impl ProseContext {
    pub fn new() -> Self {
        ProseContext {
            after_blank: true,
            ..Default::default()
        }
    }

    /// Take in a trimmed prose line. A heading or a blank line only moves the context: false,
    /// nothing else to read on it. A list keeps the paragraph that introduces it; a new
    /// paragraph starts afresh.
    pub fn enter(&mut self, t: &str) -> bool {
        if t.starts_with('#') {
            self.heading = t.to_string();
            self.para.clear();
            return false;
        }
        if t.is_empty() {
            self.after_blank = true;
            return false;
        }
        let item = t.starts_with(['-', '*', '+']) || t.starts_with(|c: char| c.is_ascii_digit());
        if self.after_blank && !item {
            self.para.clear();
        }
        self.after_blank = false;
        true
    }

    /// Add a line to the paragraph (bounded: only its start gives context).
    pub fn extend(&mut self, t: &str) {
        if self.para.len() < 400 {
            self.para.push(' ');
            self.para.push_str(t);
        }
    }
}
