use super::*;
use std::collections::BTreeMap;

fn s(text: &str) -> Value {
    Value::String(text.to_string())
}

fn n(number: f64) -> Value {
    Value::Number(number)
}

fn obj(pairs: &[(&str, Value)]) -> BTreeMap<String, Value> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_string(), v.clone()))
        .collect()
}

/// A push to main, with a pull request payload for the filter tests. `matrix`, `needs`,
/// `steps` and `vars` are unknown; `inputs` is only partly known.
fn push_ctx() -> Context {
    let labels = Value::Array(vec![
        Value::Object(obj(&[("name", s("bug"))])),
        Value::Object(obj(&[("name", s("Deploy"))])),
        Value::Object(obj(&[("id", n(3.0))])),
    ]);
    Context::new()
        .with("github.event_name", s("push"))
        .with("github.ref", s("refs/heads/main"))
        .with("github.ref_name", s("main"))
        .with(
            "github.event",
            Value::Object(obj(&[
                ("pull_request", Value::Object(obj(&[("labels", labels)]))),
                (
                    "commits",
                    Value::Array(vec![Value::Object(obj(&[("message", s("fix: x"))]))]),
                ),
                ("Forced", Value::Bool(false)),
            ])),
        )
        .with("inputs.environment", s("staging"))
}

fn eval_src(src: &str, ctx: &Context) -> Eval {
    let expr = parse(src).unwrap_or_else(|e| panic!("{src}: {e}"));
    eval(&expr, ctx)
}

