//! Placing the report's blocks down the pages: headings, paragraphs and
//! tables, with the page breaks a careful typesetter would choose.
//!
//! - A heading is never left alone at the foot of a page: if what follows it
//!   moves to the next page, the heading moves with it.
//! - A paragraph breaks between lines.
//! - A table row that does not fit moves whole to the next page; a row taller
//!   than a page is cut between lines. The heading row is repeated at the top
//!   of every page a table continues on.

use crate::fonts::{Face, Fonts};
use crate::page::{
    Anchor, BODY, BODY_BOTTOM, BODY_TOP, CONTENT_LEFT, CONTENT_RIGHT, CONTENT_WIDTH, Colour, Mark,
    Page, TextStyle,
};
use crate::table::{MeasuredRow, Table, column_rules};
use crate::wrap::wrap;

/// A part of the report's title.
pub(crate) const TITLE: TextStyle = TextStyle::new(Face::Bold, 17.0, Colour::NHS_BLUE);
/// A part within a part.
pub(crate) const SUBTITLE: TextStyle = TextStyle::new(Face::Bold, 12.0, Colour::NHS_BLUE);

/// The most lines one table row may hold: about 80 pages. No report the app
/// makes comes near it (a comment of 5,000 characters is about 80 lines);
/// a record built to stall the check with one endless row is refused
/// rather than cut page after page, which costs more the longer the row.
pub(crate) const MAX_LINES_IN_A_ROW: usize = 5_000;

/// A table row shorter than this is never cut, even when it would fill the
/// rest of a page better to cut it.
const SMALLEST_PIECE_OF_A_CUT_ROW: f32 = 120.0;

/// Where a heading started, while what follows it has not been placed yet.
#[derive(Debug, Clone, Copy)]
struct KeepWithNext {
    page: usize,
    first_mark: usize,
    y: f32,
}

pub(crate) struct Flow {
    pub fonts: &'static Fonts,
    pages: Vec<Page>,
    /// The top of free space on the last page.
    y: f32,
    anchors: Vec<Anchor>,
    keep: Option<KeepWithNext>,
    /// A row longer than `MAX_LINES_IN_A_ROW` was met: the report cannot
    /// be drawn.
    pub(crate) row_too_long: bool,
}

impl Flow {
    pub(crate) fn new(fonts: &'static Fonts) -> Flow {
        Flow {
            fonts,
            pages: vec![Page::default()],
            y: BODY_TOP,
            anchors: Vec::new(),
            keep: None,
            row_too_long: false,
        }
    }

    /// The pages laid out and the places readers can jump to.
    pub(crate) fn finish(self) -> (Vec<Page>, Vec<Anchor>) {
        (self.pages, self.anchors)
    }

    pub(crate) fn y(&self) -> f32 {
        self.y
    }

    pub(crate) fn remaining(&self) -> f32 {
        BODY_BOTTOM - self.y
    }

    fn page_is_empty(&self) -> bool {
        self.pages.last().is_none_or(|p| p.marks.is_empty())
    }

