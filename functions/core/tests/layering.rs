//! The house stays layered: core knows a source by name in one place (its
//! registry, `src/sources.rs`), and its modules import each other without a
//! circle (issue 20: `alert.rs` ↔ `deadline.rs` and `plan.rs` ↔
//! `slack/render.rs` were two).
//!
//! Both checks read core's own sources, as a reviewer would: code outside
//! `#[cfg(test)]`, comments left out.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `dir`, with its module path (`slack::render`).
fn modules(dir: &Path, prefix: &str, out: &mut BTreeMap<String, String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_str().unwrap().to_owned();
        if path.is_dir() {
            modules(&path, &format!("{prefix}{name}::"), out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let module = match name.as_str() {
                "lib" => "crate".to_owned(),
                "mod" => prefix.trim_end_matches("::").to_owned(),
                _ => format!("{prefix}{name}"),
            };
            out.insert(module, code_of(&std::fs::read_to_string(&path).unwrap()));
        }
    }
}

/// The code before the file's tests, without comments.
fn code_of(src: &str) -> String {
    let src = src.split("#[cfg(test)]").next().unwrap_or("");
    src.lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The modules `code` (of module `of`) refers to by `crate::` or `super::`.
fn refers_to(of: &str, code: &str, known: &BTreeSet<String>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let parent = of.rsplit_once("::").map_or("", |(p, _)| p);
    let paths = code
        .match_indices("crate::")
        .map(|(i, _)| (String::new(), &code[i + 7..]))
        .chain(code.match_indices("super::").map(|(i, _)| {
            (
                if parent.is_empty() {
                    String::new()
                } else {
                    format!("{parent}::")
                },
                &code[i + 7..],
            )
        }));
    for (base, rest) in paths {
        let path: String = rest
            .chars()
            .take_while(|c| c.is_ascii_lowercase() || *c == '_' || *c == ':')
            .collect();
        let parts: Vec<&str> = path.split("::").filter(|p| !p.is_empty()).collect();
        for n in (1..=parts.len()).rev() {
            let candidate = format!("{base}{}", parts[..n].join("::"));
            if known.contains(&candidate) {
                if candidate != of {
                    out.insert(candidate);
                }
                break;
            }
        }
    }
    out
}

#[test]
fn core_modules_import_each_other_without_a_circle() {
    let mut mods = BTreeMap::new();
    modules(&src_dir(), "", &mut mods);
    let known: BTreeSet<String> = mods.keys().cloned().collect();
    let graph: BTreeMap<&str, BTreeSet<String>> = mods
        .iter()
        .map(|(m, code)| (m.as_str(), refers_to(m, code, &known)))
        .collect();
    // Depth-first search for a back edge; report the circle it closes.
    fn visit<'a>(
        m: &'a str,
        graph: &'a BTreeMap<&'a str, BTreeSet<String>>,
        path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|p| *p == m) {
            let mut circle: Vec<String> = path[i..].iter().map(|s| s.to_string()).collect();
            circle.push(m.to_owned());
            return Some(circle);
        }
        if done.contains(m) {
            return None;
        }
        path.push(m);
        for next in graph.get(m).into_iter().flatten() {
            let next = graph.get_key_value(next.as_str()).map(|(k, _)| *k)?;
            if let Some(c) = visit(next, graph, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(m);
        None
    }
    let mut done = BTreeSet::new();
    for m in graph.keys() {
        if let Some(circle) = visit(m, &graph, &mut Vec::new(), &mut done) {
            panic!(
                "core's modules import each other in a circle: {}",
                circle.join(" → ")
            );
        }
    }
    // The check sees what it should: the deadline policy reads alerts.
    assert!(
        graph["deadline"].contains("alert"),
        "{:?}",
        graph["deadline"]
    );
}

#[test]
fn core_names_a_source_only_in_its_registry() {
    let mut mods = BTreeMap::new();
    modules(&src_dir(), "", &mut mods);
    let mut found = Vec::new();
    for (m, code) in &mods {
        if m == "sources" {
            continue;
        }
        for (i, _) in code.match_indices("Source::") {
            // `SecretSource::Secret` is another type.
            if code[..i].ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_') {
                continue;
            }
            let name: String = code[i + 8..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            // Associated functions (`Source::all`, `Source::from_id`) are
            // not a source's name.
            if name.starts_with(|c: char| c.is_ascii_uppercase()) {
                found.push(format!("{m}: Source::{name}"));
            }
        }
    }
    assert!(
        found.is_empty(),
        "core names sources outside src/sources.rs (give the difference a field in the registry instead): {found:#?}"
    );
    // The check sees what it should: the registry itself names them.
    assert!(
        code_of(&std::fs::read_to_string(src_dir().join("sources.rs")).unwrap())
            .contains("Source::GuardDuty")
    );
}
