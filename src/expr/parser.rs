//! Recursive-descent parser. Precedence, lowest first: `||`, `&&`, `==` `!=`,
//! `<` `<=` `>` `>=`, `!`, then `.`/`[]` and calls; parentheses group.

use super::ast::{CmpOp, Expr, ExprKind, Function};
use super::lexer::{lex, Tok, Token};
use super::value::Value;
use super::ExprError;

/// Tallest expression tree accepted (operator chains, property chains, nesting).
/// Expressions come from untrusted files; this bounds every recursive walk of the tree.
pub const MAX_DEPTH: usize = 200;

/// Deepest parser recursion accepted: parentheses, call arguments and `[...]` each nest
/// one level. Lower than [`MAX_DEPTH`] because one level costs several parser frames: about
/// 9 KiB in a debug build, so 64 levels stay well inside a 2 MiB thread stack. Real
/// workflows nest a handful of levels.
pub const MAX_NESTING: usize = 64;

pub(crate) fn parse_expr(src: &str) -> Result<Expr, ExprError> {
    let tokens = lex(src)?;
    let mut parser = Parser {
        tokens,
        pos: 0,
        nesting: 0,
        end: src.chars().count(),
    };
    if parser.tokens.is_empty() {
        return Err(ExprError::new(0, "empty expression"));
    }
    let expr = parser.parse_nested()?;
    match parser.peek() {
        None => Ok(expr),
        Some(token) => Err(ExprError::new(
            token.offset,
            format!(
                "unexpected {} after the end of the expression",
                token.tok.describe()
            ),
        )),
    }
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
    /// Current recursion depth of `parse_nested`.
    nesting: usize,
    /// Offset reported for "unexpected end".
    end: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn peek_tok(&self) -> Option<&Tok> {
        self.peek().map(|t| &t.tok)
    }

    fn next(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.pos).cloned();
        if token.is_some() {
            self.pos += 1;
        }
        token
    }

    fn eat(&mut self, tok: &Tok) -> bool {
        if self.peek_tok() == Some(tok) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, tok: &Tok, what: &str) -> Result<(), ExprError> {
        if self.eat(tok) {
            return Ok(());
        }
        Err(self.unexpected(what))
    }

    fn unexpected(&self, what: &str) -> ExprError {
        match self.peek() {
            Some(token) => ExprError::new(
                token.offset,
                format!("expected {what}, found {}", token.tok.describe()),
            ),
            None => ExprError::new(self.end, format!("expected {what}, found the end")),
        }
    }

    /// Build a node, refusing trees taller than [`MAX_DEPTH`].
    fn node(&self, kind: ExprKind, offset: usize) -> Result<Expr, ExprError> {
        let expr = Expr::new(kind, offset);
        if expr.depth > MAX_DEPTH {
            return Err(too_deep(offset));
        }
        Ok(expr)
    }

    fn enter(&mut self, offset: usize) -> Result<(), ExprError> {
        self.nesting += 1;
        if self.nesting > MAX_NESTING {
            return Err(ExprError::new(
                offset,
                format!("expression nested more than {MAX_NESTING} levels deep"),
            ));
        }
        Ok(())
    }

    /// A full expression in a nested position (top level, parentheses, arguments, index).
    fn parse_nested(&mut self) -> Result<Expr, ExprError> {
        let offset = self.peek().map_or(self.end, |t| t.offset);
        self.enter(offset)?;
        let expr = self.parse_binary(0)?;
        self.nesting -= 1;
        Ok(expr)
    }

    /// Precedence climbing over the binary operators: one frame per nesting level instead of
    /// one per precedence level keeps deep input far from the stack limit.
    fn parse_binary(&mut self, min_precedence: u8) -> Result<Expr, ExprError> {
        let mut left = self.parse_unary()?;
        while let Some((op, precedence)) = self.peek_tok().and_then(binary_op) {
            if precedence < min_precedence {
                break;
            }
            self.pos += 1;
            let right = self.parse_binary(precedence + 1)?;
            let at = left.offset;
            let (l, r) = (Box::new(left), Box::new(right));
            let kind = match op {
                BinaryOp::Or => ExprKind::Or(l, r),
                BinaryOp::And => ExprKind::And(l, r),
                BinaryOp::Compare(cmp) => ExprKind::Compare(cmp, l, r),
            };
            left = self.node(kind, at)?;
        }
        Ok(left)
    }

    /// `!`s are collected in a loop, not by recursion.
    fn parse_unary(&mut self) -> Result<Expr, ExprError> {
        let mut nots = Vec::new();
        while let Some(token) = self.peek().filter(|t| t.tok == Tok::Not) {
            nots.push(token.offset);
            self.pos += 1;
        }
        let mut expr = self.parse_postfix()?;
        for offset in nots.into_iter().rev() {
            expr = self.node(ExprKind::Not(Box::new(expr)), offset)?;
        }
        Ok(expr)
    }

    fn parse_postfix(&mut self) -> Result<Expr, ExprError> {
        let mut expr = self.parse_primary()?;
        loop {
            let offset = expr.offset;
            match self.peek_tok() {
                Some(Tok::Dot) => {
                    self.pos += 1;
                    match self.peek_tok().cloned() {
                        Some(Tok::Ident(name)) => {
                            self.pos += 1;
                            expr = self.node(ExprKind::Property(Box::new(expr), name), offset)?;
                        }
                        Some(Tok::Star) => {
                            self.pos += 1;
                            expr = self.node(ExprKind::Filter(Box::new(expr)), offset)?;
                        }
                        _ => return Err(self.unexpected("a property name or `*` after `.`")),
                    }
                }
                Some(Tok::LBracket) => {
                    self.pos += 1;
                    if self.eat(&Tok::Star) {
                        self.expect(&Tok::RBracket, "`]`")?;
                        expr = self.node(ExprKind::Filter(Box::new(expr)), offset)?;
                    } else {
                        let index = self.parse_nested()?;
                        self.expect(&Tok::RBracket, "`]`")?;
                        expr =
                            self.node(ExprKind::Index(Box::new(expr), Box::new(index)), offset)?;
                    }
                }
                _ => return Ok(expr),
            }
        }
    }

    fn parse_primary(&mut self) -> Result<Expr, ExprError> {
        let Some(token) = self.next() else {
            return Err(ExprError::new(self.end, "expected a value, found the end"));
        };
        let offset = token.offset;
        let literal = |v: Value| Ok(Expr::new(ExprKind::Literal(v), offset));
        match token.tok {
            Tok::Null => literal(Value::Null),
            Tok::True => literal(Value::Bool(true)),
            Tok::False => literal(Value::Bool(false)),
            Tok::Number(n) => literal(Value::Number(n)),
            Tok::Str(s) => literal(Value::String(s)),
            Tok::LParen => {
                let inner = self.parse_nested()?;
                self.expect(&Tok::RParen, "`)`")?;
                Ok(inner)
            }
            Tok::Ident(name) => {
                if self.peek_tok() == Some(&Tok::LParen) {
                    self.parse_call(&name, offset)
                } else {
                    Ok(Expr::new(ExprKind::Context(name), offset))
                }
            }
            other => Err(ExprError::new(
                offset,
                format!("expected a value, found {}", other.describe()),
            )),
        }
    }

    /// `name(` has been seen (the `(` not yet consumed).
    fn parse_call(&mut self, name: &str, offset: usize) -> Result<Expr, ExprError> {
        let function = Function::from_name(name)
            .ok_or_else(|| ExprError::new(offset, format!("unknown function `{name}`")))?;
        self.pos += 1; // `(`
        let mut args = Vec::new();
        if !self.eat(&Tok::RParen) {
            loop {
                args.push(self.parse_nested()?);
                if self.eat(&Tok::RParen) {
                    break;
                }
                self.expect(&Tok::Comma, "`,` or `)`")?;
            }
        }
        let (min, max) = function.arity();
        if args.len() < min || args.len() > max {
            let expected = match (min, max) {
                (a, b) if a == b => format!("{a}"),
                (a, usize::MAX) => format!("at least {a}"),
                (a, b) => format!("{a} to {b}"),
            };
            return Err(ExprError::new(
                offset,
                format!(
                    "`{}` takes {expected} argument(s), got {}",
                    function.name(),
                    args.len()
                ),
            ));
        }
        if function == Function::Case && args.len() % 2 == 0 {
            return Err(ExprError::new(
                offset,
                format!(
                    "`case` takes predicate/value pairs and a default (an odd number of arguments), got {}",
                    args.len()
                ),
            ));
        }
        self.node(ExprKind::Call(function, args), offset)
    }
}

fn too_deep(offset: usize) -> ExprError {
    ExprError::new(
        offset,
        format!("expression more than {MAX_DEPTH} levels deep"),
    )
}

enum BinaryOp {
    Or,
    And,
    Compare(CmpOp),
}

/// Binary operators and their precedence (higher binds tighter), as GitHub documents:
/// `||` < `&&` < `==` `!=` < `<` `<=` `>` `>=`.
fn binary_op(tok: &Tok) -> Option<(BinaryOp, u8)> {
    Some(match tok {
        Tok::Or => (BinaryOp::Or, 1),
        Tok::And => (BinaryOp::And, 2),
        Tok::Eq => (BinaryOp::Compare(CmpOp::Eq), 3),
        Tok::Ne => (BinaryOp::Compare(CmpOp::Ne), 3),
        Tok::Lt => (BinaryOp::Compare(CmpOp::Lt), 4),
        Tok::Le => (BinaryOp::Compare(CmpOp::Le), 4),
        Tok::Gt => (BinaryOp::Compare(CmpOp::Gt), 4),
        Tok::Ge => (BinaryOp::Compare(CmpOp::Ge), 4),
        _ => return None,
    })
}
