//! The fast reader against saphyr-parser: wherever the fast reader accepts a text, the reference
//! parser must accept it too and build the identical document (values, styles, spans,
//! duplicate keys, comments).

use std::path::{Path, PathBuf};

use super::load;
use crate::source::SourceFile;
use crate::test_corpus::{corpus_dir, sample_dir};
use crate::yaml::loader::load_with_saphyr;
use crate::yaml::Document;

/// The fast reader's document for `text`, after checking it against the reference parser.
fn checked(name: &str, text: &str) -> Option<Document> {
    let file = SourceFile::from_text(name, text);
    let fast = load(&file)?;
    match load_with_saphyr(&file) {
        Ok(reference) if fast != reference => {
            let (a, b) = (outline(&fast), outline(&reference));
            let at = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
            panic!(
                "{name} differs at item {at}:\n fast:  {:?}\n saphyr: {:?}\n{text}",
                a.get(at),
                b.get(at)
            );
        }
        Ok(_) => {}
        Err(e) => panic!("{name}: the fast reader accepted what saphyr rejects ({e}):\n{text}"),
    }
    Some(fast)
}

/// The document as one line per node, comment and duplicate, to show where two differ.
fn outline(doc: &Document) -> Vec<String> {
    use crate::yaml::{Node, Value};
    let mut out = Vec::new();
    let mut stack: Vec<&Node> = doc.root.iter().collect();
    while let Some(n) = stack.pop() {
        let s = n.span;
        let at = format!(
            "{}:{}:{}-{}:{}:{}",
            s.start.offset, s.start.line, s.start.col, s.end.offset, s.end.line, s.end.col
        );
        match &n.value {
            Value::Seq(items) => {
                out.push(format!("seq {at}"));
                stack.extend(items.iter().rev());
            }
            Value::Map(entries) => {
                out.push(format!("map {at}"));
                for e in entries.iter().rev() {
                    stack.push(&e.value);
                    stack.push(&e.key);
                }
            }
            other => out.push(format!("{other:?} {at}")),
        }
    }
    out.extend(doc.comments.iter().map(|c| format!("{c:?}")));
    out.extend(doc.duplicate_keys.iter().map(|d| format!("{d:?}")));
    out.push(format!("documents {}", doc.documents));
    out
}

fn accepted(text: &str) -> bool {
    checked("case.yml", text).is_some()
}

#[test]
fn reads_the_common_workflow_shapes() {
    let cases = [
        "on: push\n",
        "name: CI\non:\n  push:\n    tags: ['v*', \"v2\"]\n    branches: [ main ]\n",
        "jobs:\n  a:\n    if: x &&\n      y\n\n      z\n    steps:\n      - run: |\n          echo 1\n\n      - name: k\n        env:\n        x: >-\n          f\n          g\n# c\nlast: \n",
        "---\na :\n  - \n  -\n  - x # c\n  - []\n  - {}\n  - {a: b, c: \"d\"}\nb: # c\nc: |\n\n   x\n    y\n  \n\nd: >\n  a\n  b\n\n  c\n",
        "steps:\n- uses: a\n  with:\n    k: 'it''s'\n- run: \"a\\\"b\\\\c\"\nnext: 1\n",
        "a: |+\n  z\n\n",
        "a: |-\n  z",
        "a: |\n  z",
        "a: >\n  x\n\n\n  y\n",
        "k: v # c\n# trailing\n",
        "é: ü\nb:\n  - ü é # c\n",
        "a:\n  b: 1\n  c:\n    - x\n    -   y\n",
        "a: \"\"\nb: ''\nc: ~\nd: null\n",
        "root:\n  key:\n    plain value\n    continued\n",
        "a: \"\\u00e9 \\x41 \\U0001F512 \\t\"\n",
        "a: |\n  x\n    \n  y\n",
        "a: |\n  x\n    \n",
        "a: >\n  x\n    \n  y\n",
        "a: >\n  x\n    y\n  z\n\n  w\n",
        "a: >\n\n  x\n  y\n",
        "a: >\n  x\n\n    y\n\n  z\n",
        "a: b\n  - c\n  \"d\" !e\n",
        "a: |\n  x\n   ",
        "a: |\n \n  x\n",
        "a:\n  - # c\n    b\n  -  # c\n",
        "'k' : v\nx: 'a' # c\ny: [ 'a' , \"b\"  ] # c\nz: {} # c\n",
    ];
    for text in cases {
        assert!(accepted(text), "declined:\n{text}");
    }
}

