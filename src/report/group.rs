//! Grouping rows that say the same thing, kept in the order they first appear.

use std::collections::HashMap;
use std::hash::Hash;

/// `items` grouped by `key`: one group per distinct key, groups in the order their key first
/// appears, items in their own order. Linear in the items (the map only finds a key's group;
/// the result is never read from it, so the order does not depend on hashing).
pub(crate) fn group_in_order<T, K: Eq + Hash + Clone>(
    items: impl IntoIterator<Item = T>,
    key: impl Fn(&T) -> K,
) -> Vec<(K, Vec<T>)> {
    let mut index: HashMap<K, usize> = HashMap::new();
    let mut groups: Vec<(K, Vec<T>)> = Vec::new();
    for item in items {
        let k = key(&item);
        match index.get(&k) {
            Some(&i) => groups[i].1.push(item),
            None => {
                index.insert(k.clone(), groups.len());
                groups.push((k, vec![item]));
            }
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_keep_first_appearance_order() {
        let words = ["b1", "a1", "b2", "c1", "a2", "b3"];
        let groups = group_in_order(words, |w| w.as_bytes()[0]);
        let got: Vec<(char, Vec<&str>)> = groups.into_iter().map(|(k, v)| (k as char, v)).collect();
        assert_eq!(
            got,
            vec![
                ('b', vec!["b1", "b2", "b3"]),
                ('a', vec!["a1", "a2"]),
                ('c', vec!["c1"]),
            ]
        );
    }

    #[test]
    fn no_items_no_groups() {
        let groups = group_in_order(Vec::<u32>::new(), |n| *n);
        assert!(groups.is_empty());
    }
}
