//! Tables as the template prints them: labelled columns, text wrapped inside
//! each cell, thin borders, a shaded heading row.
//!
//! A table is described here and measured into rows of placed lines; `flow`
//! decides where the page breaks fall. A row is cut only between lines, never
//! through one, and only when it is taller than a page.

use crate::fonts::Fonts;
use crate::page::{CELL, CELL_HEADING, Colour, Mark, NOTE, TextStyle};
use crate::wrap::wrap;

/// Space between a cell's border and its text.
const PAD_X: f32 = 4.0;
const PAD_Y: f32 = 3.2;
/// A word in a cell up to this wide widens its column so as not to be cut.
const LONGEST_WORD_KEPT_WHOLE: f32 = 64.0;
/// Space between two paragraphs of one cell.
const PARAGRAPH_GAP: f32 = 2.5;

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Column {
    pub heading: String,
    /// Its share of the table's width.
    pub weight: f32,
}

impl Column {
    pub(crate) fn new(heading: impl Into<String>, weight: f32) -> Column {
        Column {
            heading: heading.into(),
            weight,
        }
    }
}

/// A run of text in a cell, with its own style.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Para {
    pub text: String,
    pub style: TextStyle,
    /// Short text best kept on one line ("14 Nov 2026"): its column is made
    /// wide enough for it.
    pub whole: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Cell {
    pub paras: Vec<Para>,
}

impl Cell {
    pub(crate) fn empty() -> Cell {
        Cell::default()
    }

    /// Plain table text.
    pub(crate) fn text(text: impl Into<String>) -> Cell {
        Cell::empty().then(text, CELL)
    }

    pub(crate) fn styled(text: impl Into<String>, style: TextStyle) -> Cell {
        Cell::empty().then(text, style)
    }

    /// The cell with one more paragraph; an empty one is left out.
    pub(crate) fn then(mut self, text: impl Into<String>, style: TextStyle) -> Cell {
        let text = text.into();
        if !text.trim().is_empty() {
            self.paras.push(Para {
                text,
                style,
                whole: false,
            });
        }
        self
    }