#[test]
fn declines_what_it_does_not_model() {
    let cases = [
        "",
        "# only a comment\n",
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        "a:\tb\n",
        "a: 1\r\nb: 2\r\n",
        "a: \"multi\n  line\"\n",
        "? complex\n: key\n",
        "a: |2\n   x\n",
        "a: 1\n---\nb: 2\n",
        "a: [x,\n  y]\n",
        "a: {b: [c]}\n",
        "- - nested\n",
        "a: \"\\x+1\"\n",
        "a: [ b -]\n",
        "a: >\n   \n  x\n",
        "\u{feff}a: 1\n",
        "a: b: c\n",
        "a:\n  - x\n  y: 1\n",
        "a: 1\n b: 2\n",
        "key: v # c\n  more\n",
    ];
    for text in cases {
        assert!(!accepted(text), "accepted:\n{text}");
    }
}

fn yaml_files(root: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(root)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| {
            p.extension()
                .is_some_and(|x| x.eq_ignore_ascii_case("yml") || x.eq_ignore_ascii_case("yaml"))
        })
        .collect();
    files.sort();
    files
}

fn read(path: &Path) -> Option<String> {
    String::from_utf8(std::fs::read(path).ok()?).ok()
}

#[test]
fn agrees_with_saphyr_on_every_corpus_and_fixture_file() {
    let mut roots = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")];
    roots.extend(corpus_dir());
    let (mut fast_bytes, mut all_bytes, mut fast_files, mut files) = (0, 0, 0, 0);
    for root in roots {
        for path in yaml_files(&root) {
            let Some(text) = read(&path) else { continue };
            files += 1;
            all_bytes += text.len();
            if checked(&path.display().to_string(), &text).is_some() {
                fast_files += 1;
                fast_bytes += text.len();
            }
        }
    }
    eprintln!("fast reader took {fast_files} of {files} files, {fast_bytes} of {all_bytes} bytes");
}

#[test]
fn takes_most_real_world_workflows() {
    let Some(corpus) = corpus_dir() else { return };
    let (mut fast_bytes, mut all_bytes) = (0usize, 0usize);
    let mut declined = Vec::new();
    for path in yaml_files(&corpus.join("realworld")) {
        let Some(text) = read(&path) else { continue };
        all_bytes += text.len();
        match super::read(&SourceFile::from_text("w.yml", &text)) {
            Ok(_) => fast_bytes += text.len(),
            Err((code, line)) => {
                declined.push(format!("{}:{line} (fast.rs:{code})", path.display()))
            }
        }
    }
    eprintln!("fast reader took {fast_bytes} of {all_bytes} bytes; declined: {declined:#?}");
    // The speed of loading rests on this share; it is not a correctness condition.
    assert!(
        fast_bytes * 100 >= all_bytes * 90,
        "fast reader took only {fast_bytes} of {all_bytes} bytes"
    );
}

