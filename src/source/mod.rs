//! Discovering and reading the files driftlint looks at.
//!
//! A [`SourceFile`] is a path (as the user would type it), its text, and a line index so any
//! byte offset can be turned into a 1-based line and column (columns count characters).

mod discover;

pub use discover::{discover, Discovered, RepoFiles};

use std::path::{Path, PathBuf};

/// Largest file we read. Bigger files are reported, not loaded.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// A position in a file: byte offset plus 1-based line and 1-based column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Pos {
    pub offset: usize,
    pub line: u32,
    pub col: u32,
}

/// A half-open range `[start, end)` in one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub start: Pos,
    pub end: Pos,
}

impl Span {
    pub fn new(start: Pos, end: Pos) -> Self {
        Span { start, end }
    }
    pub fn line(&self) -> u32 {
        self.start.line
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Workflow,
    Doc,
    Other,
}

/// One loaded file.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path as shown to the user: relative to the current directory when possible, with `/`.
    pub path: String,
    /// Path relative to the repository root, with `/` (e.g. `.github/workflows/release.yml`).
    pub rel: String,
    pub abs: PathBuf,
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    pub fn new(
        path: impl Into<String>,
        rel: impl Into<String>,
        abs: PathBuf,
        text: String,
    ) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        SourceFile {
            path: path.into(),
            rel: rel.into(),
            abs,
            text,
            line_starts,
        }
    }

    /// A file made from a string, for tests and stdin.
    pub fn from_text(path: &str, text: &str) -> Self {
        SourceFile::new(path, path, PathBuf::from(path), text.to_string())
    }

    /// File name without directories.
    pub fn file_name(&self) -> &str {
        self.rel.rsplit('/').next().unwrap_or(&self.rel)
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Byte offset of the start of a 1-based line (clamped to the text).
    pub fn line_start(&self, line: u32) -> usize {
        let idx = (line.max(1) as usize) - 1;
        self.line_starts
            .get(idx)
            .copied()
            .unwrap_or(self.text.len())
    }

    /// The 1-based line holding a byte offset (offsets past the end give the last line).
    pub fn line_at(&self, offset: usize) -> u32 {
        let idx = self.line_starts.partition_point(|start| *start <= offset);
        idx.max(1) as u32
    }

    /// Text of a 1-based line without its line ending.
    pub fn line_text(&self, line: u32) -> &str {
        let start = self.line_start(line);
        let end = self
            .line_starts
            .get(line.max(1) as usize)
            .copied()
            .unwrap_or(self.text.len());
        let s = self.text.get(start..end).unwrap_or("");
        s.trim_end_matches(['\n', '\r'])
    }

    /// Position of a byte offset (clamped; snapped back to a char boundary).
    pub fn pos(&self, offset: usize) -> Pos {
        let mut offset = offset.min(self.text.len());
        while offset > 0 && !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line_idx = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line_idx];
        let col = self.text[start..offset].chars().count() + 1;
        Pos {
            offset,
            line: line_idx as u32 + 1,
            col: col as u32,
        }
    }

    /// Position from a 1-based line and 0-based character column (what saphyr reports).
    pub fn pos_at_line_char(&self, line: u32, char_col: usize) -> Pos {
        let start = self.line_start(line);
        let rest = self.text.get(start..).unwrap_or("");
        let mut offset = start;
        for (n, (i, c)) in rest.char_indices().enumerate() {
            if n == char_col || c == '\n' {
                offset = start + i;
                break;
            }
            offset = start + i + c.len_utf8();
        }
        Pos {
            offset,
            line: line.max(1),
            col: char_col as u32 + 1,
        }
    }

    /// Span covering a byte range.
    pub fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.pos(start), self.pos(end.max(start)))
    }

    /// Span covering a whole 1-based line (without the line ending).
    pub fn line_span(&self, line: u32) -> Span {
        let start = self.line_start(line);
        self.span(start, start + self.line_text(line).len())
    }
}

