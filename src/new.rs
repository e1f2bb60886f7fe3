//! `vanban new`: a content file with every key of SPEC §2 (canonical English names), each
//! with a Vietnamese comment saying what goes there, prefilled from the command line. Once
//! its required values are filled in, it loads without errors.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};

use crate::content::frontmatter::quoted;
use crate::vietnamese::{clean_name, slugify};

#[derive(Debug, Clone, Default)]
pub struct NewOptions {
    pub number: Option<String>,
    pub issuer: Option<String>,
    /// Defaults to today in Vietnam.
    pub date: Option<NaiveDate>,
    pub doc_type: Option<String>,
}

/// Today in Vietnam (UTC+7), from the system clock: the day a webmaster types the file.
pub fn today() -> NaiveDate {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
        + 7 * 3600;
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("a real date");
    epoch + chrono::Days::new(secs / 86_400)
}

/// The file's text.
pub fn template(opts: &NewOptions, date: NaiveDate) -> String {
    let value = |v: &Option<String>| v.as_deref().map(quoted).unwrap_or_else(|| "\"\"".into());
    let ty = opts.doc_type.as_deref().map(quoted).unwrap_or_default();
    let date = format!("{:02}/{:02}/{}", date.day(), date.month(), date.year());
    format!(
        r#"---
# Số, ký hiệu: 44-CV/HU (kiểu Đảng) hoặc 07/KH-UBND (kiểu Nhà nước). Bắt buộc, trừ dự thảo.
number: {number}
# Loại văn bản: Công văn, Thông báo, Kế hoạch, Quyết định… Để trống thì suy ra từ ký hiệu (CV, TB, KH…).
type: {ty}
# Cơ quan ban hành: Huyện ủy Hón Quản. Bắt buộc.
issuer: {issuer}
# Cơ quan chủ quản (cấp trên): Đảng bộ tỉnh Bình Phước. Không bắt buộc.
parent:
# Ngày ban hành: ngày/tháng/năm (11/11/2018) hoặc 2018-11-11. Bắt buộc, trừ dự thảo.
date: {date}
# Địa danh: Hón Quản.
place:
# Trích yếu: nội dung văn bản, ghi đúng như bản giấy ("V/v …"). Bắt buộc.
subject: ""
# Kính gửi: danh sách, mỗi dòng một nơi, ví dụ ["Các chi, đảng bộ trực thuộc"].
recipients: []
# Nơi nhận: danh sách, ví dụ ["Như trên,", "Đăng website HU,", "Lưu VPHU."].
distribution: []
# Người ký: thẩm quyền (T/M, KT., TL., TUQ., Q.), chức vụ, họ tên; phần nào thiếu thì để trống.
signer:
  # Thẩm quyền ký: T/M BAN THƯỜNG VỤ, KT. CHỦ TỊCH…
  authority:
  # Chức vụ: PHÓ BÍ THƯ THƯỜNG TRỰC…
  title:
  # Họ và tên người ký.
  name:
# Phong trào, cuộc vận động: ví dụ ["Dân vận khéo"].
campaigns: []
# Căn cứ: số, ký hiệu các văn bản được dẫn, ngoài những văn bản đã nêu trong nội dung.
references: []
# Tệp đính kèm (bản chụp, .pdf, .docx) đặt cạnh tệp này, ví dụ ["44-CV-HU.pdf"].
attachments: []
# Độ mật: Mật / Tối mật / Tuyệt mật. Có giá trị thì văn bản KHÔNG BAO GIỜ được đăng.
secrecy:
# Dự thảo: true nếu văn bản chưa ký (chưa có số, chưa có ngày); chỉ đăng khi build với --drafts.
draft: false
# Đường dẫn trang (không bắt buộc): để trống thì lấy từ số ký hiệu và cơ quan ban hành.
slug:
---

Nội dung văn bản (Markdown): các đoạn, mục 1., 2., **chữ đậm**, *chữ nghiêng*.
"#,
        number = value(&opts.number),
        issuer = value(&opts.issuer),
    )
}

/// Where the file goes: `content/<year>/<slug>.md`, the slug as the page's would be when
/// number and issuer are known, else `van-ban-moi-<date>`.
pub fn file_path(root: &Path, opts: &NewOptions, date: NaiveDate) -> PathBuf {
    let named = [opts.number.as_deref(), opts.issuer.as_deref()]
        .into_iter()
        .flatten()
        .map(clean_name)
        .collect::<Vec<_>>()
        .join(" ");
    let mut slug = slugify(&named);
    if opts.number.is_none() || slug.is_empty() {
        slug = format!("van-ban-moi-{}", date.format("%Y-%m-%d"));
        if !named.is_empty() {
            slug = format!("{slug}-{}", slugify(&named));
        }
    }
    root.join("content")
        .join(date.year().to_string())
        .join(format!("{slug}.md"))
}

/// Writes the new file and returns its path; never replaces an existing file.
pub fn create(root: &Path, opts: &NewOptions) -> Result<PathBuf, String> {
    if !root.join("content").is_dir() {
        return Err(format!(
            "{} has no content/ folder; is --root the site folder?",
            root.display()
        ));
    }
    let date = opts.date.unwrap_or_else(today);
    let path = file_path(root, opts, date);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    // create_new: the check and the creation are one step, so nothing is ever overwritten.
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => {
                format!("{} already exists; not overwritten", path.display())
            }
            _ => format!("cannot write {}: {e}", path.display()),
        })?;
    file.write_all(template(opts, date).as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(path)
}

/// Parses `--date`: the forms a content file accepts, a full date.
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    match crate::content::fields::date(&serde_yaml::Value::String(s.to_string()))
        .map_err(|t| t.said())?
    {
        Some(crate::model::DocDate::Day(d)) => Ok(d),
        _ => Err(format!(
            "`{s}` is not a full date; write 11/11/2018 or 2018-11-11"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_in_the_template() {
        let t = template(&NewOptions::default(), today());
        for (key, _) in crate::content::fields::KEYS {
            assert!(t.contains(&format!("\n{key}:")), "missing {key}");
        }
    }

    #[test]
    fn arguments_are_quoted_safely() {
        let opts = NewOptions {
            number: Some("44-CV/HU".into()),
            issuer: Some("Huyện ủy \"Hón\" Quản: x".into()),
            ..Default::default()
        };
        let t = template(&opts, NaiveDate::from_ymd_opt(2018, 11, 11).unwrap());
        assert!(t.contains("number: \"44-CV/HU\"\n"));
        assert!(t.contains("issuer: \"Huyện ủy \\\"Hón\\\" Quản: x\"\n"));
        assert!(t.contains("date: 11/11/2018\n"));
    }

    #[test]
    fn file_is_named_like_its_page() {
        let opts = NewOptions {
            number: Some("44-CV/HU".into()),
            issuer: Some("Huyện ủy Hón Quản".into()),
            ..Default::default()
        };
        let d = NaiveDate::from_ymd_opt(2018, 11, 11).unwrap();
        assert_eq!(
            file_path(Path::new("/s"), &opts, d),
            Path::new("/s/content/2018/44-cv-hu-huyen-uy-hon-quan.md")
        );
        assert_eq!(
            file_path(Path::new("/s"), &NewOptions::default(), d),
            Path::new("/s/content/2018/van-ban-moi-2018-11-11.md")
        );
    }
}