/// A small deterministic generator (xorshift), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// One random edit that often breaks YAML in the ways people do: a character that matters to
/// YAML inserted or removed, a line indented differently, lines swapped or repeated.
fn mutate(text: &str, rng: &mut Rng) -> String {
    const INSERTS: [&str; 16] = [
        " ", "  ", "\n", ":", ": ", "-", "- ", "#", " #", "'", "\"", "|", ">", "[", "]", "x",
    ];
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let at = rng.below(lines.len());
    let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    let Some(line) = out.get_mut(at) else {
        return text.to_string();
    };
    let boundaries: Vec<usize> = (0..=line.len())
        .filter(|i| line.is_char_boundary(*i))
        .collect();
    let cut = boundaries
        .get(rng.below(boundaries.len()))
        .copied()
        .unwrap_or(0);
    match rng.below(6) {
        0 => line.insert_str(cut, INSERTS[rng.below(INSERTS.len())]),
        1 => {
            if let Some(c) = line.get(cut..).and_then(|r| r.chars().next()) {
                line.replace_range(cut..cut + c.len_utf8(), "");
            }
        }
        2 => line.insert_str(0, &" ".repeat(1 + rng.below(3))),
        3 => {
            let trimmed = line.trim_start_matches(' ').len();
            let spaces = line.len() - trimmed;
            line.replace_range(0..spaces.min(1 + rng.below(3)), "");
        }
        4 => {
            let other = rng.below(out.len());
            out.swap(at, other);
        }
        _ => {
            let copy = line.clone();
            out.insert(at, copy);
        }
    }
    out.concat()
}

fn mutation_rounds(root: &str, per_file: usize, file_step: usize, seed: u64) {
    let Some(corpus) = corpus_dir() else { return };
    mutation_rounds_in(&corpus.join(root), per_file, file_step, seed);
}

/// Mutations of every `file_step`-th YAML file under `root`; returns (tried, taken).
fn mutation_rounds_in(root: &Path, per_file: usize, file_step: usize, seed: u64) -> (usize, usize) {
    let mut rng = Rng(seed | 1);
    let (mut tried, mut taken) = (0, 0);
    for path in yaml_files(root).iter().step_by(file_step) {
        let Some(text) = read(path) else { continue };
        for n in 0..per_file {
            let mut mutated = mutate(&text, &mut rng);
            if n % 2 == 1 {
                mutated = mutate(&mutated, &mut rng);
            }
            tried += 1;
            if checked(&format!("{} (mutation {n})", path.display()), &mutated).is_some() {
                taken += 1;
            }
        }
    }
    eprintln!("mutations: fast reader took {taken} of {tried}");
    (tried, taken)
}

/// The vendored sample needs no outside corpus: every file and mutations of every file.
#[test]
fn agrees_with_saphyr_on_the_vendored_sample() {
    let files = yaml_files(&sample_dir());
    assert!(files.len() >= 140, "vendored sample: {} files", files.len());
    let (mut fast_bytes, mut all_bytes) = (0, 0);
    for path in &files {
        let text = read(path).unwrap_or_else(|| panic!("{} is not UTF-8", path.display()));
        all_bytes += text.len();
        if checked(&path.display().to_string(), &text).is_some() {
            fast_bytes += text.len();
        }
    }
    // The fast reader must take most of them, or the equivalence says little.
    assert!(
        fast_bytes * 100 >= all_bytes * 90,
        "fast reader took only {fast_bytes} of {all_bytes} bytes"
    );
    let (tried, taken) = mutation_rounds_in(&sample_dir(), 4, 1, 0x5DEE_CE66_D1CE_4E5B);
    assert_eq!(tried, files.len() * 4);
    assert!(
        taken * 4 >= tried,
        "fast reader took {taken} of {tried} mutations"
    );
}

#[test]
fn agrees_with_saphyr_on_mutated_workflows() {
    mutation_rounds("realworld", 8, 3, 0x9E37_79B9_7F4A_7C15);
}

/// The long run: `FAST_SEED=N cargo test --release mutated_workflows_long -- --ignored`.
#[test]
#[ignore]
fn agrees_with_saphyr_on_mutated_workflows_long() {
    let seed = std::env::var("FAST_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x2545_F491_4F6C_DD1D);
    // Every YAML file of the corpus: real workflows and the peers' test data.
    mutation_rounds("", 200, 1, seed);
}
