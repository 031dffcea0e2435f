//! What a workflow declares that expressions may read: inputs, jobs with their needs, step
//! ids, outputs and matrix keys. A value GitHub computes at run time is `Unknown`.

use crate::source::HoldsTemplate as _;
use crate::yaml::Node;

/// Names declared in the file, or Unknown when an expression produces them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Names {
    Known(Vec<String>),
    Unknown,
}

pub struct JobScope {
    pub id: String,
    pub needs: Vec<String>,
    /// Ids of the job's steps in order (ids inside a `parallel` group count at the group).
    pub step_ids: Vec<String>,
    /// For step i, how many of `step_ids` come before it.
    ids_before: Vec<usize>,
    pub outputs: Names,
    pub matrix: Names,
}

impl JobScope {
    pub fn step_ids_before(&self, step: usize) -> &[String] {
        let n = self.ids_before.get(step).copied().unwrap_or(0);
        self.step_ids.get(..n).unwrap_or(&[])
    }
}

pub struct WorkflowScope {
    pub jobs: Vec<JobScope>,
    pub inputs: Names,
}

impl WorkflowScope {
    pub fn new(root: &Node) -> WorkflowScope {
        let jobs = root
            .get("jobs")
            .and_then(Node::as_map)
            .unwrap_or(&[])
            .iter()
            .map(|e| job(e.key.scalar_text().unwrap_or(""), &e.value))
            .collect();
        let on = root.get("on").or_else(|| root.get("true"));
        WorkflowScope {
            jobs,
            inputs: on.map_or(Names::Unknown, inputs),
        }
    }

    pub fn job(&self, id: &str) -> Option<&JobScope> {
        self.jobs.iter().find(|j| j.id.eq_ignore_ascii_case(id))
    }
}

fn is_expression(node: &Node) -> bool {
    node.as_str().is_some_and(|s| s.holds_template())
}

fn keys(node: &Node) -> Vec<String> {
    node.as_map()
        .unwrap_or(&[])
        .iter()
        .filter_map(|e| e.key.scalar_text().map(str::to_string))
        .collect()
}

fn inputs(on: &Node) -> Names {
    if on.as_map().is_none() && on.as_seq().is_none() && on.as_str().is_none() {
        return Names::Unknown;
    }
    let mut names = Vec::new();
    for event in ["workflow_dispatch", "workflow_call"] {
        if let Some(inputs) = on.get(event).and_then(|e| e.get("inputs")) {
            if inputs.as_map().is_none() && !inputs.is_null() {
                return Names::Unknown;
            }
            names.extend(keys(inputs));
        }
    }
    Names::Known(names)
}

fn job(id: &str, node: &Node) -> JobScope {
    let needs = node
        .get("needs")
        .map(|n| {
            n.string_list()
                .into_iter()
                .map(|(s, _)| s.to_string())
                .collect()
        })
        .unwrap_or_default();
    let mut step_ids = Vec::new();
    let mut ids_before = Vec::new();
    for step in node.get("steps").and_then(Node::as_seq).unwrap_or(&[]) {
        ids_before.push(step_ids.len());
        let group = step.get("parallel").and_then(Node::as_seq);
        for s in group.unwrap_or(std::slice::from_ref(step)) {
            if let Some(id) = s.get("id").and_then(Node::as_str) {
                step_ids.push(id.to_string());
            }
        }
    }
    let outputs = if node.get("uses").is_some() {
        Names::Unknown
    } else {
        match node.get("outputs") {
            None => Names::Known(Vec::new()),
            Some(o) if o.as_map().is_some() => Names::Known(keys(o)),
            Some(_) => Names::Unknown,
        }
    };
    JobScope {
        id: id.to_string(),
        needs,
        step_ids,
        ids_before,
        outputs,
        matrix: matrix(node),
    }
}

fn matrix(job: &Node) -> Names {
    let Some(strategy) = job.get("strategy") else {
        return Names::Known(Vec::new());
    };
    if is_expression(strategy) {
        return Names::Unknown;
    }
    let Some(matrix) = strategy.get("matrix") else {
        return Names::Known(Vec::new());
    };
    let Some(entries) = matrix.as_map() else {
        return Names::Unknown;
    };
    let mut names = Vec::new();
    for e in entries {
        let key = e.key.scalar_text().unwrap_or("");
        match key {
            "exclude" => {}
            "include" => {
                let Some(rows) = e.value.as_seq() else {
                    return Names::Unknown;
                };
                for row in rows {
                    if row.as_map().is_none() {
                        return Names::Unknown;
                    }
                    names.extend(keys(row));
                }
            }
            _ => names.push(key.to_string()),
        }
    }
    names.sort();
    names.dedup();
    Names::Known(names)
}