/// Run a table of (expression, expected result) against one context.
fn check_evals(ctx: &Context, cases: &[(&str, Eval)]) {
    let mut failures = Vec::new();
    for (src, expected) in cases {
        let got = eval_src(src, ctx);
        if got != *expected {
            failures.push(format!("{src}: expected {expected:?}, got {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

fn known(v: Value) -> Eval {
    Eval::Known(v)
}

fn b(v: bool) -> Eval {
    Eval::Known(Value::Bool(v))
}

#[test]
fn literals() {
    check_evals(
        &Context::new(),
        &[
            ("null", known(Value::Null)),
            ("true", b(true)),
            ("false", b(false)),
            ("42", known(n(42.0))),
            ("-2", known(n(-2.0))),
            ("1.5", known(n(1.5))),
            (".5", known(n(0.5))),
            ("0x1F", known(n(31.0))),
            ("0o17", known(n(15.0))),
            ("0b101", known(n(5.0))),
            ("1e3", known(n(1000.0))),
            ("2.5E-1", known(n(0.25))),
            ("-Infinity", known(n(f64::NEG_INFINITY))),
            ("'it''s'", known(s("it's"))),
            ("''", known(s(""))),
            ("'}}'", known(s("}}"))),
            ("'é ${{'", known(s("é ${{"))),
        ],
    );
    assert!(
        matches!(eval_src("NaN", &Context::new()), Eval::Known(Value::Number(x)) if x.is_nan())
    );
}

#[test]
fn display_and_number_coercion() {
    let display = [
        (Value::Null, ""),
        (Value::Bool(true), "true"),
        (Value::Bool(false), "false"),
        (n(1.0), "1"),
        (n(-0.0), "0"),
        (n(1.5), "1.5"),
        (n(-3.0), "-3"),
        (n(1e21), "1000000000000000000000"),
        (n(f64::NAN), "NaN"),
        (n(f64::INFINITY), "Infinity"),
        (s("x"), "x"),
        (Value::Array(vec![]), "Array"),
        (Value::Object(BTreeMap::new()), "Object"),
    ];
    for (value, expected) in display {
        assert_eq!(value.to_display_string(), expected, "{value:?}");
    }
    let numbers = [
        (Value::Null, 0.0),
        (Value::Bool(true), 1.0),
        (Value::Bool(false), 0.0),
        (s(""), 0.0),
        (s("  "), 0.0),
        (s(" 12 "), 12.0),
        (s("0x10"), 16.0),
        (s("-1.5e1"), -15.0),
        (s("Infinity"), f64::INFINITY),
    ];
    for (value, expected) in numbers {
        assert_eq!(value.to_number(), expected, "{value:?}");
    }
    for text in ["abc", "inf", "nan", "1x", "--1", "e5", "0x", "1,0"] {
        assert!(s(text).to_number().is_nan(), "{text}");
    }
    assert!(Value::Array(vec![]).to_number().is_nan());
}

#[test]
fn falsy_values() {
    let cases: &[(&str, bool)] = &[
        ("false", false),
        ("0", false),
        ("-0", false),
        ("''", false),
        ("null", false),
        ("NaN", false),
        ("true", true),
        ("1", true),
        ("-1", true),
        ("'0'", true),
        ("'false'", true),
        ("' '", true),
        ("fromJSON('[]')", true),
        ("fromJSON('{}')", true),
    ];
    for (src, truthy) in cases {
        let value = eval_src(src, &Context::new());
        assert_eq!(value.known().map(Value::truthy), Some(*truthy), "{src}");
        // `!` agrees with truthiness.
        assert_eq!(
            eval_src(&format!("!{src}"), &Context::new()),
            b(!truthy),
            "!{src}"
        );
    }
}

#[test]
fn precedence() {
    check_evals(
        &Context::new(),
        &[
            // `&&` binds tighter than `||`.
            ("true || false && false", b(true)),
            ("false && true || true", b(true)),
            ("(true || false) && false", b(false)),
            // `!` binds tighter than `==`.
            ("!true == false", b(true)),
            ("!(true == false)", b(true)),
            // Comparison binds tighter than equality.
            ("1 < 2 == true", b(true)),
            ("2 > 1 != false", b(true)),
            // Equality binds tighter than `&&`.
            ("1 == 1 && 2 == 3", b(false)),
            ("'a' == 'A' && 'x' || 'y'", known(s("x"))),
            // Left associativity.
            ("1 == 1 == true", b(true)),
            ("1 || 2 || 3", known(n(1.0))),
            ("1 && 2 && 3", known(n(3.0))),
            // Postfix binds tightest.
            ("!fromJSON('{\"a\":false}').a", b(true)),
        ],
    );
    let tree = parse("a || b && c").expect("parses");
    assert!(
        matches!(&tree.kind, ExprKind::Or(_, right) if matches!(right.kind, ExprKind::And(..)))
    );
    let tree = parse("!a == b").expect("parses");
    assert!(
        matches!(&tree.kind, ExprKind::Compare(CmpOp::Eq, left, _) if matches!(left.kind, ExprKind::Not(_)))
    );
}

#[test]
fn and_or_return_operands() {
    let cond = "inputs.flag";
    let cases: &[(Option<Value>, Eval)] = &[
        (Some(Value::Bool(true)), known(s("x"))),
        (Some(Value::Bool(false)), known(s("y"))),
        (Some(s("yes")), known(s("x"))),
        (Some(n(0.0)), known(s("y"))),
        (None, Eval::Unknown),
    ];
    for (flag, expected) in cases {
        let ctx = match flag {
            Some(v) => Context::new().with(cond, v.clone()),
            None => Context::new(),
        };
        assert_eq!(
            eval_src("inputs.flag && 'x' || 'y'", &ctx),
            *expected,
            "{flag:?}"
        );
    }
    check_evals(
        &Context::new(),
        &[
            // A falsy middle operand makes the idiom pick the fallback.
            ("true && '' || 'y'", known(s("y"))),
            ("0 && 'x'", known(n(0.0))),
            ("'' || null", known(Value::Null)),
            ("'a' || 'b'", known(s("a"))),
            ("null && x.y", known(Value::Null)),
        ],
    );
}

#[test]
fn loose_equality_and_ordering() {
    check_evals(
        &Context::new(),
        &[
            ("'1' == 1", b(true)),
            ("null == 0", b(true)),
            ("null == null", b(true)),
            ("null == ''", b(true)),
            ("null == false", b(true)),
            ("'ABC' == 'abc'", b(true)),
            ("'ABC' != 'abc'", b(false)),
            ("'' == 0", b(true)),
            ("' 1 ' == 1", b(true)),
            ("'0x10' == 16", b(true)),
            ("false == 0", b(true)),
            ("true == 1", b(true)),
            ("true == '1'", b(true)),
            ("true == 'true'", b(false)),
            ("'abc' == 0", b(false)),
            ("NaN == NaN", b(false)),
            ("NaN != NaN", b(true)),
            ("'a' == 'b'", b(false)),
            ("fromJSON('[1]') == 1", b(false)),
            ("fromJSON('{}') == 'Object'", b(false)),
            ("1 < 2", b(true)),
            ("2 <= 2", b(true)),
            ("3 > 2", b(true)),
            ("2 >= 3", b(false)),
            ("'a' < 'B'", b(true)),
            ("'b' > 'A'", b(true)),
            ("'A' <= 'a'", b(true)),
            ("null < 1", b(true)),
            ("'10' > 9", b(true)),
            ("'abc' < 1", b(false)),
            ("'abc' >= 1", b(false)),
            ("NaN < 1", b(false)),
            ("fromJSON('[]') < 1", b(false)),
        ],
    );
}

#[test]
fn functions() {
    let pretty = "{\n  \"a\": [\n    1,\n    true\n  ]\n}";
    check_evals(
        &push_ctx(),
        &[
            ("startsWith('Hello', 'he')", b(true)),
            ("startsWith('Hello', 'lo')", b(false)),
            ("STARTSWITH(github.ref, 'REFS/heads/')", b(true)),
            ("endsWith('file.YML', '.yml')", b(true)),
            ("endsWith(github.ref, '/main')", b(true)),
            ("contains('abc', 'B')", b(true)),
            ("contains('abc', 'd')", b(false)),
            ("contains(fromJSON('[\"a\",\"b\"]'), 'B')", b(true)),
            ("contains(fromJSON('[1,2]'), '2')", b(true)),
            ("contains(fromJSON('[\"ab\"]'), 'a')", b(false)),
            (
                "contains(github.event.pull_request.labels.*.name, 'deploy')",
                b(true),
            ),
            (
                "contains(github.event.pull_request.labels.*.name, 'docs')",
                b(false),
            ),
            ("format('{0}-{1}', 'a', 1)", known(s("a-1"))),
            ("format('{{0}} {0}', 'x')", known(s("{0} x"))),
            ("format('{0}{0}}}', true)", known(s("truetrue}"))),
            ("format('plain')", known(s("plain"))),
            ("format('{1}', 'x')", Eval::Unknown),
            ("format('{', 'x')", Eval::Unknown),
            ("format('}', 'x')", Eval::Unknown),
            ("format('{a}', 'x')", Eval::Unknown),
            ("join(fromJSON('[\"a\",\"b\"]'))", known(s("a,b"))),
            ("join(fromJSON('[\"a\",1,null]'), ' ')", known(s("a 1 "))),
            ("join('x', '-')", known(s("x"))),
            (
                "join(github.event.pull_request.labels.*.name, '+')",
                known(s("bug+Deploy")),
            ),
            ("toJSON(fromJSON('{\"a\":[1,true]}'))", known(s(pretty))),
            ("toJSON('x')", known(s("\"x\""))),
            ("toJSON(1.5)", known(s("1.5"))),
            ("toJSON(null)", known(s("null"))),
            ("fromJSON('{\"a\":1}').a", known(n(1.0))),
            ("fromJSON('[10,20]')[1]", known(n(20.0))),
            ("fromJSON('true')", b(true)),
            ("fromJSON('not json')", Eval::Unknown),
            ("fromJSON('')", Eval::Unknown),
            ("hashFiles('**/package-lock.json')", Eval::Unknown),
            ("success()", b(true)),
            ("always()", b(true)),
            ("failure()", b(false)),
            ("cancelled()", b(false)),
            ("case(true, 'a', 'b')", known(s("a"))),
            ("case(false, 'a', 'b')", known(s("b"))),
            ("case(false, 'a', true, 'b', 'c')", known(s("b"))),
            ("case(false, 'a', false, 'b', 'c')", known(s("c"))),
            ("case(1 == 2, 'eq', 'ne')", known(s("ne"))),
            (
                "CASE(github.ref == 'refs/heads/main', 'main', 'other')",
                known(s("main")),
            ),
            // Predicates must be booleans.
            ("case('yes', 'a', 'b')", Eval::Unknown),
            ("case(matrix.x, 'a', 'b')", Eval::Unknown),
            // Arguments are evaluated lazily.
            ("case(true, 'a', matrix.x)", known(s("a"))),
            ("case(false, matrix.x, 'b')", known(s("b"))),
        ],
    );
}

#[test]
fn status_functions_follow_the_job_status() {
    let cases: &[(JobStatus, [Eval; 4])] = &[
        (JobStatus::Success, [b(true), b(false), b(false), b(true)]),
        (JobStatus::Failure, [b(false), b(true), b(false), b(true)]),
        (JobStatus::Cancelled, [b(false), b(false), b(true), b(true)]),
        (
            JobStatus::Unknown,
            [Eval::Unknown, Eval::Unknown, Eval::Unknown, b(true)],
        ),
    ];
    for (status, expected) in cases {
        let ctx = Context::new().with_status(*status);
        for (src, want) in ["success()", "failure()", "cancelled()", "always()"]
            .iter()
            .zip(expected)
        {
            assert_eq!(eval_src(src, &ctx), *want, "{src} with {status:?}");
        }
    }
}

#[test]
fn context_lookup() {
    check_evals(
        &push_ctx(),
        &[
            ("github.ref == 'refs/heads/main'", b(true)),
            ("GitHub.REF", known(s("refs/heads/main"))),
            ("github['ref']", known(s("refs/heads/main"))),
            ("github['REF_NAME']", known(s("main"))),
            ("github.event.commits[0].message", known(s("fix: x"))),
            ("github.event.commits[0]['message']", known(s("fix: x"))),
            ("github.event.commits[5]", known(Value::Null)),
            ("github.event.commits[-1]", known(Value::Null)),
            ("github.event.forced", b(false)),
            // A complete object: a missing property is null.
            ("github.event.head_commit", known(Value::Null)),
            ("github.event.head_commit.id", known(Value::Null)),
            ("github.ref.foo", known(Value::Null)),
            // Partly known objects: siblings of what was given are unknown.
            ("github.sha", Eval::Unknown),
            ("github", Eval::Unknown),
            ("inputs.environment", known(s("staging"))),
            ("inputs.other", Eval::Unknown),
            ("matrix.os", Eval::Unknown),
            ("needs.build.outputs.version", Eval::Unknown),
            ("github[matrix.key]", Eval::Unknown),
            ("github.event.pull_request.labels.*.name", {
                known(Value::Array(vec![s("bug"), s("Deploy")]))
            }),
            (
                "github.event.pull_request.labels[*].id",
                known(Value::Array(vec![n(3.0)])),
            ),
            ("github.event.pull_request.*.*.name", {
                known(Value::Array(vec![s("bug"), s("Deploy")]))
            }),
            ("github.event.forced.*", known(Value::Array(vec![]))),
            ("matrix.*.name", Eval::Unknown),
        ],
    );
    // `with_object` makes the whole object known.
    let ctx = Context::new().with_object("inputs", obj(&[("Environment", s("prod"))]));
    check_evals(
        &ctx,
        &[
            ("inputs.environment", known(s("prod"))),
            ("inputs.dry-run", known(Value::Null)),
            ("inputs.dry-run || 'default'", known(s("default"))),
        ],
    );
    // Setting a path inside a complete object keeps the object complete.
    let ctx = ctx.with("inputs.region.name", s("eu"));
    check_evals(
        &ctx,
        &[
            ("inputs.region.name", known(s("eu"))),
            ("inputs.environment", known(s("prod"))),
            ("inputs.other", known(Value::Null)),
        ],
    );
    // Setting below a scalar replaces it with a partly known object.
    let ctx = Context::new()
        .with("vars.x", s("1"))
        .with("vars.x.y", s("2"));
    check_evals(
        &ctx,
        &[("vars.x.y", known(s("2"))), ("vars.x.z", Eval::Unknown)],
    );
}

#[test]
fn unknown_propagates_and_short_circuits_are_exact() {
    let ctx = Context::new().with("github.ref", s("refs/heads/main"));
    check_evals(
        &ctx,
        &[
            ("false && matrix.x", b(false)),
            ("true || matrix.x", b(true)),
            ("'' && matrix.x", known(s(""))),
            ("'a' || matrix.x", known(s("a"))),
            ("github.ref == 'refs/heads/dev' && matrix.x", b(false)),
            ("true && matrix.x", Eval::Unknown),
            ("0 || matrix.x", Eval::Unknown),
            ("matrix.x && false", Eval::Unknown),
            ("matrix.x || true", Eval::Unknown),
            ("matrix.x == 'a'", Eval::Unknown),
            ("!matrix.x", Eval::Unknown),
            ("startsWith(matrix.x, 'a')", Eval::Unknown),
            ("format('{0}', matrix.x)", Eval::Unknown),
            ("fromJSON(matrix.x).a", Eval::Unknown),
        ],
    );
    // Truthiness is sharper than the value for `&&`, `||` and `!`.
    let cases: &[(&str, Tri)] = &[
        ("matrix.x && false", Tri::False),
        ("matrix.x || true", Tri::True),
        ("!(matrix.x && false)", Tri::True),
        ("matrix.x && true", Tri::Unknown),
        ("matrix.x || false", Tri::Unknown),
        (
            "matrix.x == 'a' && github.ref == 'refs/heads/dev'",
            Tri::False,
        ),
        ("false && matrix.x", Tri::False),
        ("matrix.x", Tri::Unknown),
    ];
    for (src, expected) in cases {
        let expr = parse(src).expect("parses");
        assert_eq!(truthiness(&expr, &ctx), *expected, "{src}");
    }
}

#[test]
fn conditions() {
    let main = Context::new().with("github.ref", s("refs/heads/main"));
    let failed = main.clone().with_status(JobStatus::Failure);
    let cancelled = main.clone().with_status(JobStatus::Cancelled);
    let status_unknown = main.clone().with_status(JobStatus::Unknown);
    let cases: &[(&str, &Context, Tri)] = &[
        ("github.ref == 'refs/heads/main'", &main, Tri::True),
        ("github.ref == 'refs/heads/dev'", &main, Tri::False),
        ("${{ github.ref == 'refs/heads/main' }}", &main, Tri::True),
        (
            "  ${{ github.ref == 'refs/heads/dev' }}  ",
            &main,
            Tri::False,
        ),
        ("${{github.ref=='refs/heads/main'}}", &main, Tri::True),
        // Implicit `success() &&`.
        ("github.ref == 'refs/heads/main'", &failed, Tri::False),
        ("true", &failed, Tri::False),
        ("matrix.os == 'linux'", &main, Tri::Unknown),
        ("matrix.os == 'linux'", &failed, Tri::False),
        (
            "github.ref == 'refs/heads/main'",
            &status_unknown,
            Tri::Unknown,
        ),
        (
            "github.ref == 'refs/heads/dev'",
            &status_unknown,
            Tri::False,
        ),
        // Status functions switch the implicit `success()` off.
        ("always()", &failed, Tri::True),
        ("always()", &status_unknown, Tri::True),
        (
            "${{ always() && github.ref == 'refs/heads/main' }}",
            &failed,
            Tri::True,
        ),
        ("!cancelled()", &failed, Tri::True),
        ("${{ !cancelled() }}", &cancelled, Tri::False),
        ("failure()", &failed, Tri::True),
        ("failure()", &main, Tri::False),
        ("success() || failure()", &failed, Tri::True),
        ("cancelled() || matrix.x", &main, Tri::Unknown),
        // Text around `${{ }}` makes a non-empty string: always true (after success()).
        ("${{ false }} || false", &main, Tri::True),
        ("${{ false }} || false", &failed, Tri::False),
        ("${{ always() }} && x", &failed, Tri::True),
        ("${{ github.ref }}", &main, Tri::True),
        ("${{ '' }}${{ null }}", &main, Tri::False),
        ("${{ matrix.x }}${{ '' }}", &main, Tri::Unknown),
    ];
    for (raw, ctx, expected) in cases {
        assert_eq!(eval_condition(raw, ctx), Ok(*expected), "{raw}");
    }
}

#[test]
fn condition_parse_errors_point_into_the_raw_value() {
    let cases: &[(&str, usize)] = &[
        ("github.ref = 'x'", 11),
        ("${{ github.ref == }}", 18),
        ("  github.ref ==", 15),
        ("${{ github.ref", 0),
        ("ok ${{ 'x }}", 3),
        ("", 0),
    ];
    for (raw, offset) in cases {
        match eval_condition(raw, &Context::new()) {
            Err(e) => assert_eq!(e.offset, *offset, "{raw}: {e}"),
            Ok(t) => panic!("{raw} should fail, got {t:?}"),
        }
    }
    match parse_condition("  ${{ a && b }}") {
        Ok(Condition::Expr(expr)) => assert_eq!(expr.offset, 6),
        other => panic!("expected one expression, got {other:?}"),
    }
    match parse_condition("${{ a }} && ${{ b }}") {
        Ok(Condition::Template(parts)) => assert_eq!(parts.len(), 3),
        other => panic!("expected a template, got {other:?}"),
    }
}

#[test]
fn templates() {
    let prod = Context::new()
        .with("inputs.env", s("prod"))
        .with("github.ref", s("refs/heads/main"));
    let cases: &[(&str, Eval)] = &[
        ("deploy-${{ inputs.env }}", known(s("deploy-prod"))),
        ("deploy-${{ inputs.other }}", Eval::Unknown),
        (
            "${{ github.ref == 'refs/heads/main' && 'staging' || 'dev' }}",
            known(s("staging")),
        ),
        ("production", known(s("production"))),
        ("", known(s(""))),
        ("a ${{ '}}' }} b", known(s("a }} b"))),
        ("${{ 1 }}${{ true }}${{ null }}", known(s("1true"))),
        ("${{ 'it''s' }}", known(s("it's"))),
        ("$ {{ x }}", known(s("$ {{ x }}"))),
    ];
    for (raw, expected) in cases {
        assert_eq!(eval_template(raw, &prod).as_ref(), Ok(expected), "{raw}");
    }
    let errors: &[(&str, usize)] = &[("x ${{ a", 2), ("é ${{ a == }}", 11), ("${{ }}", 3)];
    for (raw, offset) in errors {
        let err = eval_template(raw, &prod).expect_err("invalid");
        assert_eq!(err.offset, *offset, "{raw}: {err}");
    }
    let parts = parse_template("é-${{ a.b }}-x").expect("parses");
    assert_eq!(parts.len(), 3);
    assert_eq!(parts.first(), Some(&TemplatePart::Text("é-".to_string())));
    match parts.get(1) {
        Some(TemplatePart::Expr(expr)) => assert_eq!(expr.offset, 6),
        other => panic!("expected an expression, got {other:?}"),
    }
}

#[test]
fn possible_values_enumerate_unknown_conditions() {
    let empty = Context::new();
    let main = Context::new().with("github.ref", s("refs/heads/main"));
    let strings = |v: &[&str]| Some(v.iter().map(|x| s(x)).collect::<Vec<_>>());
    let bools = Some(vec![Value::Bool(true), Value::Bool(false)]);
    let cases: &[(&str, &Context, Option<Vec<Value>>)] = &[
        (
            "github.ref == 'refs/heads/main' && 'staging' || 'dev'",
            &empty,
            strings(&["staging", "dev"]),
        ),
        (
            "github.ref == 'refs/heads/main' && 'staging' || 'dev'",
            &main,
            strings(&["staging"]),
        ),
        ("inputs.environment", &empty, None),
        ("inputs.environment || 'staging'", &empty, None),
        ("inputs.environment && 'x'", &empty, None),
        ("format('deploy-{0}', matrix.env)", &empty, None),
        ("'fixed'", &empty, strings(&["fixed"])),
        (
            "startsWith(github.ref, 'refs/tags/') && 'production' || (github.ref == 'refs/heads/main' && 'staging' || 'dev')",
            &empty,
            strings(&["production", "staging", "dev"]),
        ),
        ("matrix.c && '' || 'y'", &empty, strings(&["y"])),
        ("!matrix.x", &empty, bools.clone()),
        ("matrix.x == 1", &empty, bools.clone()),
        ("contains(matrix.list, 'a')", &empty, bools.clone()),
        ("!(matrix.x || true)", &empty, Some(vec![Value::Bool(false)])),
        (
            "contains(fromJSON('[\"a\",\"b\"]'), matrix.x) && 'in' || 'out'",
            &empty,
            strings(&["in", "out"]),
        ),
        (
            "format('{0}-x', github.ref == 'a' && 'p' || 'q')",
            &empty,
            strings(&["p-x", "q-x"]),
        ),
        (
            "(matrix.a && 'x' || 'y') == 'X'",
            &empty,
            bools.clone(),
        ),
        ("matrix.a && 'same' || 'same'", &empty, strings(&["same"])),
        ("hashFiles('x')", &empty, None),
        (
            "case(github.ref == 'refs/heads/main', 'staging', startsWith(github.ref, 'refs/tags/'), 'production', 'dev')",
            &empty,
            strings(&["staging", "production", "dev"]),
        ),
        (
            "case(github.ref == 'refs/heads/main', 'staging', startsWith(github.ref, 'refs/tags/'), 'production', 'dev')",
            &main,
            strings(&["staging"]),
        ),
        ("case(true, 'a', matrix.x)", &empty, strings(&["a"])),
        ("case(matrix.p, 'a', matrix.x)", &empty, None),
        ("case('yes', 'a', 'b')", &empty, None),
        ("success() && 'ok' || 'failed'", &empty, strings(&["ok"])),
        (
            "success() && 'ok' || 'failed'",
            &Context::new().with_status(JobStatus::Unknown),
            strings(&["ok", "failed"]),
        ),
    ];
    for (src, ctx, expected) in cases {
        let expr = parse(src).expect("parses");
        assert_eq!(possible_values(&expr, ctx), *expected, "{src}");
    }
}

#[test]
fn possible_template_values_combine_parts() {
    let empty = Context::new();
    let owned = |v: &[&str]| Some(v.iter().map(|x| x.to_string()).collect::<Vec<_>>());
    let cases: &[(&str, Option<Vec<String>>)] = &[
        (
            "deploy-${{ inputs.prod && 'prod' || 'dev' }}",
            owned(&["deploy-prod", "deploy-dev"]),
        ),
        ("${{ inputs.env }}", None),
        ("static", owned(&["static"])),
        (
            "${{ matrix.a && 'a' || 'b' }}-${{ matrix.c && 1 || 2 }}",
            owned(&["a-1", "a-2", "b-1", "b-2"]),
        ),
        // 2^7 = 128 combinations is past the cap.
        (
            "${{ a.a && '1' || '2' }}${{ a.b && '1' || '2' }}${{ a.c && '1' || '2' }}${{ a.d && '1' || '2' }}${{ a.e && '1' || '2' }}${{ a.f && '1' || '2' }}${{ a.g && '1' || '2' }}",
            None,
        ),
    ];
    for (raw, expected) in cases {
        assert_eq!(
            possible_template_values(raw, &empty),
            Ok(expected.clone()),
            "{raw}"
        );
    }
    assert!(possible_template_values("${{ a", &empty).is_err());
}

#[test]
fn context_paths_are_sorted_and_deduplicated() {
    let cases: &[(&str, &[&str])] = &[
        (
            "github.ref == 'x' && inputs.environment || github.ref",
            &["github.ref", "inputs.environment"],
        ),
        ("needs.build.outputs.x", &["needs.build.outputs.x"]),
        ("a['b']", &["a.b"]),
        ("a.b[0]", &["a.b.0"]),
        (
            "github.event.inputs[matrix.key]",
            &["github.event.inputs", "matrix.key"],
        ),
        (
            "contains(github.event.pull_request.labels.*.name, 'x')",
            &["github.event.pull_request.labels.*.name"],
        ),
        (
            "fromJSON(steps.meta.outputs.json).tags[0]",
            &["steps.meta.outputs.json"],
        ),
        ("success() && 'x'", &[]),
        ("a['b'][2].c.*.d", &["a.b.2.c.*.d"]),
        ("(a || b.c).d[x.y]", &["a", "b.c", "x.y"]),
    ];
    for (src, expected) in cases {
        let expr = parse(src).expect("parses");
        assert_eq!(context_paths(&expr), *expected, "{src}");
    }
}

#[test]
fn value_paths_follow_what_reaches_the_result() {
    let cases: &[(&str, &[&str])] = &[
        ("matrix.isPullRequest && 2 || 0", &[]),
        ("github.event.issue.title && 'x' || 'y'", &[]),
        (
            "github.ref == 'x' && inputs.environment || github.head_ref",
            &["github.head_ref", "inputs.environment"],
        ),
        ("contains(github.event.issue.title, 'bug')", &[]),
        ("!github.event.issue.title", &[]),
        ("hashFiles(github.event.issue.title)", &[]),
        (
            "format('{0}-{1}', github.event.issue.title, 'x')",
            &["github.event.issue.title"],
        ),
        (
            "case(github.event_name == 'push', github.ref_name, inputs.tag)",
            &["github.ref_name", "inputs.tag"],
        ),
        (
            "github.event.inputs[matrix.key]",
            &["github.event.inputs", "matrix.key"],
        ),
        (
            "fromJSON(steps.meta.outputs.json).tags[0]",
            &["steps.meta.outputs.json"],
        ),
    ];
    for (src, expected) in cases {
        let expr = parse(src).expect("parses");
        assert_eq!(value_paths(&expr), *expected, "{src}");
    }
}

#[test]
fn status_function_detection() {
    let cases: &[(&str, bool)] = &[
        ("always()", true),
        ("!cancelled()", true),
        ("github.ref == 'x' || failure()", true),
        ("contains(format('{0}', success()), 'true')", true),
        ("github.ref == 'x'", false),
        ("'success()'", false),
        ("success.x", false),
    ];
    for (src, expected) in cases {
        assert_eq!(
            uses_status_function(&parse(src).expect("parses")),
            *expected,
            "{src}"
        );
    }
}

#[test]
fn parse_errors_have_offsets() {
    let cases: &[(&str, usize)] = &[
        ("", 0),
        ("   ", 0),
        ("'abc", 0),
        ("a == 'b", 5),
        ("github.ref ==", 13),
        ("a = b", 2),
        ("a & b", 2),
        ("a | b", 2),
        ("(a", 2),
        ("a)", 1),
        ("a b", 2),
        ("foo(1)", 0),
        ("startsWith('a')", 0),
        ("success(1)", 0),
        ("join()", 0),
        ("case(true, 'a')", 0),
        ("case(true)", 0),
        ("x || case(true, 'a', false, 'b')", 5),
        ("a.b.", 4),
        ("a.(b)", 2),
        ("\"x\"", 0),
        ("1abc", 0),
        ("0x", 0),
        ("a[1", 3),
        ("a[]", 2),
        ("a ||", 4),
        ("!", 1),
        ("f(,)", 0),
        ("format('x',)", 11),
        ("'é' == x ?", 9),
        ("a == == b", 5),
        ("[1]", 0),
    ];
    for (src, offset) in cases {
        match parse(src) {
            Err(e) => assert_eq!(e.offset, *offset, "{src}: {e}"),
            Ok(expr) => panic!("{src} should not parse, got {expr:?}"),
        }
    }
}

#[test]
fn parses_real_world_shapes() {
    let sources = [
        "github.event_name == 'push' && startsWith(github.ref, 'refs/tags/v')",
        "needs.build-job.outputs.tag-name",
        "steps.meta.outputs.json != ''",
        "github.event.pull_request.head.repo.full_name == github.repository",
        "matrix.python-version == '3.12'",
        "inputs.dry_run != true",
        "fromJSON(needs.setup.outputs.matrix)[matrix.os]",
        "contains(github.event.head_commit.message, '[skip ci]') == false",
        "github.event.inputs.tag-name",
        "vars.NODE_VERSION || 20",
        "x.1st",
        "a.true.null",
    ];
    for src in sources {
        assert!(parse(src).is_ok(), "{src}: {:?}", parse(src));
    }
}

#[test]
fn nesting_is_bounded_without_stack_overflow() {
    let deep_parens = format!("{}1{}", "(".repeat(10_000), ")".repeat(10_000));
    let err = parse(&deep_parens).expect_err("too deep");
    assert_eq!(err.offset, MAX_NESTING);
    let deep_not = format!("{}a", "!".repeat(10_000));
    assert!(parse(&deep_not).is_err());
    let long_chain = format!("a{}", " && a".repeat(10_000));
    assert!(parse(&long_chain).is_err());
    let long_path = format!("a{}", ".b".repeat(10_000));
    assert!(parse(&long_path).is_err());
    let deep_calls = format!("{}1{}", "toJSON(".repeat(10_000), ")".repeat(10_000));
    assert!(parse(&deep_calls).is_err());
    let deep_index = format!("{}1{}", "a[".repeat(10_000), "]".repeat(10_000));
    assert!(parse(&deep_index).is_err());
    // Within the limit: parses and evaluates.
    let ok_parens = format!(
        "{}true{}",
        "(".repeat(MAX_NESTING - 1),
        ")".repeat(MAX_NESTING - 1)
    );
    assert_eq!(eval_src(&ok_parens, &Context::new()), b(true));
    let ok_chain = format!("true{}", " && true".repeat(MAX_DEPTH - 1));
    let expr = parse(&ok_chain).expect("at the limit");
    assert_eq!(eval(&expr, &Context::new()), b(true));
    assert_eq!(
        possible_values(&expr, &Context::new()),
        Some(vec![Value::Bool(true)])
    );
    let ok_calls = format!(
        "{}1{}",
        "format('{0}', ".repeat(MAX_NESTING - 1),
        ")".repeat(MAX_NESTING - 1)
    );
    assert_eq!(eval_src(&ok_calls, &Context::new()), known(s("1")));
    let over = format!("true{}", " && true".repeat(MAX_DEPTH));
    assert!(parse(&over).is_err());
}

#[test]
fn json_round_trip() {
    let json = serde_json::json!({"a": [1, 2.5, "x", null, true], "b": {}});
    let value = Value::from_json(json.clone());
    assert_eq!(value.to_json(), json);
    assert_eq!(n(f64::NAN).to_json(), serde_json::Value::Null);
    assert_eq!(Value::from("x"), s("x"));
    assert_eq!(Value::from(true), Value::Bool(true));
}
