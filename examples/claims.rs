fn main() {
    for p in std::env::args().skip(1) {
        let text = std::fs::read_to_string(&p).unwrap();
        let f = driftlint::source::SourceFile::from_text(&p, &text);
        let pats = driftlint::docs::ClaimPatterns::builtin().unwrap();
        for c in driftlint::docs::parse_doc(&f, &pats).claims {
            println!("{}:{} {:?} | {}", p, c.span.start.line, c.kind, c.text);
        }
    }
}
