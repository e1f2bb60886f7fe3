//! Text of a Word 97–2003 `.doc`: the compound file (read by the `cfb` crate) holds a
//! `WordDocument` stream whose FIB points at the piece table (CLX → PlcPcd) in the `0Table`
//! or `1Table` stream. Each piece is a run of character positions stored either as 8-bit
//! Windows-1252 ("compressed") or as UTF-16. Only the main document's text is read (the
//! first `ccpText` characters); footnotes, headers and comments come after it. Cell and row
//! marks end a line, so the header table comes out cell by cell, as from a `.docx`.

use std::io::{Cursor, Read};

use crate::messages::Text;

/// Streams larger than this are refused: no directive is that long.
const MAX_STREAM: u64 = 64 * 1024 * 1024;

/// The text of a `.doc` file, one line a paragraph or cell.
pub fn read_doc(bytes: &[u8]) -> Result<String, Text> {
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes))
        .map_err(|e| Text::new("doc-not-compound").with("reason", Text::plain(e.to_string())))?;
    let word = read_stream(&mut file, "/WordDocument")?;
    let fib = Fib::read(&word)?;
    let table = read_stream(&mut file, if fib.table1 { "/1Table" } else { "/0Table" })?;
    let clx = table
        .get(fib.fc_clx..fib.fc_clx.saturating_add(fib.lcb_clx))
        .ok_or_else(|| Text::new("doc-table-outside"))?;
    let pieces = piece_table(clx)?;
    let mut units: Vec<u16> = Vec::new();
    for p in pieces {
        if p.cp_start >= fib.ccp_text {
            break;
        }
        let count = p.cp_end.min(fib.ccp_text) - p.cp_start;
        if p.compressed {
            let text = word
                .get(p.fc..p.fc.saturating_add(count))
                .ok_or_else(|| Text::new("doc-piece-outside"))?;
            units.extend(text.iter().map(|b| cp1252(*b)));
        } else {
            let text = word
                .get(p.fc..p.fc.saturating_add(count.saturating_mul(2)))
                .ok_or_else(|| Text::new("doc-piece-outside"))?;
            units.extend(
                text.chunks_exact(2)
                    .map(|pair| u16::from_le_bytes([pair[0], pair[1]])),
            );
        }
    }
    Ok(plain_text(&String::from_utf16_lossy(&units)))
}

fn read_stream<F: Read + std::io::Seek>(
    file: &mut cfb::CompoundFile<F>,
    name: &str,
) -> Result<Vec<u8>, Text> {
    let stream = file
        .open_stream(name)
        .map_err(|_| Text::new("doc-no-stream").with("stream", &name[1..]))?;
    let mut out = Vec::new();
    stream
        .take(MAX_STREAM)
        .read_to_end(&mut out)
        .map_err(|e| Text::new("doc-corrupt").with("reason", Text::io(&e)))?;
    Ok(out)
}

