//! Text of a `.docx`: `word/document.xml` read in order, one line per paragraph, bold and
//! italic kept as Markdown. Layout tables (the two-column header and signature blocks of an
//! official document) are read cell by cell, so their lines come out as the parser expects;
//! tables that hold data become Markdown tables.

use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::legacy::{self, Legacy};
use crate::messages::Text;

/// document.xml larger than this is refused: a zip bomb, not a directive.
const MAX_XML: u64 = 64 * 1024 * 1024;

/// The text of a .docx file and the legacy encoding its fonts declared, if any.
pub fn read_docx(bytes: &[u8]) -> Result<(String, Option<Legacy>), Text> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| Text::new("docx-not-zip").with("reason", Text::plain(e.to_string())))?;
    let entry = archive
        .by_name("word/document.xml")
        .map_err(|_| Text::new("docx-no-document"))?;
    let mut xml = String::new();
    entry
        .take(MAX_XML)
        .read_to_string(&mut xml)
        .map_err(|e| Text::new("docx-unreadable").with("reason", Text::io(&e)))?;
    document_text(&xml)
}

#[derive(Default, Clone, Copy, PartialEq)]
struct Format {
    bold: bool,
    italic: bool,
    legacy: Option<Legacy>,
    caps_font: bool,
}

#[derive(Default)]
struct Para {
    /// Runs with their format, merged when adjacent runs share one.
    runs: Vec<(Format, String)>,
}

impl Para {
    fn push(&mut self, f: Format, text: &str) {
        match self.runs.last_mut() {
            Some((lf, lt)) if *lf == f => lt.push_str(text),
            _ => self.runs.push((f, text.to_string())),
        }
    }

    /// Markdown of the paragraph; a line break inside it becomes a new line.
    fn markdown(&self, found: &mut Option<Legacy>) -> String {
        let mut out = String::new();
        for (f, raw) in &self.runs {
            let mut text = match f.legacy {
                Some(enc) => {
                    *found = found.or(Some(enc));
                    legacy::convert_as(enc, raw)
                }
                None => raw.clone(),
            };
            if f.caps_font {
                text = crate::vietnamese::upper(&text);
            }
            let marker = match (f.bold, f.italic) {
                (true, true) => "***",
                (true, false) => "**",
                (false, true) => "*",
                (false, false) => "",
            };
            for (i, piece) in text.split('\n').enumerate() {
                if i > 0 {
                    out.push('\n');
                }
                let core = piece.trim();
                if marker.is_empty() || core.is_empty() {
                    out.push_str(piece);
                    continue;
                }
                // Markers must touch the text, or Markdown does not read them as emphasis.
                let lead = &piece[..piece.len() - piece.trim_start().len()];
                let trail = &piece[piece.trim_end().len()..];
                out.push_str(lead);
                out.push_str(marker);
                out.push_str(core);
                out.push_str(marker);
                out.push_str(trail);
            }
        }
        // Adjacent runs with different formats can leave `****` where bold meets bold-italic.
        out.replace("******", "").replace("****", "")
    }
}

#[derive(Default)]
struct Table {
    rows: Vec<Vec<Vec<String>>>,
}

impl Table {
    /// Tables of one or two columns and few rows are page layout, read cell by cell; the
    /// others carry data and keep their grid.
    fn render(&self) -> Vec<String> {
        let cols = self.rows.iter().map(Vec::len).max().unwrap_or(0);
        let is_layout = cols <= 1 || (cols == 2 && self.rows.len() <= 3);
        let mut lines = Vec::new();
        if is_layout {
            for row in &self.rows {
                for cell in row {
                    lines.extend(cell.iter().cloned());
                    lines.push(String::new());
                }
            }
            return lines;
        }
        for (i, row) in self.rows.iter().enumerate() {
            let cells: Vec<String> = (0..cols)
                .map(|c| {
                    row.get(c)
                        .map(|p| p.join(" ").replace('|', "\\|").trim().to_string())
                        .unwrap_or_default()
                })
                .collect();
            lines.push(format!("| {} |", cells.join(" | ")));
            if i == 0 {
                lines.push(format!("|{}", " --- |".repeat(cols)));
            }
        }
        lines.push(String::new());
        lines
    }
}

fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .map(|a| a.value.to_string())
}

/// `<w:b/>` is on, `<w:b w:val="0"/>` or `false` is off.
fn toggle_on(e: &BytesStart) -> bool {
    !matches!(attr(e, "val").as_deref(), Some("0" | "false" | "off"))
}

/// The legacy encoding a font name implies: `.VnTime`, `.VnArialH` are TCVN3; `VNI-Times`
/// is VNI. The second value says the font draws only capitals.
fn font_encoding(font: &str) -> (Option<Legacy>, bool) {
    let f = font.trim();
    if f.starts_with(".Vn") {
        (Some(Legacy::Tcvn3), f.ends_with('H'))
    } else if f.to_ascii_uppercase().starts_with("VNI") {
        (Some(Legacy::Vni), false)
    } else {
        (None, false)
    }
}

fn resolve_ref(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix('x').or_else(|| num.strip_prefix('X')) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

/// Text of a WordprocessingML body. Malformed XML is an error; nothing in it panics.
pub fn document_text(xml: &str) -> Result<(String, Option<Legacy>), Text> {
    let mut reader = Reader::from_str(xml);
    let mut out: Vec<String> = Vec::new();
    let mut found: Option<Legacy> = None;
    let mut paras: Vec<Para> = Vec::new();
    let mut tables: Vec<Table> = Vec::new();
    let mut fmt = Format::default();
    let mut in_rpr = false;
    let mut in_text = false;
    // Depth inside elements whose text is not part of the document body as read.
    let mut skip = 0usize;

    loop {
        let event = reader
            .read_event()
            .map_err(|e| Text::new("docx-bad-xml").with("reason", Text::plain(e.to_string())))?;
        match event {
            Event::Eof => break,
            Event::Start(e) => {
                let name = e.local_name();
                let name = name.as_ref();
                if skip > 0 {
                    skip += 1;
                    continue;
                }
                match name {
                    "Fallback" | "del" | "instrText" | "delText" | "footnoteReference" => skip = 1,
                    "p" => paras.push(Para::default()),
                    "r" => fmt = Format::default(),
                    "rPr" => in_rpr = true,
                    "t" => in_text = true,
                    "tbl" => tables.push(Table::default()),
                    "tr" => {
                        if let Some(t) = tables.last_mut() {
                            t.rows.push(Vec::new());
                        }
                    }
                    "tc" => {
                        if let Some(row) = tables.last_mut().and_then(|t| t.rows.last_mut()) {
                            row.push(Vec::new());
                        }
                    }
                    _ => run_property(&e, in_rpr, &mut fmt),
                }
            }
            Event::Empty(e) => {
                if skip > 0 {
                    continue;
                }
                let name = e.local_name();
                match name.as_ref() {
                    "tab" if !in_rpr => {
                        if let Some(p) = paras.last_mut() {
                            p.push(fmt, " ");
                        }
                    }
                    "br" | "cr" if !in_rpr => {
                        if let Some(p) = paras.last_mut() {
                            p.push(fmt, "\n");
                        }
                    }
                    "noBreakHyphen" => {
                        if let Some(p) = paras.last_mut() {
                            p.push(fmt, "-");
                        }
                    }
                    "p" => emit(String::new(), &mut tables, &mut out),
                    _ => run_property(&e, in_rpr, &mut fmt),
                }
            }
            Event::End(e) => {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                match e.local_name().as_ref() {
                    "rPr" => in_rpr = false,
                    "t" => in_text = false,
                    "p" => {
                        if let Some(p) = paras.pop() {
                            let md = p.markdown(&mut found);
                            emit(md, &mut tables, &mut out);
                        }
                    }
                    "tbl" => {
                        if let Some(t) = tables.pop() {
                            for line in t.render() {
                                emit(line, &mut tables, &mut out);
                            }
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) if in_text && skip == 0 => {
                let text = t.xml10_content();
                if let Some(p) = paras.last_mut() {
                    p.push(fmt, &text);
                }
            }
            Event::GeneralRef(r) if in_text && skip == 0 => {
                let name: &str = &r;
                if let (Some(c), Some(p)) = (resolve_ref(name), paras.last_mut()) {
                    p.push(fmt, c.encode_utf8(&mut [0; 4]));
                }
            }
            Event::CData(t) if in_text && skip == 0 => {
                if let Some(p) = paras.last_mut() {
                    p.push(fmt, &t);
                }
            }
            _ => {}
        }
    }
    Ok((out.join("\n"), found))
}

/// A line goes into the innermost open table cell, or into the document.
fn emit(line: String, tables: &mut [Table], out: &mut Vec<String>) {
    match tables
        .last_mut()
        .and_then(|t| t.rows.last_mut())
        .and_then(|r| r.last_mut())
    {
        Some(cell) => cell.push(line),
        None => out.push(line),
    }
}

fn run_property(e: &BytesStart, in_rpr: bool, fmt: &mut Format) {
    if !in_rpr {
        return;
    }
    match e.local_name().as_ref() {
        "b" => fmt.bold = toggle_on(e),
        "i" => fmt.italic = toggle_on(e),
        "caps" => fmt.caps_font |= toggle_on(e),
        "rFonts" => {
            let font = attr(e, "ascii").or_else(|| attr(e, "hAnsi"));
            if let Some(font) = font {
                let (enc, caps) = font_encoding(&font);
                fmt.legacy = enc;
                fmt.caps_font |= caps;
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(inner: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{inner}</w:body></w:document>"#
        )
    }

    #[test]
    fn runs_bold_italic_and_entities() {
        let xml = body(
            r#"<w:p><w:r><w:t xml:space="preserve">Gửi về </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>trước ngày 10/11 </w:t></w:r><w:r><w:rPr><w:i/></w:rPr><w:t>A &amp; B</w:t></w:r><w:r><w:rPr><w:b w:val="0"/></w:rPr><w:t>.</w:t></w:r></w:p>"#,
        );
        let (text, enc) = document_text(&xml).unwrap();
        assert_eq!(text, "Gửi về **trước ngày 10/11** *A & B*.");
        assert_eq!(enc, None);
    }

    #[test]
    fn layout_table_is_read_cell_by_cell() {
        let xml = body(
            r#"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>HUYỆN ỦY HÓN QUẢN</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>ĐẢNG CỘNG SẢN VIỆT NAM</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p><w:r><w:t>Sau bảng</w:t></w:r></w:p>"#,
        );
        let (text, _) = document_text(&xml).unwrap();
        assert_eq!(
            text,
            "HUYỆN ỦY HÓN QUẢN\n\nĐẢNG CỘNG SẢN VIỆT NAM\n\nSau bảng"
        );
    }

    #[test]
    fn tcvn3_font_runs_are_converted() {
        let xml = body(
            r#"<w:p><w:r><w:rPr><w:rFonts w:ascii=".VnTimeH" w:hAnsi=".VnTimeH"/></w:rPr><w:t>HUYÖN ñY</w:t></w:r></w:p><w:p><w:r><w:rPr><w:rFonts w:ascii=".VnTime"/></w:rPr><w:t>§¶ng bé</w:t></w:r></w:p>"#,
        );
        let (text, enc) = document_text(&xml).unwrap();
        assert_eq!(text, "HUYỆN ỦY\nĐảng bộ");
        assert_eq!(enc, Some(Legacy::Tcvn3));
    }

    #[test]
    fn malformed_xml_is_an_error() {
        assert!(document_text("<w:p><w:r></w:p>").is_err());
        assert!(read_docx(b"not a zip").is_err());
    }
}