    fn current_page(&mut self) -> &mut Page {
        if self.pages.is_empty() {
            self.pages.push(Page::default());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    pub(crate) fn mark(&mut self, mark: Mark) {
        self.current_page().marks.push(mark);
    }

    /// Says that a block has been placed: a heading before it no longer waits.
    pub(crate) fn settle(&mut self) {
        self.keep = None;
    }

    /// Moves down by `height`.
    pub(crate) fn advance(&mut self, height: f32) {
        self.y += height;
    }

    /// White space before the next block; none at the top of a page.
    pub(crate) fn gap(&mut self, height: f32) {
        if self.y > BODY_TOP {
            self.y = (self.y + height).min(BODY_BOTTOM);
        }
    }

    /// Starts the next block on a fresh page (unless this one is still empty).
    pub(crate) fn start_new_page(&mut self) {
        self.keep = None;
        if !self.page_is_empty() {
            self.pages.push(Page::default());
        }
        self.y = BODY_TOP;
    }

    /// Breaks the page because the next block does not fit, taking a heading
    /// that waits for that block along.
    pub(crate) fn break_page(&mut self) {
        let keep = self.keep.take();
        let from_page = self.pages.len() - 1;
        let below_heading = self.y;
        let moved = match keep {
            Some(k) if k.page == from_page && k.y > BODY_TOP + 0.5 => {
                let marks = self.current_page().marks.split_off(k.first_mark);
                Some((k, marks))
            }
            _ => None,
        };
        self.pages.push(Page::default());
        self.y = BODY_TOP;
        if let Some((k, marks)) = moved {
            let shift = BODY_TOP - k.y;
            for mut mark in marks {
                shift_mark(&mut mark, shift);
                self.mark(mark);
            }
            let to_page = self.pages.len() - 1;
            for anchor in &mut self.anchors {
                if anchor.page == Some(from_page) && anchor.y >= k.y - 0.5 {
                    anchor.page = Some(to_page);
                    anchor.y += shift;
                }
            }
            self.y = below_heading + shift;
        }
    }

    /// Breaks the page unless `height` fits below.
    pub(crate) fn ensure(&mut self, height: f32) {
        if height > self.remaining() && self.y > BODY_TOP + 0.5 {
            self.break_page();
        }
    }

    /// A place in the report readers can jump to, not yet placed.
    pub(crate) fn declare_anchor(&mut self, title: impl Into<String>, level: u8) -> usize {
        self.anchors.push(Anchor {
            title: title.into(),
            level,
            page: None,
            y: 0.0,
        });
        self.anchors.len() - 1
    }

    /// Places a declared anchor here.
    pub(crate) fn place_anchor(&mut self, anchor: usize) {
        let page = self.pages.len() - 1;
        let y = self.y;
        if let Some(a) = self.anchors.get_mut(anchor) {
            a.page = Some(page);
            a.y = y;
        }
    }

    pub(crate) fn anchors(&self) -> &[Anchor] {
        &self.anchors
    }

    /// A heading, kept with what follows it.
    pub(crate) fn heading(&mut self, text: &str, style: TextStyle, anchor: Option<usize>) {
        let lines = wrap(self.fonts, style, text, CONTENT_WIDTH);
        let rule = style.size >= TITLE.size;
        let height = lines.len() as f32 * style.leading() + if rule { 8.0 } else { 3.0 };
        // A heading and at least the start of its block.
        self.ensure(height + 60.0);
        let keep = KeepWithNext {
            page: self.pages.len() - 1,
            first_mark: self.current_page().marks.len(),
            y: self.y,
        };
        if let Some(anchor) = anchor {
            self.place_anchor(anchor);
        }
        for line in &lines {
            self.text_line(CONTENT_LEFT, line, style);
        }
        if rule {
            self.advance(2.0);
            let y = self.y;
            self.mark(Mark::Line {
                from: (CONTENT_LEFT, y),
                to: (CONTENT_RIGHT, y),
                colour: Colour::NHS_BLUE,
                thickness: 1.2,
            });
            self.advance(6.0);
        } else {
            self.advance(3.0);
        }
        // Headings in a row all stay with what follows them.
        self.keep = Some(self.keep.filter(|k| k.page == keep.page).unwrap_or(keep));
    }

    /// One line of text at `x` in the line box starting at the current position.
    pub(crate) fn text_line(&mut self, x: f32, text: &str, style: TextStyle) {
        let baseline = self.baseline(style);
        self.mark(Mark::Text {
            x,
            baseline,
            style,
            text: text.to_owned(),
        });
        self.advance(style.leading());
    }

    /// The baseline of a line of `style` whose box starts at the current position.
    pub(crate) fn baseline(&self, style: TextStyle) -> f32 {
        let (ascent, descent) = self.fonts.face(style.face).ascent_descent();
        self.y + (style.leading() - (ascent + descent) * style.size) / 2.0 + ascent * style.size
    }

    /// Lines already wrapped, breaking the page between them as needed.
    pub(crate) fn lines(&mut self, lines: &[String], style: TextStyle, x: f32) {
        for line in lines {
            if style.leading() > self.remaining() + 0.01 {
                self.break_page();
            }
            self.text_line(x, line, style);
            self.keep = None;
        }
    }

    /// A paragraph across the body's width, with space after it.
    pub(crate) fn paragraph(&mut self, text: &str, style: TextStyle) {
        self.indented_paragraph(text, style, 0.0);
    }

    pub(crate) fn indented_paragraph(&mut self, text: &str, style: TextStyle, indent: f32) {
        let lines = wrap(self.fonts, style, text, CONTENT_WIDTH - indent);
        self.lines(&lines, style, CONTENT_LEFT + indent);
        self.gap(style.size * 0.6);
    }

    /// Body text.
    pub(crate) fn body(&mut self, text: &str) {
        self.paragraph(text, BODY);
    }

    /// A boxed message with a coloured edge.
    pub(crate) fn callout(&mut self, title: &str, text: &str, edge: Colour) {
        let inner = CONTENT_WIDTH - 24.0;
        let title_style = BODY.bold().sized(11.0);
        let title_lines = wrap(self.fonts, title_style, title, inner);
        let lines = wrap(self.fonts, BODY, text, inner);
        let height = title_lines.len() as f32 * title_style.leading()
            + lines.len() as f32 * BODY.leading()
            + 20.0;
        self.ensure(height);
        let top = self.y;
        self.mark(Mark::Fill {
            x: CONTENT_LEFT,
            y: top,
            width: CONTENT_WIDTH,
            height,
            colour: Colour::PALE_GREY,
        });
        self.mark(Mark::Fill {
            x: CONTENT_LEFT,
            y: top,
            width: 5.0,
            height,
            colour: edge,
        });
        self.advance(10.0);
        for line in &title_lines {
            self.text_line(CONTENT_LEFT + 14.0, line, title_style);
        }
        for line in &lines {
            self.text_line(CONTENT_LEFT + 14.0, line, BODY);
        }
        self.y = top + height;
        self.settle();
        self.gap(12.0);
    }

    /// A table across the body's width.
    pub(crate) fn table(&mut self, table: &Table) {
        let edges = table.column_edges(self.fonts, CONTENT_LEFT, CONTENT_WIDTH);
        let heading = table
            .has_headings()
            .then(|| MeasuredRow::measure(self.fonts, &table.heading_row(), &edges, true));
        let heading_height = heading.as_ref().map_or(0.0, |h| h.height);
        let page_room = BODY_BOTTOM - BODY_TOP - heading_height;
        let mut pen = TablePen {
            heading: heading.as_ref(),
            edges: &edges,
            heading_due: true,
            rules_from: None,
        };
        for row in &table.rows {
            let mut row = MeasuredRow::measure(self.fonts, row, &edges, false);
            if row.longest_cell() > MAX_LINES_IN_A_ROW {
                self.row_too_long = true;
                continue;
            }
            loop {
                let above = if pen.heading_due { heading_height } else { 0.0 };
                if above + row.height <= self.remaining() + 0.01 {
                    self.table_row(&mut pen, &row);
                    break;
                }
                let room = self.remaining() - above;
                let fresh_page = self.y <= BODY_TOP + 0.5;
                if row.height <= page_room || (!fresh_page && room < SMALLEST_PIECE_OF_A_CUT_ROW) {
                    if fresh_page {
                        // Cannot happen (the row fits an empty page), but never loop.
                        self.table_row(&mut pen, &row);
                        break;
                    }
                    self.table_page_break(&mut pen);
                    continue;
                }
                match row.split(room) {
                    Ok((head, tail)) => {
                        self.table_row(&mut pen, &head);
                        self.table_page_break(&mut pen);
                        row = tail;
                    }
                    Err(whole) if fresh_page => {
                        self.table_row(&mut pen, &whole);
                        break;
                    }
                    Err(whole) => {
                        row = whole;
                        self.table_page_break(&mut pen);
                    }
                }
            }
        }
        self.close_column_rules(&mut pen);
        self.gap(10.0);
    }

    fn table_page_break(&mut self, pen: &mut TablePen<'_>) {
        self.close_column_rules(pen);
        self.break_page();
        pen.heading_due = true;
    }

    /// Draws the column borders of the rows placed since they were last drawn.
    fn close_column_rules(&mut self, pen: &mut TablePen<'_>) {
        if let Some(top) = pen.rules_from.take() {
            let marks = column_rules(pen.edges, top, self.y);
            self.current_page().marks.extend(marks);
        }
    }

    fn table_row(&mut self, pen: &mut TablePen<'_>, row: &MeasuredRow) {
        let mut rule_above = false;
        if pen.heading_due {
            pen.heading_due = false;
            match pen.heading {
                Some(heading) => {
                    pen.rules_from.get_or_insert(self.y);
                    let marks = heading.draw(self.fonts, self.y, true);
                    self.current_page().marks.extend(marks);
                    self.advance(heading.height);
                }
                None => rule_above = true,
            }
        }
        if row.spans {
            self.close_column_rules(pen);
        } else {
            pen.rules_from.get_or_insert(self.y);
        }
        let marks = row.draw(self.fonts, self.y, rule_above);
        self.current_page().marks.extend(marks);
        self.advance(row.height);
        self.keep = None;
    }
}

/// Where a table being placed stands.
struct TablePen<'a> {
    heading: Option<&'a MeasuredRow>,
    edges: &'a [(f32, f32)],
    /// The heading row is to be drawn before the next row (top of the table or of a page).
    heading_due: bool,
    /// Where the column borders of the rows placed since start.
    rules_from: Option<f32>,
}

/// Moves a mark down by `dy`.
fn shift_mark(mark: &mut Mark, dy: f32) {
    match mark {
        Mark::Text { baseline, .. } | Mark::PageNumberOf { baseline, .. } => *baseline += dy,
        Mark::Fill { y, .. } | Mark::Frame { y, .. } | Mark::Hatch { y, .. } => *y += dy,
        Mark::Line { from, to, .. } => {
            from.1 += dy;
            to.1 += dy;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::{Cell, Column, Row};

    #[test]
    fn a_heading_moves_to_the_next_page_with_the_table_after_it() {
        let fonts = Fonts::get().expect("fonts");
        let mut flow = Flow::new(fonts);
        flow.body("Something first.");
        flow.advance(BODY_BOTTOM - flow.y() - 90.0);
        let anchor = flow.declare_anchor("Part", 1);
        flow.heading("Part", SUBTITLE, Some(anchor));
        let mut table = Table::new(vec![Column::new("A", 1.0)]);
        table.push(Row::new(vec![Cell::text("line\n".repeat(12))]));
        flow.table(&table);
        let (pages, anchors) = flow.finish();
        assert_eq!(pages.len(), 2);
        let texts = |page: &Page| -> Vec<String> {
            page.marks
                .iter()
                .filter_map(|m| match m {
                    Mark::Text { text, .. } => Some(text.clone()),
                    _ => None,
                })
                .collect()
        };
        assert_eq!(texts(&pages[0]), ["Something first."]);
        assert_eq!(texts(&pages[1])[..2], ["Part".to_owned(), "A".to_owned()]);
        assert_eq!(anchors[anchor].page, Some(1));
        assert!((anchors[anchor].y - BODY_TOP).abs() < 0.01);
    }

    #[test]
    fn a_table_repeats_its_heading_row_on_the_next_page() {
        let fonts = Fonts::get().expect("fonts");
        let mut flow = Flow::new(fonts);
        let mut table = Table::new(vec![Column::new("Name", 1.0), Column::new("Value", 1.0)]);
        for n in 0..120 {
            table.push(Row::new(vec![
                Cell::text(format!("row {n}")),
                Cell::text("x"),
            ]));
        }
        flow.table(&table);
        let (pages, _) = flow.finish();
        assert!(pages.len() >= 2);
        for page in &pages {
            let first = page.marks.iter().find_map(|m| match m {
                Mark::Text { text, .. } => Some(text.as_str()),
                _ => None,
            });
            assert_eq!(first, Some("Name"));
        }
    }
}
