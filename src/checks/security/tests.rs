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
    assert!(parse_uses("docker://alpine:3").is_none());
    assert!(parse_uses("${{ matrix.action }}").is_none());
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
