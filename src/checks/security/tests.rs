use super::*;

fn file(text: &str) -> SourceFile {
    SourceFile::from_text("w.yml", text)
}

#[test]
fn uses_references_parse() {
    let u = parse_uses("actions/checkout@v4").unwrap();
    assert_eq!(
        (u.owner, u.repo, u.path, u.git_ref),
        ("actions", "checkout", "", Some("v4"))
    );
    assert!(!u.is_pinned_to_sha());
    let u =
        parse_uses("github/codeql-action/init@0123456789abcdef0123456789abcdef01234567").unwrap();
    assert_eq!(u.action(), "github/codeql-action/init");
    assert!(u.is_pinned_to_sha());
    assert_eq!(parse_uses("owner/repo").unwrap().git_ref, None);
    assert!(parse_uses("./.github/actions/x").is_none());
    assert!(parse_uses("$/.github/workflows/build.yml").is_none());
    assert!(parse_uses("docker://alpine:3").is_none());
    assert!(parse_uses("${{ matrix.action }}").is_none());
}

/// The byte-search parser reads every `uses:` as the plain `split` one it replaced did.
#[test]
fn parse_uses_agrees_with_splitting() {
    fn by_split(raw: &str) -> Option<UsesRef<'_>> {
        let raw = raw.trim();
        if raw.starts_with("./")
            || raw.starts_with("$/")
            || raw.starts_with("docker://")
            || raw.contains("${{")
        {
            return None;
        }
        let (name, git_ref) = match raw.split_once('@') {
            Some((n, r)) => (n, Some(r)),
            None => (raw, None),
        };
        let mut parts = name.splitn(3, '/');
        let owner = parts.next()?;
        let repo = parts.next()?;
        if owner.is_empty() || repo.is_empty() {
            return None;
        }
        Some(UsesRef {
            owner,
            repo,
            path: parts.next().unwrap_or(""),
            git_ref,
        })
    }
    let cases = [
        "",
        " ",
        "a",
        "a/",
        "/b",
        "a/b",
        "a/b/",
        "a/b/c/d",
        " a/b@v1 ",
        "a/b@",
        "a/b@v1@v2",
        "a@v1/b",
        "@v1",
        "a/b/c@sha",
        "./x",
        "$/x",
        "docker://a/b",
        "a/${{ x }}",
        "$a/b",
        "a/b@$",
        "a/b@${",
        "a/b@${{",
        "ö/ä@v1",
        "a//b",
        "a/b//c",
    ];
    for raw in cases {
        assert_eq!(parse_uses(raw), by_split(raw), "{raw:?}");
    }
}

#[test]
fn is_action_agrees_with_the_lower_cased_name() {
    let uses = [
        "actions/checkout@v4",
        "Actions/Checkout@v4",
        "github/codeql-action/init@v3",
        "GitHub/CodeQL-Action/Init/Deep@v3",
        "owner/repo",
        "ö/ä@v1",
    ];
    let names = [
        "actions/checkout",
        "Actions/Checkout",
        "actions/checkout/",
        "actions/checkoutx",
        "actions/check",
        "github/codeql-action",
        "github/codeql-action/init",
        "github/codeql-action/init/deep",
        "owner/repo",
        "owner/repo/",
        "ö/ä",
        "",
    ];
    for raw in uses {
        let u = parse_uses(raw).unwrap();
        for name in names {
            assert_eq!(u.is_action(name), u.action() == name, "{raw} vs {name}");
        }
    }
}

#[test]
fn expressions_have_exact_spans_in_block_scalars() {
    let text = "jobs:\n  a:\n    steps:\n      - run: |\n          echo \"${{ github.event.issue.title }}\"\n          echo '${{ format('}}{0}', x) }}'\n";
    let f = file(text);
    let start = text.find('|').unwrap();
    let found = expressions_in(&f, f.span(start, text.len()));
    assert_eq!(found.len(), 2);
    assert_eq!(found[0].inner, "github.event.issue.title");
    assert_eq!((found[0].span.start.line, found[0].span.start.col), (5, 17));
    assert_eq!(
        &text[found[0].span.start.offset..found[0].span.end.offset],
        "${{ github.event.issue.title }}"
    );
    assert_eq!(found[1].inner, "format('}}{0}', x)");
    assert_eq!(found[1].span.start.line, 6);
}

#[test]
fn an_unclosed_expression_is_no_expression() {
    let f = file("run: echo ${{ github.head_ref");
    assert!(expressions_in(&f, f.span(0, f.text.len())).is_empty());
}

#[test]
fn truthy_values() {
    assert!(truthy("true") && truthy("'1'") && truthy(" yes"));
    assert!(!truthy("false") && !truthy("0") && !truthy(""));
}

#[test]
fn script_lines_join_continuations_and_keep_exact_spans() {
    let text = "jobs:\n  a:\n    steps:\n      - run: |\n          # a comment\n          echo one\n\n          cargo +stable \\\n            publish -p x\n          cargo `\n            publish\n";
    let f = file(text);
    let start = text.find('|').unwrap();
    let lines = script_lines(&f, f.span(start, text.len()));
    let got: Vec<(&str, u32, u32, u32)> = lines
        .iter()
        .map(|l| {
            (
                l.text.as_str(),
                l.span.start.line,
                l.span.start.col,
                l.span.end.line,
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("echo one", 6, 11, 6),
            ("cargo +stable publish -p x", 8, 11, 9),
            ("cargo publish", 10, 11, 11),
        ]
    );
    // A one-line plain value is one line at the value's own position.
    let text = "run: npm publish\n";
    let f = file(text);
    let lines = script_lines(&f, f.span(5, text.len() - 1));
    assert_eq!(lines.len(), 1);
    assert_eq!(
        (lines[0].text.as_str(), lines[0].span.start.col),
        ("npm publish", 6)
    );
}

#[test]
fn id_token_grants() {
    let yaml = |t: &str| crate::yaml::load_str("p.yml", t).unwrap().root.unwrap();
    assert!(grants_id_token(&yaml("id-token: write\ncontents: read\n")));
    assert!(grants_id_token(&yaml("write-all\n")));
    assert!(!grants_id_token(&yaml("id-token: read\n")));
    assert!(!grants_id_token(&yaml("read-all\n")));
    assert!(!grants_id_token(&yaml("{}\n")));
}