    /// Short text kept on one line, such as a date.
    pub(crate) fn whole(text: impl Into<String>, style: TextStyle) -> Cell {
        let mut cell = Cell::styled(text, style);
        for para in &mut cell.paras {
            para.whole = true;
        }
        cell
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Row {
    /// One per column; a single cell in a table of several columns spans them all.
    pub cells: Vec<Cell>,
    pub fill: Option<Colour>,
}

impl Row {
    pub(crate) fn new(cells: Vec<Cell>) -> Row {
        Row { cells, fill: None }
    }

    /// A shaded row across the whole table that introduces the rows below it.
    pub(crate) fn group(cell: Cell) -> Row {
        Row {
            cells: vec![cell],
            fill: Some(Colour::GROUP_FILL),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
}

impl Table {
    pub(crate) fn new(columns: Vec<Column>) -> Table {
        Table {
            columns,
            rows: Vec::new(),
        }
    }

    pub(crate) fn push(&mut self, row: Row) {
        self.rows.push(row);
    }

    /// Whether there is a heading row to print (and repeat on every page).
    pub(crate) fn has_headings(&self) -> bool {
        self.columns.iter().any(|c| !c.heading.trim().is_empty())
    }

    /// The left edge and width of each column, for a table `width` wide at
    /// `left`: shared out by weight, but never so narrow that a word of a
    /// column's heading has to be cut.
    pub(crate) fn column_edges(&self, fonts: &Fonts, left: f32, width: f32) -> Vec<(f32, f32)> {
        let weights: Vec<f32> = self.columns.iter().map(|c| c.weight.max(0.01)).collect();
        let word_width = |text: &str, style: TextStyle| {
            text.split_whitespace()
                .map(|word| fonts.width(style.face, style.size, word))
                .fold(0.0, f32::max)
        };
        let mut least: Vec<f32> = self
            .columns
            .iter()
            .map(|c| word_width(&c.heading, CELL_HEADING))
            .collect();
        // Ordinary words in the cells too ("Safeguarding"), but not long
        // codes and links, which are cut between characters instead.
        for row in self
            .rows
            .iter()
            .filter(|r| r.cells.len() == self.columns.len())
        {
            for (cell, least) in row.cells.iter().zip(least.iter_mut()) {
                for para in &cell.paras {
                    let widest = if para.whole {
                        fonts.width(para.style.face, para.style.size, &para.text)
                    } else {
                        word_width(&para.text, para.style)
                    };
                    if widest <= LONGEST_WORD_KEPT_WHOLE {
                        *least = least.max(widest);
                    }
                }
            }
        }
        let least: Vec<f32> = least.iter().map(|w| w + 2.0 * PAD_X + 0.5).collect();
        let mut widths = vec![0.0; weights.len()];
        let mut fixed = vec![false; weights.len()];
        // Columns held at their least width leave the rest to the others.
        for _ in 0..weights.len() {
            let free_width = width
                - widths
                    .iter()
                    .zip(&fixed)
                    .filter(|(_, f)| **f)
                    .map(|(w, _)| *w)
                    .sum::<f32>();
            let free_weight: f32 = weights
                .iter()
                .zip(&fixed)
                .filter(|(_, f)| !**f)
                .map(|(w, _)| *w)
                .sum();
            let mut changed = false;
            for i in 0..weights.len() {
                if fixed[i] {
                    continue;
                }
                widths[i] = free_width * weights[i] / free_weight.max(0.01);
                if widths[i] < least[i] {
                    widths[i] = least[i];
                    fixed[i] = true;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        let total: f32 = widths.iter().sum();
        if total > width + 0.01 {
            // The headings cannot all fit: share out by weight after all.
            let weight: f32 = weights.iter().sum();
            widths = weights.iter().map(|w| width * w / weight).collect();
        }
        let mut x = left;
        widths
            .iter()
            .map(|&w| {
                let edge = (x, w);
                x += w;
                edge
            })
            .collect()
    }

    pub(crate) fn heading_row(&self) -> Row {
        Row {
            cells: self
                .columns
                .iter()
                .map(|c| Cell::styled(c.heading.clone(), CELL_HEADING))
                .collect(),
            fill: Some(Colour::HEADER_FILL),
        }
    }
}

/// A line of a cell, placed relative to the top of the cell's text.
#[derive(Debug, Clone, PartialEq)]
struct PlacedLine {
    top: f32,
    text: String,
    style: TextStyle,
}

impl PlacedLine {
    fn bottom(&self) -> f32 {
        self.top + self.style.leading()
    }
}

#[derive(Debug, Clone, PartialEq)]
struct PlacedCell {
    x: f32,
    width: f32,
    lines: Vec<PlacedLine>,
}

/// A row measured for its columns: ready to be drawn or cut.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct MeasuredRow {
    cells: Vec<PlacedCell>,
    fill: Option<Colour>,
    pub height: f32,
    /// The heading row, drawn with a firmer rule below it.
    is_heading: bool,
    /// One cell across the whole table: it draws its own side borders, and
    /// the column borders stop above it.
    pub spans: bool,
}

impl MeasuredRow {
    pub(crate) fn measure(
        fonts: &Fonts,
        row: &Row,
        edges: &[(f32, f32)],
        is_heading: bool,
    ) -> MeasuredRow {
        let spans = row.cells.len() == 1 && edges.len() > 1;
        let cell_edges: Vec<(f32, f32)> = if spans {
            let (left, _) = edges[0];
            let right = edges.last().map_or(left, |(x, w)| x + w);
            vec![(left, right - left)]
        } else {
            edges.to_vec()
        };
        let cells: Vec<PlacedCell> = cell_edges
            .iter()
            .enumerate()
            .map(|(index, &(x, width))| {
                let mut lines = Vec::new();
                let mut top = 0.0;
                if let Some(cell) = row.cells.get(index) {
                    for (n, para) in cell.paras.iter().enumerate() {
                        if n > 0 && !lines.is_empty() {
                            top += PARAGRAPH_GAP;
                        }
                        for text in wrap(fonts, para.style, &para.text, width - 2.0 * PAD_X) {
                            lines.push(PlacedLine {
                                top,
                                text,
                                style: para.style,
                            });
                            top += para.style.leading();
                        }
                    }
                }
                PlacedCell { x, width, lines }
            })
            .collect();
        let mut row = MeasuredRow {
            cells,
            fill: row.fill,
            height: 0.0,
            is_heading,
            spans,
        };
        row.height = row.content_height() + 2.0 * PAD_Y;
        row
    }

    /// The most lines any of its cells holds.
    pub(crate) fn longest_cell(&self) -> usize {
        self.cells.iter().map(|c| c.lines.len()).max().unwrap_or(0)
    }

    fn content_height(&self) -> f32 {
        self.cells
            .iter()
            .filter_map(|c| c.lines.last().map(PlacedLine::bottom))
            .fold(CELL.leading(), f32::max)
    }

    /// Cuts the row so that its first part is at most `height` tall, between
    /// lines; gives the row back whole when not even one line fits (or all
    /// do). The lines are moved, never copied; the rest is moved up, which
    /// costs in proportion to what is left, so a row is never longer than
    /// `MAX_LINES_IN_A_ROW` (see `flow`).
    pub(crate) fn split(mut self, height: f32) -> Result<(MeasuredRow, MeasuredRow), MeasuredRow> {
        let room = height - 2.0 * PAD_Y;
        let cuts: Vec<usize> = self
            .cells
            .iter()
            .map(|cell| {
                cell.lines
                    .iter()
                    .position(|l| l.bottom() > room + 0.01)
                    .unwrap_or(cell.lines.len())
            })
            .collect();
        let any_placed = cuts.iter().any(|&cut| cut > 0);
        let any_left = self
            .cells
            .iter()
            .zip(&cuts)
            .any(|(cell, &cut)| cut < cell.lines.len());
        if !any_placed || !any_left {
            return Err(self);
        }
        let mut tail_cells = Vec::with_capacity(self.cells.len());
        for (cell, &cut) in self.cells.iter_mut().zip(&cuts) {
            let mut rest = cell.lines.split_off(cut);
            let shift = rest.first().map_or(0.0, |l| l.top);
            for line in &mut rest {
                line.top -= shift;
            }
            tail_cells.push(PlacedCell {
                x: cell.x,
                width: cell.width,
                lines: rest,
            });
        }
        let mut head = self;
        let mut tail = MeasuredRow {
            cells: tail_cells,
            fill: head.fill,
            height: 0.0,
            is_heading: head.is_heading,
            spans: head.spans,
        };
        // Name what continues where the first column has nothing left ("Item 2", "(continued)").
        if let (Some(head_first), Some(tail_first)) = (head.cells.first(), tail.cells.first_mut())
            && tail_first.lines.is_empty()
            && let Some(label) = head_first.lines.first()
        {
            tail_first.lines.push(label.clone());
            tail_first.lines.push(PlacedLine {
                top: label.bottom(),
                text: "(continued)".to_owned(),
                style: NOTE,
            });
        }
        head.height = head.content_height() + 2.0 * PAD_Y;
        tail.height = tail.content_height() + 2.0 * PAD_Y;
        Ok((head, tail))
    }

    /// The row's marks with its top edge at `y`; `rule_above` draws the top
    /// border. The borders between columns are drawn by the caller, once for
    /// a run of rows (see `column_rules`).
    pub(crate) fn draw(&self, fonts: &Fonts, y: f32, rule_above: bool) -> Vec<Mark> {
        let mut marks = Vec::new();
        let left = self.cells.first().map_or(0.0, |c| c.x);
        let right = self.cells.last().map_or(0.0, |c| c.x + c.width);
        if let Some(colour) = self.fill {
            marks.push(Mark::Fill {
                x: left,
                y,
                width: right - left,
                height: self.height,
                colour,
            });
        }
        for cell in &self.cells {
            for line in &cell.lines {
                let face = fonts.face(line.style.face);
                let (ascent, descent) = face.ascent_descent();
                let leading = line.style.leading();
                let baseline = y
                    + PAD_Y
                    + line.top
                    + (leading - (ascent + descent) * line.style.size) / 2.0
                    + ascent * line.style.size;
                marks.push(Mark::Text {
                    x: cell.x + PAD_X,
                    baseline,
                    style: line.style,
                    text: line.text.clone(),
                });
            }
        }
        let thin = 0.5;
        if rule_above {
            marks.push(Mark::Line {
                from: (left, y),
                to: (right, y),
                colour: Colour::BORDER,
                thickness: thin,
            });
        }
        let bottom = y + self.height;
        if self.spans {
            for x in [left, right] {
                marks.push(Mark::Line {
                    from: (x, y),
                    to: (x, bottom),
                    colour: Colour::BORDER,
                    thickness: thin,
                });
            }
        }
        let (colour, thickness) = if self.is_heading {
            (Colour::NHS_BLUE, 0.9)
        } else {
            (Colour::BORDER, thin)
        };
        marks.push(Mark::Line {
            from: (left, bottom),
            to: (right, bottom),
            colour,
            thickness,
        });
        marks
    }
}

/// The borders between and beside the columns, from `top` to `bottom`.
pub(crate) fn column_rules(edges: &[(f32, f32)], top: f32, bottom: f32) -> Vec<Mark> {
    let right = edges.last().map(|(x, w)| x + w);
    edges
        .iter()
        .map(|(x, _)| *x)
        .chain(right)
        .map(|x| Mark::Line {
            from: (x, top),
            to: (x, bottom),
            colour: Colour::BORDER,
            thickness: 0.5,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tall_row(fonts: &Fonts) -> MeasuredRow {
        let long = "word ".repeat(400);
        let row = Row::new(vec![Cell::text("short"), Cell::text(long)]);
        MeasuredRow::measure(fonts, &row, &[(0.0, 100.0), (100.0, 100.0)], false)
    }

    #[test]
    fn a_row_is_cut_between_lines_only() {
        let fonts = Fonts::get().expect("fonts");
        let row = tall_row(fonts);
        let lines = |r: &MeasuredRow, i: usize| r.cells[i].lines.len();
        let all = lines(&row, 1);
        let (head, tail) = row.clone().split(200.0).expect("cut");
        assert!(head.height <= 200.0 + 0.01);
        assert_eq!(lines(&head, 1) + lines(&tail, 1), all);
        assert_eq!(lines(&head, 0), 1);
        assert_eq!(tail.cells[0].lines[0].text, "short");
        assert_eq!(tail.cells[0].lines[1].text, "(continued)");
        assert_eq!(tail.cells[1].lines[0].top, 0.0);
        assert_eq!(row.clone().split(2.0).err(), Some(row));
    }

    #[test]
    fn one_cell_spans_the_table() {
        let fonts = Fonts::get().expect("fonts");
        let row = Row::group(Cell::text("Group"));
        let measured = MeasuredRow::measure(fonts, &row, &[(10.0, 50.0), (60.0, 50.0)], false);
        assert_eq!(measured.cells.len(), 1);
        assert_eq!(measured.cells[0].width, 100.0);
    }
}
