//! The expression tree.

use super::value::Value;

/// A parsed expression. `offset` is the character offset of the node in the source it was
/// parsed from (for templates and `if:` values: from the start of the whole string).
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub offset: usize,
    /// Height of the tree below this node (a leaf is 1); bounded by the parser.
    pub(crate) depth: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    Literal(Value),
    /// A top-level context name as written (`github`, `inputs`, `needs`, ...).
    Context(String),
    /// `base.name`
    Property(Box<Expr>, String),
    /// `base[index]`
    Index(Box<Expr>, Box<Expr>),
    /// `base.*` or `base[*]`: all elements or property values.
    Filter(Box<Expr>),
    Not(Box<Expr>),
    Compare(CmpOp, Box<Expr>, Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Call(Function, Vec<Expr>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// The built-in functions. Names are matched ignoring case, as GitHub does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Function {
    StartsWith,
    EndsWith,
    Contains,
    Format,
    Join,
    ToJson,
    FromJson,
    HashFiles,
    Success,
    Always,
    Failure,
    Cancelled,
    /// `case(pred1, val1, pred2, val2, ..., default)`: the value of the first true predicate.
    Case,
}

impl Function {
    const ALL: [Function; 13] = [
        Function::StartsWith,
        Function::EndsWith,
        Function::Contains,
        Function::Format,
        Function::Join,
        Function::ToJson,
        Function::FromJson,
        Function::HashFiles,
        Function::Success,
        Function::Always,
        Function::Failure,
        Function::Cancelled,
        Function::Case,
    ];

    pub fn from_name(name: &str) -> Option<Function> {
        Function::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(name))
    }

    /// The documented spelling.
    pub fn name(self) -> &'static str {
        match self {
            Function::StartsWith => "startsWith",
            Function::EndsWith => "endsWith",
            Function::Contains => "contains",
            Function::Format => "format",
            Function::Join => "join",
            Function::ToJson => "toJSON",
            Function::FromJson => "fromJSON",
            Function::HashFiles => "hashFiles",
            Function::Success => "success",
            Function::Always => "always",
            Function::Failure => "failure",
            Function::Cancelled => "cancelled",
            Function::Case => "case",
        }
    }

    /// Allowed argument counts (min, max).
    pub fn arity(self) -> (usize, usize) {
        match self {
            Function::StartsWith | Function::EndsWith | Function::Contains => (2, 2),
            Function::Format | Function::HashFiles => (1, usize::MAX),
            // Also odd: pairs plus a default (checked by the parser).
            Function::Case => (3, usize::MAX),
            Function::Join => (1, 2),
            Function::ToJson | Function::FromJson => (1, 1),
            Function::Success | Function::Always | Function::Failure | Function::Cancelled => {
                (0, 0)
            }
        }
    }

    /// `success()`, `failure()`, `always()`, `cancelled()`: they read the job status and
    /// switch off the implicit `success() &&` of an `if:`.
    pub fn is_status(self) -> bool {
        matches!(
            self,
            Function::Success | Function::Always | Function::Failure | Function::Cancelled
        )
    }
}

impl Expr {
    pub(crate) fn new(kind: ExprKind, offset: usize) -> Expr {
        let depth = 1 + kind_children(&kind)
            .iter()
            .map(|c| c.depth)
            .max()
            .unwrap_or(0);
        Expr {
            kind,
            offset,
            depth,
        }
    }

    /// Direct sub-expressions, in source order.
    pub fn children(&self) -> Vec<&Expr> {
        kind_children(&self.kind)
    }

    /// Shift every offset (used when the expression came from inside a larger string).
    pub(crate) fn shift_offsets(&mut self, by: usize) {
        self.offset += by;
        match &mut self.kind {
            ExprKind::Literal(_) | ExprKind::Context(_) => {}
            ExprKind::Property(base, _) | ExprKind::Filter(base) | ExprKind::Not(base) => {
                base.shift_offsets(by)
            }
            ExprKind::Index(a, b)
            | ExprKind::Compare(_, a, b)
            | ExprKind::And(a, b)
            | ExprKind::Or(a, b) => {
                a.shift_offsets(by);
                b.shift_offsets(by);
            }
            ExprKind::Call(_, args) => args.iter_mut().for_each(|a| a.shift_offsets(by)),
        }
    }
}

fn kind_children(kind: &ExprKind) -> Vec<&Expr> {
    match kind {
        ExprKind::Literal(_) | ExprKind::Context(_) => Vec::new(),
        ExprKind::Property(base, _) | ExprKind::Filter(base) | ExprKind::Not(base) => {
            vec![base.as_ref()]
        }
        ExprKind::Index(a, b)
        | ExprKind::Compare(_, a, b)
        | ExprKind::And(a, b)
        | ExprKind::Or(a, b) => vec![a.as_ref(), b.as_ref()],
        ExprKind::Call(_, args) => args.iter().collect(),
    }
}