/// What the File Information Block says that the reader needs.
struct Fib {
    table1: bool,
    ccp_text: usize,
    fc_clx: usize,
    lcb_clx: usize,
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

impl Fib {
    fn read(word: &[u8]) -> Result<Fib, Text> {
        let short = || Text::new("doc-fib-short");
        if u16_at(word, 0) != Some(0xA5EC) {
            return Err(Text::new("doc-no-fib"));
        }
        let flags = u16_at(word, 0x0A).ok_or_else(short)?;
        if flags & 0x0100 != 0 {
            return Err(Text::new("doc-encrypted"));
        }
        // FibBase (32 bytes), then csw and FibRgW, cslw and FibRgLw, cbRgFcLcb and the
        // FibRgFcLcb pairs; ccpText is the fourth FibRgLw value, fcClx/lcbClx pair 33.
        let csw = usize::from(u16_at(word, 32).ok_or_else(short)?);
        let lw_at = 34 + csw * 2;
        let cslw = usize::from(u16_at(word, lw_at).ok_or_else(short)?);
        let rglw = lw_at + 2;
        let ccp_text = u32_at(word, rglw + 12).ok_or_else(short)? as usize;
        let fclcb = rglw + cslw * 4 + 2;
        let fc_clx = u32_at(word, fclcb + 33 * 8).ok_or_else(short)? as usize;
        let lcb_clx = u32_at(word, fclcb + 33 * 8 + 4).ok_or_else(short)? as usize;
        Ok(Fib {
            table1: flags & 0x0200 != 0,
            ccp_text,
            fc_clx,
            lcb_clx,
        })
    }
}

/// One piece: character positions `cp_start..cp_end`, stored at byte `fc` of the
/// WordDocument stream, one byte a character when `compressed`.
struct Piece {
    cp_start: usize,
    cp_end: usize,
    fc: usize,
    compressed: bool,
}

/// The pieces of a CLX: property runs (`0x01`) skipped, then the PlcPcd (`0x02`).
fn piece_table(clx: &[u8]) -> Result<Vec<Piece>, Text> {
    let corrupt = || Text::new("doc-bad-table");
    let mut at = 0;
    loop {
        match clx.get(at) {
            Some(0x01) => {
                let size = usize::from(u16_at(clx, at + 1).ok_or_else(corrupt)?);
                at += 3 + size;
            }
            Some(0x02) => break,
            _ => return Err(corrupt()),
        }
    }
    let lcb = u32_at(clx, at + 1).ok_or_else(corrupt)? as usize;
    let plc = clx.get(at + 5..at + 5 + lcb).ok_or_else(corrupt)?;
    // n + 1 character positions of 4 bytes, then n piece descriptors of 8.
    if plc.len() < 4 || (plc.len() - 4) % 12 != 0 {
        return Err(corrupt());
    }
    let n = (plc.len() - 4) / 12;
    let mut pieces = Vec::with_capacity(n);
    for i in 0..n {
        let cp_start = u32_at(plc, i * 4).ok_or_else(corrupt)? as usize;
        let cp_end = u32_at(plc, (i + 1) * 4).ok_or_else(corrupt)? as usize;
        let fc_raw = u32_at(plc, (n + 1) * 4 + i * 8 + 2).ok_or_else(corrupt)?;
        let compressed = fc_raw & 0x4000_0000 != 0;
        let fc = (fc_raw & 0x3FFF_FFFF) as usize;
        if cp_end < cp_start {
            return Err(corrupt());
        }
        pieces.push(Piece {
            cp_start,
            cp_end,
            fc: if compressed { fc / 2 } else { fc },
            compressed,
        });
    }
    Ok(pieces)
}

/// A byte of a compressed piece as Windows-1252 (the C1 range differs from Latin-1).
fn cp1252(b: u8) -> u16 {
    const C1: [u16; 32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013,
        0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ];
    match b {
        0x80..=0x9F => C1[usize::from(b - 0x80)],
        _ => u16::from(b),
    }
}

/// Word's control characters as text: paragraph, cell and row marks, line and page breaks
/// end a line; a field shows its result, not its code; objects and soft hyphens go.
fn plain_text(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    // Depth of fields whose code (before the separator) is being skipped.
    let mut in_code: Vec<bool> = Vec::new();
    for c in raw.chars() {
        match c {
            '\u{13}' => in_code.push(true),
            '\u{14}' => {
                if let Some(top) = in_code.last_mut() {
                    *top = false;
                }
            }
            '\u{15}' => {
                in_code.pop();
            }
            _ if in_code.last() == Some(&true) => {}
            '\r' | '\u{7}' | '\u{b}' | '\u{c}' | '\u{e}' => out.push('\n'),
            '\u{1e}' => out.push('-'),
            '\u{1f}' | '\u{1}' | '\u{8}' | '\u{2}' | '\u{5}' => {}
            '\u{a0}' => out.push(' '),
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A minimal Word 97 file: a FIB, a table stream with one CLX, and the given pieces
    /// (text, compressed?) laid one after the other.
    fn doc_bytes(pieces: &[(&str, bool)], encrypted: bool) -> Vec<u8> {
        let mut word = vec![0u8; 1024];
        word[0..2].copy_from_slice(&0xA5ECu16.to_le_bytes());
        let flags: u16 = 0x0200 | if encrypted { 0x0100 } else { 0 };
        word[0x0A..0x0C].copy_from_slice(&flags.to_le_bytes());
        word[32..34].copy_from_slice(&14u16.to_le_bytes());
        let lw_at = 34 + 28;
        word[lw_at..lw_at + 2].copy_from_slice(&22u16.to_le_bytes());
        let rglw = lw_at + 2;
        let fclcb = rglw + 22 * 4 + 2;
        let mut cps = vec![0u32];
        let mut pcds = Vec::new();
        for (text, compressed) in pieces {
            let fc = word.len();
            let n;
            if *compressed {
                word.extend(text.chars().map(|c| c as u8));
                n = text.chars().count();
                pcds.push((fc as u32 * 2) | 0x4000_0000);
            } else {
                let units: Vec<u16> = text.encode_utf16().collect();
                n = units.len();
                for u in units {
                    word.extend(u.to_le_bytes());
                }
                pcds.push(fc as u32);
            }
            cps.push(cps.last().unwrap() + n as u32);
        }
        let ccp = *cps.last().unwrap();
        word[rglw + 12..rglw + 16].copy_from_slice(&ccp.to_le_bytes());
        let mut plc = Vec::new();
        for cp in &cps {
            plc.extend(cp.to_le_bytes());
        }
        for fc in &pcds {
            plc.extend(0u16.to_le_bytes());
            plc.extend(fc.to_le_bytes());
            plc.extend(0u16.to_le_bytes());
        }
        let mut table = vec![0x01, 2, 0, 0xAA, 0xBB, 0x02];
        table.extend((plc.len() as u32).to_le_bytes());
        table.extend(plc);
        word[fclcb + 33 * 8..fclcb + 33 * 8 + 4].copy_from_slice(&0u32.to_le_bytes());
        word[fclcb + 33 * 8 + 4..fclcb + 33 * 8 + 8]
            .copy_from_slice(&(table.len() as u32).to_le_bytes());
        let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
        file.create_stream("/WordDocument")
            .unwrap()
            .write_all(&word)
            .unwrap();
        file.create_stream("/1Table")
            .unwrap()
            .write_all(&table)
            .unwrap();
        file.flush().unwrap();
        file.into_inner().into_inner()
    }

    #[test]
    fn compressed_and_utf16_pieces_in_order() {
        let bytes = doc_bytes(
            &[
                ("HUY\u{1}N\r\u{93}A\u{94}\u{7}", true),
                ("HUYỆN ỦY AN PHÚ\rSố 12-CV/HU\u{7}\u{7}", false),
                ("\u{13} PAGE \u{14}3\u{15} trang\r", false),
            ],
            false,
        );
        let text = read_doc(&bytes).unwrap();
        assert_eq!(text, "HUYN\n“A”\nHUYỆN ỦY AN PHÚ\nSố 12-CV/HU\n\n3 trang\n");
    }

    #[test]
    fn encrypted_and_corrupt_files_are_errors() {
        let bytes = doc_bytes(&[("x", false)], true);
        assert!(
            read_doc(&bytes)
                .unwrap_err()
                .to_string()
                .contains("encrypted")
        );
        assert!(read_doc(b"\xD0\xCF\x11\xE0 nonsense").is_err());
        let mut cut = doc_bytes(&[("abc", false)], false);
        cut.truncate(cut.len() / 2);
        assert!(read_doc(&cut).is_err());
    }
}
