//! The workflow schema (`rules/workflow-schema.yml`) as types, read once.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use crate::yaml::Node;

const DATA: &str = include_str!("../../../rules/workflow-schema.yml");

/// The type of a value at one place of a workflow.
#[derive(Debug, Clone)]
pub enum Ty {
    /// A scalar; `nonempty` rejects `''` and no value.
    Str { nonempty: bool },
    Bool,
    Number { positive: bool, integer: bool },
    Any,
    Null,
    Enum(Vec<String>),
    Map { values: Box<Ty>, ci: bool },
    Seq { item: Box<Ty>, scalar: bool, empty: bool },
    Record(Record),
    OneOf(Vec<Ty>),
    Choose(Vec<Choice>),
    /// A named type of `types:`, resolved when walked.
    Named(String),
}

#[derive(Debug, Clone)]
pub struct Record {
    pub section: String,
    pub keys: Vec<(String, Ty)>,
    pub required: Vec<String>,
    /// Keys valid elsewhere, with where they belong.
    pub misplaced: Vec<(String, String)>,
    /// Type of keys not listed (matrix rows); None = they are unexpected.
    pub others: Option<Box<Ty>>,
    /// Keys compare without case (matrix).
    pub ci: bool,
    /// How an unexpected key is described ("unknown event").
    pub unknown: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Choice {
    pub when: Option<String>,
    pub ty: Option<Ty>,
    pub error: Option<String>,
}

pub struct Schema {
    pub root: Ty,
    pub types: BTreeMap<String, Ty>,
}

impl Schema {
    pub fn resolve<'a>(&'a self, ty: &'a Ty) -> &'a Ty {
        let mut ty = ty;
        // Bounded: a name that names a name is resolved a few times at most.
        for _ in 0..8 {
            match ty {
                Ty::Named(n) => match self.types.get(n) {
                    Some(t) => ty = t,
                    None => return &Ty::Any,
                },
                _ => return ty,
            }
        }
        &Ty::Any
    }
}

/// The built-in schema; None only if the data file is broken (a test guards it).
pub fn schema() -> Option<&'static Schema> {
    static SCHEMA: OnceLock<Option<Schema>> = OnceLock::new();
    SCHEMA.get_or_init(|| parse(DATA).ok()).as_ref()
}

pub fn parse(text: &str) -> Result<Schema, String> {
    let doc = crate::yaml::load_str("workflow-schema.yml", text).map_err(|e| e.to_string())?;
    let root = doc.root.ok_or("empty schema")?;
    let mut types = BTreeMap::new();
    for e in root.get("types").and_then(Node::as_map).ok_or("no `types:`")? {
        let name = e.key.scalar_text().unwrap_or("").to_string();
        types.insert(name, ty(&e.value)?);
    }
    let root_name = root.get("root").and_then(Node::as_str).ok_or("no `root:`")?;
    let schema = Schema {
        root: Ty::Named(root_name.to_string()),
        types,
    };
    check_names(&schema)?;
    Ok(schema)
}

fn check_names(schema: &Schema) -> Result<(), String> {
    fn visit(ty: &Ty, schema: &Schema) -> Result<(), String> {
        match ty {
            Ty::Named(n) if !schema.types.contains_key(n) => Err(format!("unknown type `{n}`")),
            Ty::Map { values, .. } => visit(values, schema),
            Ty::Seq { item, .. } => visit(item, schema),
            Ty::Record(r) => {
                for (_, t) in &r.keys {
                    visit(t, schema)?;
                }
                r.others.as_deref().map_or(Ok(()), |t| visit(t, schema))
            }
            Ty::OneOf(ts) => ts.iter().try_for_each(|t| visit(t, schema)),
            Ty::Choose(cs) => cs
                .iter()
                .filter_map(|c| c.ty.as_ref())
                .try_for_each(|t| visit(t, schema)),
            _ => Ok(()),
        }
    }
    visit(&schema.root, schema)?;
    schema.types.values().try_for_each(|t| visit(t, schema))
}

fn strings(node: Option<&Node>) -> Vec<String> {
    node.map(|n| {
        n.string_list()
            .into_iter()
            .map(|(s, _)| s.to_string())
            .collect()
    })
    .unwrap_or_default()
}

fn ty(node: &Node) -> Result<Ty, String> {
    if let Some(name) = node.as_str() {
        return Ok(match name {
            "string" => Ty::Str { nonempty: true },
            "text" => Ty::Str { nonempty: false },
            "bool" => Ty::Bool,
            "number" => Ty::Number {
                positive: false,
                integer: false,
            },
            "posnumber" => Ty::Number {
                positive: true,
                integer: false,
            },
            "posint" => Ty::Number {
                positive: true,
                integer: true,
            },
            "any" => Ty::Any,
            "null" => Ty::Null,
            other => Ty::Named(other.to_string()),
        });
    }
    let flag = |k: &str| node.get(k).and_then(Node::as_bool).unwrap_or(false);
    if let Some(section) = node.get("record") {
        let mut keys = Vec::new();
        for e in node.get("keys").and_then(Node::as_map).unwrap_or(&[]) {
            keys.push((e.key.scalar_text().unwrap_or("").to_string(), ty(&e.value)?));
        }
        let misplaced = node
            .get("misplaced")
            .and_then(Node::as_map)
            .unwrap_or(&[])
            .iter()
            .map(|e| {
                (
                    e.key.scalar_text().unwrap_or("").to_string(),
                    e.value.scalar_text().unwrap_or("").to_string(),
                )
            })
            .collect();
        return Ok(Ty::Record(Record {
            section: section.scalar_text().unwrap_or("").to_string(),
            keys,
            required: strings(node.get("required")),
            misplaced,
            others: node.get("others").map(ty).transpose()?.map(Box::new),
            ci: flag("ci"),
            unknown: node.get("unknown").and_then(Node::as_str).map(str::to_string),
        }));
    }
    if let Some(values) = node.get("map") {
        return Ok(Ty::Map {
            values: Box::new(ty(values)?),
            ci: flag("ci"),
        });
    }
    if let Some(item) = node.get("seq") {
        return Ok(Ty::Seq {
            item: Box::new(ty(item)?),
            scalar: flag("scalar"),
            empty: flag("empty"),
        });
    }
    if let Some(items) = node.get("one-of").and_then(Node::as_seq) {
        return items.iter().map(ty).collect::<Result<_, _>>().map(Ty::OneOf);
    }
    if node.get("enum").is_some() {
        return Ok(Ty::Enum(strings(node.get("enum"))));
    }
    if let Some(items) = node.get("choose").and_then(Node::as_seq) {
        let mut choices = Vec::new();
        for c in items {
            choices.push(Choice {
                when: c.get("when").and_then(Node::as_str).map(str::to_string),
                ty: c.get("type").map(ty).transpose()?,
                error: c.get("error").and_then(Node::as_str).map(str::to_string),
            });
        }
        return Ok(Ty::Choose(choices));
    }
    Err(format!("line {}: not a type", node.span.start.line))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_builtin_schema_parses() {
        let schema = super::parse(super::DATA).unwrap();
        assert!(schema.types.contains_key("workflow"));
        assert!(schema.types.contains_key("run-step"));
    }
}
