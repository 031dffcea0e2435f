//! Facts several rules and the report share, computed from the models, the simulation and the
//! state: below `checks`, above `routes` and `state`.

pub mod environments;
pub mod features;
pub mod history;
pub mod text;

pub use environments::EnvironmentFacts;
