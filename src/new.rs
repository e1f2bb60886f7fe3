//! `vanban new`: a content file with every key of SPEC §2 (canonical English names), each
//! with a Vietnamese comment saying what goes there, prefilled from the command line. Once
//! its required values are filled in, it loads without errors.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};

use crate::content::frontmatter::{Writer, quoted};
use crate::messages::Text;
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

/// The keys of a new file in order, each with the comment above it (what goes there, in
/// Vietnamese); `signer`'s own keys follow it, indented.
const KEYS: &[(&str, &str)] = &[
    (
        "number",
        "Số, ký hiệu: 44-CV/HU (kiểu Đảng) hoặc 07/KH-UBND (kiểu Nhà nước). Bắt buộc, trừ dự thảo.",
    ),
    (
        "type",
        "Loại văn bản: Công văn, Thông báo, Kế hoạch, Quyết định… Để trống thì suy ra từ ký hiệu (CV, TB, KH…).",
    ),
    ("issuer", "Cơ quan ban hành: Huyện ủy Hón Quản. Bắt buộc."),
    (
        "parent",
        "Cơ quan chủ quản (cấp trên): Đảng bộ tỉnh Bình Phước. Không bắt buộc.",
    ),
    (
        "date",
        "Ngày ban hành: ngày/tháng/năm (11/11/2018) hoặc 2018-11-11. Bắt buộc, trừ dự thảo.",
    ),
    ("place", "Địa danh: Hón Quản."),
    (
        "subject",
        "Trích yếu: nội dung văn bản, ghi đúng như bản giấy (\"V/v …\"). Bắt buộc.",
    ),
    (
        "recipients",
        "Kính gửi: danh sách, mỗi dòng một nơi, ví dụ [\"Các chi, đảng bộ trực thuộc\"].",
    ),
    (
        "distribution",
        "Nơi nhận: danh sách, ví dụ [\"Như trên,\", \"Đăng website HU,\", \"Lưu VPHU.\"].",
    ),
    (
        "signer",
        "Người ký: thẩm quyền (T/M, KT., TL., TUQ., Q.), chức vụ, họ tên; phần nào thiếu thì để trống.",
    ),
    (
        "campaigns",
        "Phong trào, cuộc vận động: ví dụ [\"Dân vận khéo\"].",
    ),
    (
        "references",
        "Căn cứ: số, ký hiệu các văn bản được dẫn, ngoài những văn bản đã nêu trong nội dung.",
    ),
    (
        "attachments",
        "Tệp đính kèm (bản chụp, .pdf, .docx) đặt cạnh tệp này, ví dụ [\"44-CV-HU.pdf\"].",
    ),
    (
        "secrecy",
        "Độ mật: Mật / Tối mật / Tuyệt mật. Có giá trị thì văn bản KHÔNG BAO GIỜ được đăng.",
    ),
    (
        "draft",
        "Dự thảo: true nếu văn bản chưa ký (chưa có số, chưa có ngày); chỉ đăng khi build với --drafts.",
    ),
    (
        "slug",
        "Đường dẫn trang (không bắt buộc): để trống thì lấy từ số ký hiệu và cơ quan ban hành.",
    ),
];

/// `signer`'s keys, with their comments.
const SIGNER_KEYS: &[(&str, &str)] = &[
    (
        "authority",
        "Thẩm quyền ký: T/M BAN THƯỜNG VỤ, KT. CHỦ TỊCH…",
    ),
    ("title", "Chức vụ: PHÓ BÍ THƯ THƯỜNG TRỰC…"),
    ("name", "Họ và tên người ký."),
];

/// The file's text, written through the one front-matter [`Writer`].
pub fn template(opts: &NewOptions, date: NaiveDate) -> String {
    let value = |v: &Option<String>| v.as_deref().map(quoted).unwrap_or_else(|| "\"\"".into());
    let date = format!("{:02}/{:02}/{}", date.day(), date.month(), date.year());
    let mut w = Writer::default();
    for (key, comment) in KEYS {
        w.comment(comment);
        match *key {
            "number" => w.plain(key, &value(&opts.number)),
            "type" => match opts.doc_type.as_deref() {
                Some(t) => w.quoted(key, t),
                None => w.empty(key),
            },
            "issuer" => w.plain(key, &value(&opts.issuer)),
            "date" => w.plain(key, &date),
            "subject" => w.plain(key, "\"\""),
            "draft" => w.plain(key, "false"),
            "signer" => {
                w.open(key);
                for (inner, comment) in SIGNER_KEYS {
                    w.comment(comment).empty(inner);
                }
                w.close()
            }
            "recipients" | "distribution" | "campaigns" | "references" | "attachments" => {
                w.plain(key, "[]")
            }
            _ => w.empty(key),
        };
    }
    w.finish("\nNội dung văn bản (Markdown): các đoạn, mục 1., 2., **chữ đậm**, *chữ nghiêng*.\n")
}

/// Where the file goes: `content/<year>/<slug>.md`, the slug as the page's would be when
/// number and issuer are known, else `van-ban-moi-<date>`.
pub(crate) fn file_path(root: &Path, opts: &NewOptions, date: NaiveDate) -> PathBuf {
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
pub fn create(root: &Path, opts: &NewOptions) -> Result<PathBuf, Text> {
    if !root.join("content").is_dir() {
        return Err(Text::new("new-no-content").with("path", root.display().to_string()));
    }
    let date = opts.date.unwrap_or_else(today);
    let path = file_path(root, opts, date);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Text::failed("cannot-create", dir, &e))?;
    }
    // create_new: the check and the creation are one step, so nothing is ever overwritten.
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => {
                Text::new("new-exists").with("path", path.display().to_string())
            }
            _ => Text::failed("cannot-write", &path, &e),
        })?;
    file.write_all(template(opts, date).as_bytes())
        .map_err(|e| Text::failed("cannot-write", &path, &e))?;
    Ok(path)
}

/// Parses `--date`: the forms a content file accepts, a full date.
pub(crate) fn parse_date(s: &str) -> Result<NaiveDate, String> {
    match crate::content::fields::date(&serde_yaml::Value::String(s.to_string()))
        .map_err(|t| t.said())?
    {
        Some(crate::model::DocDate::Day(d)) => Ok(d),
        _ => Err(Text::new("new-date-partial").with("date", s).said()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_key_has_its_comment_above_it_and_signer_keys_are_indented() {
        let d = NaiveDate::from_ymd_opt(2018, 11, 11).unwrap();
        let t = template(&NewOptions::default(), d);
        assert!(t.starts_with("---\n# Số, ký hiệu: 44-CV/HU"));
        assert!(
            t.contains("\ntype:\n# Cơ quan ban hành"),
            "an empty type is null"
        );
        assert!(t.contains(
            "\nsigner:\n  # Thẩm quyền ký: T/M BAN THƯỜNG VỤ, KT. CHỦ TỊCH…\n  authority:\n"
        ));
        assert!(t.ends_with("slug:\n---\n\nNội dung văn bản (Markdown): các đoạn, mục 1., 2., **chữ đậm**, *chữ nghiêng*.\n"));
        let typed = NewOptions {
            doc_type: Some("Công văn".into()),
            ..Default::default()
        };
        assert!(template(&typed, d).contains("\ntype: \"Công văn\"\n"));
    }

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