/// Turn a path into the form shown to users: relative to `base` if below it, `/` separators.
pub fn display_path(path: &Path, base: &Path) -> String {
    let shown = path.strip_prefix(base).unwrap_or(path);
    let s = shown.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

/// Errors reading a file. Decoding problems name the line.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum ReadError {
    #[error("cannot read file: {0}")]
    Io(String),
    #[error("file is {0} bytes, larger than the {MAX_FILE_BYTES}-byte limit")]
    TooLarge(u64),
    #[error("invalid UTF-8 at line {line}, column {col}")]
    InvalidUtf8 { line: u32, col: u32 },
    #[error("NUL byte at line {line}, column {col}: not a text file")]
    NulByte { line: u32, col: u32 },
}

impl ReadError {
    /// The 1-based line the error is at, when known.
    pub fn line(&self) -> u32 {
        match self {
            ReadError::InvalidUtf8 { line, .. } | ReadError::NulByte { line, .. } => *line,
            _ => 1,
        }
    }
}

/// Decode bytes as UTF-8 text: strips a BOM, rejects NUL and invalid UTF-8 with a line number.
/// CRLF is kept; the YAML and markdown layers handle it.
pub fn decode(bytes: &[u8]) -> Result<String, ReadError> {
    decode_owned(bytes.to_vec())
}

/// [`decode`] taking the bytes by value, so valid text is not copied.
fn decode_owned(mut bytes: Vec<u8>) -> Result<String, ReadError> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    let line_col = |bytes: &[u8], upto: usize| {
        let before = bytes.get(..upto).unwrap_or(bytes);
        let line = before.iter().filter(|b| **b == b'\n').count() as u32 + 1;
        let line_start = before
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |p| p + 1);
        let col = String::from_utf8_lossy(before.get(line_start..).unwrap_or_default())
            .chars()
            .count() as u32
            + 1;
        (line, col)
    };
    // `contains` is a fast byte search; the position is only needed for the error.
    if bytes.contains(&0) {
        if let Some(p) = bytes.iter().position(|b| *b == 0) {
            let (line, col) = line_col(&bytes, p);
            return Err(ReadError::NulByte { line, col });
        }
    }
    String::from_utf8(bytes).map_err(|e| {
        let upto = e.utf8_error().valid_up_to();
        let (line, col) = line_col(e.as_bytes(), upto);
        ReadError::InvalidUtf8 { line, col }
    })
}

/// Read and decode one file with the size limit.
pub fn read_text(path: &Path) -> Result<String, ReadError> {
    use std::io::Read;
    let io = |e: std::io::Error| ReadError::Io(e.to_string());
    // One open file for the size check and the read: the path is resolved once.
    let file = std::fs::File::open(path).map_err(io)?;
    let len = file.metadata().map_err(io)?.len();
    if len > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge(len));
    }
    let mut bytes = Vec::with_capacity(len as usize + 1);
    // A file that grew since the size check is still cut at the limit.
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge(bytes.len() as u64));
    }
    decode_owned(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters() {
        let f = SourceFile::from_text("a.yml", "ab\néé: x\n");
        assert_eq!(
            f.pos(0),
            Pos {
                offset: 0,
                line: 1,
                col: 1
            }
        );
        assert_eq!(
            f.pos(3),
            Pos {
                offset: 3,
                line: 2,
                col: 1
            }
        );
        // 'é' is two bytes: offset 7 is after "éé"
        assert_eq!(
            f.pos(7),
            Pos {
                offset: 7,
                line: 2,
                col: 3
            }
        );
        assert_eq!(f.line_text(2), "éé: x");
        let lines: Vec<u32> = [0, 2, 3, 7, 10, 11, 99].map(|o| f.line_at(o)).to_vec();
        assert_eq!(lines, vec![1, 1, 2, 2, 2, 3, 3]);
        assert_eq!(f.pos_at_line_char(2, 2).offset, 7);
    }

    #[test]
    fn decode_reports_line_of_bad_bytes() {
        assert_eq!(decode(b"\xEF\xBB\xBFa: 1").as_deref(), Ok("a: 1"));
        assert_eq!(
            decode(b"a: 1\nb: \xff\n"),
            Err(ReadError::InvalidUtf8 { line: 2, col: 4 })
        );
        assert_eq!(
            decode(b"a\n\nx\0"),
            Err(ReadError::NulByte { line: 3, col: 2 })
        );
    }
}
