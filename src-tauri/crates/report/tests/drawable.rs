//! The core refuses typed text the report's font cannot draw, from a table
//! of the font's coverage kept in the core (which reads no files). This
//! keeps that table equal to the fonts actually shipped; run with
//! `UPDATE_DRAWABLE=1` to write it again after changing a font.

use std::fmt::Write;

#[test]
fn the_cores_table_of_drawable_characters_matches_the_fonts() {
    let ranges = prevent_report::drawable_ranges().expect("fonts");
    let mut table = String::from(
        "//! Generated from assets/fonts by `UPDATE_DRAWABLE=1 cargo test -p prevent-report --test drawable`;\n\
         //! do not edit. The code points both faces of the report's font draw, as\n\
         //! inclusive ranges in order.\n\npub const DRAWABLE: &[(u32, u32)] = &[\n",
    );
    for (first, last) in &ranges {
        let _ = writeln!(table, "    (0x{first:04X}, 0x{last:04X}),");
    }
    table.push_str("];\n");
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../core/src/text/drawable.rs");
    if std::env::var_os("UPDATE_DRAWABLE").is_some() {
        std::fs::write(path, &table).expect("write the table");
    }
    assert_eq!(
        prevent_core::text::DRAWABLE,
        ranges.as_slice(),
        "the core's table is stale: run UPDATE_DRAWABLE=1 cargo test -p prevent-report --test drawable"
    );
    // The ranges the product's README promises.
    for c in [
        'a', 'Z', 'é', 'ŵ', 'Ł', 'Ω', 'Ж', '€', '£', '\u{2013}', '\u{201C}',
    ] {
        assert!(prevent_core::text::is_drawable(c), "{c}");
    }
}
