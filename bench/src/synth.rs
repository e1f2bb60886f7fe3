//! Synthetic archives: a site folder of realistic Vietnamese directive documents, for load
//! tests and for measuring the citation resolver against a known ground truth.
//!
//! The archive mimics what a provincial webmaster holds: an issuer tree of Party committees,
//! their mass-mobilisation boards (Ban Dân vận) and People's Committees down to communes;
//! numbers that count up per issuer and year, so that `12-CV/HU` exists for many Huyện ủy;
//! bodies that cite earlier documents up the tree in the forms of SPEC §4. Every citation
//! planted is written to `citations.tsv` with the document it must resolve to.
//!
//! Output is byte-identical for the same options: every random choice comes from ChaCha8
//! seeded from the seed alone (one stream for planning, one stream per document for its
//! text), and numbers are drawn with our own helpers rather than `rand`'s distributions,
//! whose algorithms may change between versions.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use rand::{Rng as _, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use unicode_normalization::UnicodeNormalization;

use vanban::content::frontmatter::{Writer, quoted, scalar};
use vanban::ids::DocId;
use vanban::number::number_key;
use vanban::vietnamese::{identity_key, long_date, slugify, upper};

/// What to generate.
#[derive(Clone, Debug)]
pub struct SynthOptions {
    /// Number of document files.
    pub docs: usize,
    /// Seed: the same seed and options give byte-identical output.
    pub seed: u64,
    /// Every Nth document (in date order) carries `secrecy: Mật`.
    pub secret_every: Option<usize>,
    /// Every Nth document (in date order) is an unsigned draft: no number, year-only date.
    pub draft_every: Option<usize>,
}

/// What was generated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SynthSummary {
    /// Document files written.
    pub docs: usize,
    /// Distinct issuers (by name identity) among the documents written.
    pub issuers: usize,
    /// Lines of `citations.tsv`.
    pub citations_planted: usize,
    /// Bytes written, all files together.
    pub bytes: u64,
}

/// First and last year of the archive.
const FIRST_YEAR: i32 = 2010;
const LAST_YEAR: i32 = 2025;

/// Of the citations whose natural wording is ambiguous (the number exists for several
/// issuers or years and neither date nor issuer tells them apart), this many per thousand are
/// left ambiguous and marked so; the rest get the date and the issuer's full name.
const KEEP_AMBIGUOUS_PER_MILLE: usize = 120;

// ---------------------------------------------------------------------------------------
// Random choices

/// ChaCha8 with small helpers. Seeded by bytes we lay out ourselves (not `seed_from_u64`)
/// so that the stream depends only on the ChaCha8 algorithm, not on a crate's seeding.
struct Dice(ChaCha8Rng);

/// Stream purposes: planning, and one stream per document's text.
const PURPOSE_PLAN: u8 = 1;
const PURPOSE_TEXT: u8 = 2;

impl Dice {
    fn new(seed: u64, purpose: u8, stream: u64) -> Self {
        let mut bytes = [0u8; 32];
        bytes[..8].copy_from_slice(&seed.to_le_bytes());
        bytes[8] = purpose;
        bytes[9..15].copy_from_slice(b"vanban");
        let mut rng = ChaCha8Rng::from_seed(bytes);
        rng.set_stream(stream);
        Dice(rng)
    }

    /// Uniform in `0..n` (multiply-shift; the bias is below 2^-40 for our ranges).
    fn below(&mut self, n: usize) -> usize {
        debug_assert!(n > 0);
        ((u128::from(self.0.next_u64()) * n as u128) >> 64) as usize
    }

    fn range(&mut self, lo: usize, hi_inclusive: usize) -> usize {
        lo + self.below(hi_inclusive - lo + 1)
    }

    fn per_mille(&mut self, p: usize) -> bool {
        self.below(1000) < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u32 = weights.iter().sum();
        let mut x = self.below(total as usize) as u32;
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }
}

// ---------------------------------------------------------------------------------------
// Places

/// Provinces and some of their districts (real names). Châu Thành and Phú Tân occur in
/// several provinces, as in reality: same-named issuers under different parents. Small
/// archives use only the first provinces, so Tiền Giang and Bến Tre (both with a Châu
/// Thành) come early.
const PROVINCES: &[(&str, &[&str])] = &[
    (
        "Bình Phước",
        &[
            "Hón Quản",
            "Đồng Phú",
            "Bù Đăng",
            "Bù Đốp",
            "Lộc Ninh",
            "Chơn Thành",
            "Bù Gia Mập",
            "Phú Riềng",
        ],
    ),
    (
        "Tiền Giang",
        &[
            "Châu Thành",
            "Cái Bè",
            "Cai Lậy",
            "Chợ Gạo",
            "Gò Công Tây",
            "Gò Công Đông",
            "Tân Phước",
            "Tân Phú Đông",
        ],
    ),
    (
        "Bến Tre",
        &[
            "Châu Thành",
            "Chợ Lách",
            "Mỏ Cày Nam",
            "Mỏ Cày Bắc",
            "Giồng Trôm",
            "Bình Đại",
            "Ba Tri",
            "Thạnh Phú",
        ],
    ),
    (
        "Bình Thuận",
        &[
            "Tuy Phong",
            "Bắc Bình",
            "Hàm Thuận Bắc",
            "Hàm Thuận Nam",
            "Tánh Linh",
            "Đức Linh",
            "Hàm Tân",
            "Phú Quý",
        ],
    ),
    (
        "Lâm Đồng",
        &[
            "Đơn Dương",
            "Đức Trọng",
            "Lâm Hà",
            "Di Linh",
            "Bảo Lâm",
            "Đạ Huoai",
            "Cát Tiên",
            "Lạc Dương",
        ],
    ),
    (
        "Quảng Ngãi",
        &[
            "Bình Sơn",
            "Sơn Tịnh",
            "Tư Nghĩa",
            "Nghĩa Hành",
            "Mộ Đức",
            "Ba Tơ",
            "Sơn Hà",
            "Minh Long",
        ],
    ),
    (
        "Long An",
        &[
            "Bến Lức",
            "Đức Hòa",
            "Đức Huệ",
            "Cần Giuộc",
            "Cần Đước",
            "Tân Trụ",
            "Thạnh Hóa",
            "Thủ Thừa",
        ],
    ),
    (
        "An Giang",
        &[
            "An Phú",
            "Châu Phú",
            "Chợ Mới",
            "Phú Tân",
            "Thoại Sơn",
            "Tịnh Biên",
            "Tri Tôn",
            "Châu Thành",
        ],
    ),
    (
        "Thanh Hóa",
        &[
            "Hoằng Hóa",
            "Hậu Lộc",
            "Nga Sơn",
            "Quảng Xương",
            "Thọ Xuân",
            "Triệu Sơn",
            "Nông Cống",
            "Tĩnh Gia",
        ],
    ),
    (
        "Nghệ An",
        &[
            "Diễn Châu",
            "Quỳnh Lưu",
            "Yên Thành",
            "Nghi Lộc",
            "Hưng Nguyên",
            "Nam Đàn",
            "Thanh Chương",
            "Đô Lương",
        ],
    ),
    (
        "Hà Tĩnh",
        &[
            "Can Lộc",
            "Đức Thọ",
            "Hương Sơn",
            "Thạch Hà",
            "Cẩm Xuyên",
            "Kỳ Anh",
            "Nghi Xuân",
            "Hương Khê",
        ],
    ),
    (
        "Quảng Nam",
        &[
            "Duy Xuyên",
            "Quế Sơn",
            "Thăng Bình",
            "Núi Thành",
            "Phú Ninh",
            "Đại Lộc",
            "Tiên Phước",
            "Hiệp Đức",
        ],
    ),
    (
        "Thái Bình",
        &[
            "Đông Hưng",
            "Hưng Hà",
            "Kiến Xương",
            "Quỳnh Phụ",
            "Thái Thụy",
            "Tiền Hải",
            "Vũ Thư",
        ],
    ),
    (
        "Nam Định",
        &[
            "Giao Thủy",
            "Hải Hậu",
            "Nghĩa Hưng",
            "Trực Ninh",
            "Xuân Trường",
            "Ý Yên",
            "Vụ Bản",
            "Mỹ Lộc",
        ],
    ),
    (
        "Đắk Lắk",
        &[
            "Cư M'gar",
            "Krông Pắc",
            "Ea Kar",
            "Krông Năng",
            "Buôn Đôn",
            "Lắk",
            "M'Đrắk",
            "Cư Kuin",
        ],
    ),
    (
        "Gia Lai",
        &[
            "Chư Păh",
            "Chư Prông",
            "Chư Sê",
            "Đak Đoa",
            "Ia Grai",
            "Mang Yang",
            "Kông Chro",
            "Đức Cơ",
        ],
    ),
    (
        "Sóc Trăng",
        &[
            "Châu Thành",
            "Kế Sách",
            "Mỹ Tú",
            "Mỹ Xuyên",
            "Long Phú",
            "Cù Lao Dung",
            "Thạnh Trị",
            "Trần Đề",
        ],
    ),
    (
        "Cà Mau",
        &[
            "Thới Bình",
            "U Minh",
            "Trần Văn Thời",
            "Cái Nước",
            "Đầm Dơi",
            "Năm Căn",
            "Phú Tân",
            "Ngọc Hiển",
        ],
    ),
    (
        "Tây Ninh",
        &[
            "Tân Biên",
            "Tân Châu",
            "Dương Minh Châu",
            "Châu Thành",
            "Hòa Thành",
            "Gò Dầu",
            "Bến Cầu",
            "Trảng Bàng",
        ],
    ),
    (
        "Vĩnh Long",
        &[
            "Long Hồ",
            "Mang Thít",
            "Vũng Liêm",
            "Tam Bình",
            "Trà Ôn",
            "Bình Tân",
        ],
    ),
];

/// Syllables from which commune names are built (Tân Lợi, Phước Thạnh …).
const COMMUNE_FIRST: &[&str] = &[
    "Tân", "Phước", "An", "Mỹ", "Long", "Bình", "Hòa", "Thạnh", "Vĩnh", "Phú", "Xuân", "Hưng",
    "Đông", "Nghĩa", "Thanh", "Quảng",
];
const COMMUNE_SECOND: &[&str] = &[
    "Lợi", "Thạnh", "Phú", "An", "Bình", "Long", "Hiệp", "Thuận", "Đức", "Lộc", "Tiến", "Hưng",
    "Mỹ", "Sơn", "Trung", "Thành",
];
/// Communes per district, for the first districts of each province.
const COMMUNE_DISTRICTS: usize = 3;
const COMMUNES_PER_DISTRICT: usize = 2;

/// Two commune names that differ only by a tone mark: different issuers whose slugs fold
/// alike (`dang-uy-xa-tan-hoa`), so URL and file-name collisions are exercised.
const TONE_PAIR: [&str; 2] = ["Tân Hòa", "Tân Hóa"];

// ---------------------------------------------------------------------------------------
// Issuers

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Central,
    ProvinceCommittee,
    ProvinceBoard,
    ProvincePeople,
    DistrictCommittee,
    DistrictBoard,
    DistrictPeople,
    Commune,
}

impl Kind {
    fn is_committee(self) -> bool {
        matches!(
            self,
            Kind::ProvinceCommittee | Kind::DistrictCommittee | Kind::Commune
        )
    }
    /// "tỉnh", "huyện" or "xã": the level words used in the prose.
    fn level(self) -> &'static str {
        match self {
            Kind::Central => "các cấp",
            Kind::ProvinceCommittee | Kind::ProvinceBoard | Kind::ProvincePeople => "tỉnh",
            Kind::DistrictCommittee | Kind::DistrictBoard | Kind::DistrictPeople => "huyện",
            Kind::Commune => "xã",
        }
    }
    /// The committee the issuer belongs to, as documents name it without a place.
    fn committee(self) -> &'static str {
        match self {
            Kind::Central => "Trung ương",
            Kind::ProvinceCommittee | Kind::ProvinceBoard | Kind::ProvincePeople => "Tỉnh ủy",
            Kind::DistrictCommittee | Kind::DistrictBoard | Kind::DistrictPeople => "Huyện ủy",
            Kind::Commune => "Đảng ủy",
        }
    }
    /// How a document names its own issuer in the prose ("Ban Thường vụ Huyện ủy đề nghị").
    fn actor(self) -> &'static str {
        match self {
            Kind::Central => "Ban Bí thư",
            Kind::ProvinceCommittee => "Ban Thường vụ Tỉnh ủy",
            Kind::ProvinceBoard => "Ban Dân vận Tỉnh ủy",
            Kind::ProvincePeople => "UBND tỉnh",
            Kind::DistrictCommittee => "Ban Thường vụ Huyện ủy",
            Kind::DistrictBoard => "Ban Dân vận Huyện ủy",
            Kind::DistrictPeople => "UBND huyện",
            Kind::Commune => "Ban Thường vụ Đảng ủy",
        }
    }
    /// The short name used after "của" when the place is left out.
    fn short(self) -> &'static str {
        match self {
            Kind::Central => "Trung ương",
            Kind::ProvinceCommittee => "Tỉnh ủy",
            Kind::ProvinceBoard => "Ban Dân vận Tỉnh ủy",
            Kind::ProvincePeople => "UBND tỉnh",
            Kind::DistrictCommittee => "Huyện ủy",
            Kind::DistrictBoard => "Ban Dân vận Huyện ủy",
            Kind::DistrictPeople => "UBND huyện",
            Kind::Commune => "Đảng ủy xã",
        }
    }
    /// The issuer part of a Party-style symbol (`…/HU`); None for state style.
    fn symbol(self) -> Option<&'static str> {
        match self {
            Kind::ProvinceCommittee => Some("TU"),
            Kind::ProvinceBoard => Some("BDVTU"),
            Kind::DistrictCommittee => Some("HU"),
            Kind::DistrictBoard => Some("BDVHU"),
            Kind::Commune => Some("ĐU"),
            Kind::Central | Kind::ProvincePeople | Kind::DistrictPeople => None,
        }
    }
    /// Relative weight: how many documents such an issuer puts in the archive.
    fn weight(self) -> u32 {
        match self {
            Kind::Central => 0,
            Kind::ProvinceCommittee => 6,
            Kind::ProvinceBoard => 5,
            Kind::ProvincePeople => 4,
            Kind::DistrictCommittee => 3,
            Kind::DistrictBoard => 2,
            Kind::DistrictPeople => 2,
            Kind::Commune => 1,
        }
    }
    /// Numbers of a year start low (gaps come from documents not archived): the span of
    /// the first number, by level.
    fn first_number_span(self) -> usize {
        match self {
            Kind::Central => 1,
            Kind::ProvinceCommittee | Kind::ProvincePeople => 120,
            Kind::ProvinceBoard => 40,
            Kind::DistrictCommittee => 40,
            Kind::DistrictBoard | Kind::DistrictPeople => 30,
            Kind::Commune => 8,
        }
    }
    /// Document types this issuer writes, with weights.
    fn types(self) -> &'static [(DocType, u32)] {
        use DocType::*;
        match self {
            Kind::ProvinceCommittee | Kind::DistrictCommittee => &[
                (CongVan, 30),
                (ThongBao, 14),
                (KeHoach, 15),
                (QuyetDinh, 12),
                (ChiThi, 5),
                (NghiQuyet, 5),
                (KetLuan, 8),
                (HuongDan, 5),
                (BaoCao, 6),
            ],
            Kind::ProvinceBoard | Kind::DistrictBoard => &[
                (CongVan, 35),
                (ThongBao, 15),
                (KeHoach, 25),
                (HuongDan, 15),
                (BaoCao, 10),
            ],
            Kind::ProvincePeople | Kind::DistrictPeople => {
                &[(CongVan, 45), (KeHoach, 25), (QuyetDinh, 20), (BaoCao, 10)]
            }
            Kind::Commune => &[
                (CongVan, 40),
                (KeHoach, 25),
                (NghiQuyet, 15),
                (ThongBao, 10),
                (BaoCao, 10),
            ],
            Kind::Central => &[(QuyetDinh, 1)],
        }
    }
}

struct Issuer {
    /// Canonical full name: `Huyện ủy Hón Quản`.
    name: String,
    /// Identity of the name (tone-mark placement and case ignored); same-named issuers in
    /// different provinces share it, and with it the number register, so that
    /// (number, issuer, year) stays unique as the contract requires.
    key: String,
    parent: Option<String>,
    /// Alias under which the paper header names this issuer as a parent
    /// (`Đảng bộ tỉnh Bình Phước` for `Tỉnh ủy Bình Phước`).
    alias: Option<String>,
    place: String,
    kind: Kind,
    /// Issuers whose documents this one implements, with weights.
    upstream: Vec<(usize, u32)>,
    weight: u32,
    /// Officials by term (2010–2014, 2015–2019, 2020–2025): head and two deputies.
    officials: [[String; 3]; 3],
}

const SURNAMES: &[&str] = &[
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý", "Trương", "Đinh",
];
const MIDDLE_NAMES: &[&str] = &[
    "Văn",
    "Thị",
    "Thị Kim",
    "Minh",
    "Quang",
    "Thanh",
    "Ngọc",
    "Hữu",
    "Đức",
    "Thị Thanh",
    "Công",
    "Xuân",
    "Đình",
    "Thị Xuân",
];
const GIVEN_NAMES: &[&str] = &[
    "An", "Bình", "Ngọc", "Sự", "Thủy", "Trang", "Hùng", "Dũng", "Hải", "Lan", "Hương", "Tuấn",
    "Phong", "Hòa", "Sơn", "Tâm", "Long", "Nam", "Hạnh", "Vân", "Trí", "Thắng", "Lộc", "Mai",
];

fn person(d: &mut Dice) -> String {
    format!(
        "{} {} {}",
        d.pick(SURNAMES),
        d.pick(MIDDLE_NAMES),
        d.pick(GIVEN_NAMES)
    )
}

/// Three officials for each of three terms.
fn officials(d: &mut Dice) -> [[String; 3]; 3] {
    std::array::from_fn(|_| std::array::from_fn(|_| person(d)))
}

fn term_of(year: i32) -> usize {
    match year {
        ..2015 => 0,
        2015..2020 => 1,
        _ => 2,
    }
}

/// Central bodies: cited by everyone, archived only through a few of their documents.
const CENTRAL_ISSUERS: &[(&str, Option<&str>)] = &[
    ("Ban Chấp hành Trung ương", None),
    ("Bộ Chính trị", Some("Ban Chấp hành Trung ương")),
    ("Ban Bí thư", Some("Ban Chấp hành Trung ương")),
    ("Thủ tướng Chính phủ", Some("Chính phủ")),
    ("Chính phủ", None),
];

/// Central documents that local documents cite (real numbers and dates).
struct Central {
    number: &'static str,
    type_name: &'static str,
    /// Index into CENTRAL_ISSUERS.
    issuer: usize,
    date: (i32, u32, u32),
    /// Appended after the issuer when cited: "(khóa XI)".
    term: &'static str,
    about: &'static str,
    /// Cited together with the next entry ("217-QĐ/TW và … 218-QĐ/TW").
    paired_with_next: bool,
    /// Part of the archive when it holds enough documents.
    archived: bool,
}

const CENTRAL: &[Central] = &[
    Central {
        number: "217-QĐ/TW",
        type_name: "Quyết định",
        issuer: 1,
        date: (2013, 12, 12),
        term: " (khóa XI)",
        about: "ban hành Quy chế giám sát và phản biện xã hội của Mặt trận Tổ quốc Việt Nam và các đoàn thể chính trị - xã hội",
        paired_with_next: true,
        archived: true,
    },
    Central {
        number: "218-QĐ/TW",
        type_name: "Quyết định",
        issuer: 1,
        date: (2013, 12, 12),
        term: " (khóa XI)",
        about: "ban hành Quy định về việc Mặt trận Tổ quốc Việt Nam, các đoàn thể chính trị - xã hội và Nhân dân tham gia góp ý xây dựng Đảng, xây dựng chính quyền",
        paired_with_next: false,
        archived: true,
    },
    Central {
        number: "18-NQ/TW",
        type_name: "Nghị quyết",
        issuer: 0,
        date: (2017, 10, 25),
        term: " (khóa XII)",
        about: "một số vấn đề về tiếp tục đổi mới, sắp xếp tổ chức bộ máy của hệ thống chính trị tinh gọn, hoạt động hiệu lực, hiệu quả",
        paired_with_next: true,
        archived: false,
    },
    Central {
        number: "19-NQ/TW",
        type_name: "Nghị quyết",
        issuer: 0,
        date: (2017, 10, 25),
        term: " (khóa XII)",
        about: "tiếp tục đổi mới hệ thống tổ chức và quản lý, nâng cao chất lượng và hiệu quả hoạt động của các đơn vị sự nghiệp công lập",
        paired_with_next: false,
        archived: false,
    },
    Central {
        number: "25-NQ/TW",
        type_name: "Nghị quyết",
        issuer: 0,
        date: (2013, 6, 3),
        term: " (khóa XI)",
        about: "tăng cường và đổi mới sự lãnh đạo của Đảng đối với công tác dân vận trong tình hình mới",
        paired_with_next: false,
        archived: false,
    },
    Central {
        number: "124-QĐ/TW",
        type_name: "Quy định",
        issuer: 2,
        date: (2018, 2, 2),
        term: "",
        about: "giám sát của Mặt trận Tổ quốc Việt Nam, các tổ chức chính trị - xã hội và Nhân dân đối với việc tu dưỡng, rèn luyện đạo đức, lối sống của người đứng đầu, cán bộ chủ chốt và cán bộ, đảng viên",
        paired_with_next: false,
        archived: false,
    },
    Central {
        number: "05-CT/TW",
        type_name: "Chỉ thị",
        issuer: 1,
        date: (2016, 5, 15),
        term: "",
        about: "đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        paired_with_next: false,
        archived: true,
    },
    Central {
        number: "16/CT-TTg",
        type_name: "Chỉ thị",
        issuer: 3,
        date: (2016, 5, 16),
        term: "",
        about: "tăng cường và đổi mới công tác dân vận trong cơ quan hành chính nhà nước, chính quyền các cấp trong tình hình mới",
        paired_with_next: false,
        archived: true,
    },
    Central {
        number: "33/CT-TTg",
        type_name: "Chỉ thị",
        issuer: 3,
        date: (2021, 11, 26),
        term: "",
        about: "tiếp tục tăng cường và đổi mới công tác dân vận trong các cơ quan hành chính nhà nước, chính quyền các cấp trong tình hình mới",
        paired_with_next: false,
        archived: false,
    },
    Central {
        number: "114-KL/TW",
        type_name: "Kết luận",
        issuer: 2,
        date: (2015, 7, 14),
        term: " (khóa XI)",
        about: "nâng cao hiệu quả công tác dân vận của cơ quan nhà nước các cấp",
        paired_with_next: false,
        archived: false,
    },
    Central {
        number: "12-CT/TW",
        type_name: "Chỉ thị",
        issuer: 2,
        date: (2022, 1, 5),
        term: "",
        about: "tăng cường sự lãnh đạo của Đảng đối với công tác dân vận trong tình hình mới",
        paired_with_next: false,
        archived: false,
    },
    Central {
        number: "08-QĐi/TW",
        type_name: "Quy định",
        issuer: 0,
        date: (2018, 10, 25),
        term: " (khóa XII)",
        about: "trách nhiệm nêu gương của cán bộ, đảng viên, trước hết là Ủy viên Bộ Chính trị, Ủy viên Ban Bí thư, Ủy viên Ban Chấp hành Trung ương",
        paired_with_next: false,
        archived: false,
    },
    Central {
        number: "61-KL/TW",
        type_name: "Kết luận",
        issuer: 2,
        date: (2009, 12, 3),
        term: " (khóa X)",
        about: "Đề án nâng cao vai trò, trách nhiệm của Hội Nông dân Việt Nam trong phát triển nông nghiệp, xây dựng nông thôn mới",
        paired_with_next: false,
        archived: false,
    },
    Central {
        number: "101/QĐ-TTg",
        type_name: "Quyết định",
        issuer: 3,
        date: (2017, 1, 23),
        term: "",
        about: "phê duyệt Chương trình hành động của Chính phủ",
        paired_with_next: false,
        archived: false,
    },
    Central {
        number: "30/2020/NĐ-CP",
        type_name: "Nghị định",
        issuer: 4,
        date: (2020, 3, 5),
        term: "",
        about: "công tác văn thư",
        paired_with_next: false,
        archived: false,
    },
    Central {
        number: "121-KL/TW",
        type_name: "Kết luận",
        issuer: 0,
        date: (2025, 1, 24),
        term: " (khóa XIII)",
        about: "tổng kết Nghị quyết số 18-NQ/TW",
        paired_with_next: false,
        archived: false,
    },
];

/// Archived central documents appear only in archives at least this large.
const CENTRAL_ARCHIVE_MIN_DOCS: usize = 40;

fn central_date(c: &Central) -> NaiveDate {
    NaiveDate::from_ymd_opt(c.date.0, c.date.1, c.date.2).expect("valid central date")
}

// ---------------------------------------------------------------------------------------
// Documents

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DocType {
    CongVan,
    ThongBao,
    KeHoach,
    QuyetDinh,
    ChiThi,
    NghiQuyet,
    KetLuan,
    HuongDan,
    BaoCao,
}

impl DocType {
    fn name(self) -> &'static str {
        match self {
            DocType::CongVan => "Công văn",
            DocType::ThongBao => "Thông báo",
            DocType::KeHoach => "Kế hoạch",
            DocType::QuyetDinh => "Quyết định",
            DocType::ChiThi => "Chỉ thị",
            DocType::NghiQuyet => "Nghị quyết",
            DocType::KetLuan => "Kết luận",
            DocType::HuongDan => "Hướng dẫn",
            DocType::BaoCao => "Báo cáo",
        }
    }
    fn code(self) -> &'static str {
        match self {
            DocType::CongVan => "CV",
            DocType::ThongBao => "TB",
            DocType::KeHoach => "KH",
            DocType::QuyetDinh => "QĐ",
            DocType::ChiThi => "CT",
            DocType::NghiQuyet => "NQ",
            DocType::KetLuan => "KL",
            DocType::HuongDan => "HD",
            DocType::BaoCao => "BC",
        }
    }
    /// Types that open with "Căn cứ …" lines.
    fn has_grounds(self) -> bool {
        matches!(
            self,
            DocType::QuyetDinh | DocType::NghiQuyet | DocType::KeHoach | DocType::ChiThi
        )
    }
}

/// Offices of a People's Committee that sign its công văn (`121/UBND-VX`).
const STATE_OFFICES: &[&str] = &["VX", "VX", "VX", "NC", "TH", "KT"];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Relation {
    Implements,
    BasedOn,
    Replaces,
    Mentions,
}

impl Relation {
    fn as_str(self) -> &'static str {
        match self {
            Relation::Implements => "implements",
            Relation::BasedOn => "based_on",
            Relation::Replaces => "replaces",
            Relation::Mentions => "mentions",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Target {
    /// A document of the archive (index into `Plan::docs`).
    Doc(usize),
    /// A central document that is not archived (index into CENTRAL).
    Outside(usize),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DateForm {
    None,
    /// `12/10/2018`
    Short,
    /// `, ngày 26/11/2021`
    ShortComma,
    /// `ngày 01 tháng 3 năm 2017`
    Long,
    /// Date and issuer before: `Ngày 12/9/2018, Ban Dân vận Tỉnh ủy đã ban hành Kế hoạch số
    /// 62-KH/BDVTU` (a mention written alone, with its issuer named; else as `Short`).
    Before,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Who {
    None,
    /// `của Huyện ủy Hón Quản`
    Full,
    /// `của Ban Thường vụ Huyện ủy Hón Quản`: the name is there but not alone, so the
    /// ambiguity check does not count on it.
    Standing,
    /// `của Ban Dân vận Tỉnh ủy`: the place left out, as writers do for their own chain.
    Short,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum NumForm {
    Plain,
    /// `Quyết định 1669-QĐ/TU` (no "số")
    NoSo,
    /// `Chỉ thị số số 24-CT/TU`
    DoubleSo,
    /// `số 44/ CV/HU`
    Stray,
    /// Spaces around `-` and `/`, the first separator always among them: `1498- CV/ HU`,
    /// `17 / UBND-VX`, `367 -QĐ / TW`.
    Spaced,
    /// `sô` for `số`.
    Misspelt,
    /// The type in lower case: `công văn số`.
    LowerType,
    /// Broken over a line after a separator: `1498-⏎CV/HU`.
    Broken,
    /// `TƯ` for `TU` in the issuer's code.
    Horn,
    /// A space for the hyphen of a Party-style number: `84 QĐ/TW`.
    NoHyphen,
    /// `Số:` after the type: `Công văn Số: 44-CV/HU`.
    Colon,
}

/// How two citations of one date are written together.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Join {
    /// `Quyết định số 217-QĐ/TW và Quyết định số 218-QĐ/TW ngày …`
    And,
    /// `Quyết định số 217-QĐ/TW, Quyết định số 218-QĐ/TW ngày …`
    Comma,
    /// `Quyết định số 217,218-QĐ/TW ngày …`, `217 và 218-QĐ/TW`
    Compressed,
}

#[derive(Clone, Debug)]
struct Cite {
    target: Target,
    relation: Relation,
    date: DateForm,
    who: Who,
    num: NumForm,
    /// `văn bản số …` instead of the type name.
    generic: bool,
    /// Written together with the next citation.
    join_next: Option<Join>,
    ambiguous: bool,
}

struct Doc {
    issuer: usize,
    date: NaiveDate,
    ty: DocType,
    number: Option<String>,
    draft: bool,
    secret: bool,
    /// Index into CENTRAL for the archived central documents.
    central: Option<usize>,
    topic: usize,
    campaigns: Vec<usize>,
    office: &'static str,
    cites: Vec<Cite>,
    /// Path relative to `content/`.
    file: String,
}

impl Doc {
    fn citable(&self) -> bool {
        !self.draft && !self.secret
    }
}

/// Topics documents are about; the second field is the first year it fits.
const TOPICS: &[(&str, i32)] = &[
    ("công tác dân vận chính quyền", 2010),
    ("thực hiện Quy chế dân chủ ở cơ sở", 2010),
    (
        "tăng cường sự lãnh đạo của Đảng đối với công tác dân vận",
        2010,
    ),
    ("phong trào thi đua “Dân vận khéo”", 2010),
    ("công tác tôn giáo trên địa bàn", 2010),
    ("công tác dân tộc và thực hiện chính sách dân tộc", 2010),
    ("xây dựng nông thôn mới gắn với đô thị văn minh", 2011),
    (
        "đẩy mạnh cải cách hành chính, nâng cao chất lượng phục vụ Nhân dân",
        2010,
    ),
    ("tiếp công dân, giải quyết khiếu nại, tố cáo", 2010),
    (
        "giám sát, phản biện xã hội của Mặt trận Tổ quốc và các đoàn thể",
        2014,
    ),
    ("xây dựng hệ thống chính trị ở cơ sở vững mạnh", 2010),
    (
        "tổ chức các hoạt động kỷ niệm Ngày truyền thống công tác dân vận của Đảng",
        2010,
    ),
    (
        "phòng, chống dịch Covid-19 và phục hồi kinh tế - xã hội",
        2020,
    ),
    (
        "đối thoại giữa người đứng đầu cấp ủy, chính quyền với Nhân dân",
        2014,
    ),
    ("công tác hòa giải ở cơ sở", 2010),
    ("công tác an sinh xã hội, chăm lo đời sống Nhân dân", 2010),
    ("xây dựng khu dân cư văn hóa, gia đình văn hóa", 2010),
    ("công tác vận động đồng bào có đạo", 2010),
    ("sơ kết 6 tháng công tác dân vận", 2010),
    (
        "tổng kết công tác dân vận và phương hướng nhiệm vụ thời gian tới",
        2010,
    ),
    ("chuyển đổi số trong công tác dân vận", 2021),
    (
        "công tác bảo vệ môi trường, ứng phó với biến đổi khí hậu",
        2012,
    ),
];

/// Campaigns (phong trào, cuộc vận động) and the years they ran.
const CAMPAIGNS: &[(&str, i32, i32)] = &[
    ("Dân vận khéo", 2010, 2025),
    ("Năm Dân vận chính quyền 2018", 2018, 2018),
    ("Đồng khởi mới", 2016, 2022),
    ("Xây dựng khu dân cư kiểu mẫu", 2015, 2025),
    (
        "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        2010,
        2025,
    ),
    ("Toàn dân đoàn kết xây dựng đời sống văn hóa", 2010, 2025),
    (
        "Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh",
        2016,
        2025,
    ),
    ("Người Việt Nam ưu tiên dùng hàng Việt Nam", 2010, 2025),
    (
        "Cả nước chung tay vì người nghèo - Không để ai bị bỏ lại phía sau",
        2021,
        2025,
    ),
    ("Chung sức xây dựng nông thôn mới", 2011, 2020),
    ("Tháng Dân vận", 2012, 2025),
    ("Ngày hội Đại đoàn kết toàn dân tộc", 2010, 2025),
];

// ---------------------------------------------------------------------------------------
// Planning: issuers, documents, numbers and citations, before any text is written.

struct Plan {
    issuers: Vec<Issuer>,
    docs: Vec<Doc>,
    /// Number key → every numbered document with that key.
    by_key: HashMap<String, Vec<usize>>,
    /// Doc index of each archived central document, by CENTRAL index.
    central_docs: HashMap<usize, usize>,
}

/// Provinces used for an archive of `docs` documents: about 500 documents a province, so
/// that small archives still hold the upstream documents their citations point to.
fn provinces_for(docs: usize) -> usize {
    docs.div_ceil(500).clamp(2, PROVINCES.len())
}

fn build_issuers(dice: &mut Dice, provinces: usize) -> Vec<Issuer> {
    let mut issuers = Vec::new();
    for (name, parent) in CENTRAL_ISSUERS {
        issuers.push(Issuer {
            name: name.to_string(),
            key: identity_key(name),
            parent: parent.map(str::to_string),
            alias: None,
            place: "Hà Nội".to_string(),
            kind: Kind::Central,
            upstream: Vec::new(),
            weight: 0,
            officials: officials(dice),
        });
    }
    // Commune names: distinct combinations, with the tone pair planted.
    let mut commune_names: Vec<String> = Vec::new();
    for first in COMMUNE_FIRST {
        for second in COMMUNE_SECOND {
            if first != second {
                let name = format!("{first} {second}");
                if !TONE_PAIR.contains(&name.as_str()) {
                    commune_names.push(name);
                }
            }
        }
    }
    for i in (1..commune_names.len()).rev() {
        let j = dice.below(i + 1);
        commune_names.swap(i, j);
    }
    commune_names.insert(0, TONE_PAIR[0].to_string());
    commune_names.insert(
        COMMUNES_PER_DISTRICT * COMMUNE_DISTRICTS + 1,
        TONE_PAIR[1].to_string(),
    );
    let mut communes = commune_names.into_iter();

    let push = |issuers: &mut Vec<Issuer>, d: &mut Dice, mut i: Issuer| -> usize {
        i.officials = officials(d);
        issuers.push(i);
        issuers.len() - 1
    };
    for (province, districts) in &PROVINCES[..provinces] {
        let tu = push(
            &mut issuers,
            dice,
            Issuer {
                name: format!("Tỉnh ủy {province}"),
                key: String::new(),
                parent: None,
                alias: Some(format!("Đảng bộ tỉnh {province}")),
                place: province.to_string(),
                kind: Kind::ProvinceCommittee,
                upstream: Vec::new(),
                weight: Kind::ProvinceCommittee.weight(),
                officials: Default::default(),
            },
        );
        let bdvtu = push(
            &mut issuers,
            dice,
            Issuer {
                name: format!("Ban Dân vận Tỉnh ủy {province}"),
                key: String::new(),
                parent: Some(format!("Tỉnh ủy {province}")),
                alias: None,
                place: province.to_string(),
                kind: Kind::ProvinceBoard,
                upstream: vec![(tu, 1)],
                weight: Kind::ProvinceBoard.weight(),
                officials: Default::default(),
            },
        );
        let ubt = push(
            &mut issuers,
            dice,
            Issuer {
                name: format!("Ủy ban nhân dân tỉnh {province}"),
                key: String::new(),
                parent: None,
                alias: None,
                place: province.to_string(),
                kind: Kind::ProvincePeople,
                upstream: vec![(tu, 1)],
                weight: Kind::ProvincePeople.weight(),
                officials: Default::default(),
            },
        );
        for (k, district) in districts.iter().enumerate() {
            let hu = push(
                &mut issuers,
                dice,
                Issuer {
                    name: format!("Huyện ủy {district}"),
                    key: String::new(),
                    parent: Some(format!("Đảng bộ tỉnh {province}")),
                    alias: Some(format!("Đảng bộ huyện {district}")),
                    place: district.to_string(),
                    kind: Kind::DistrictCommittee,
                    upstream: vec![(tu, 3), (bdvtu, 3), (ubt, 1)],
                    weight: Kind::DistrictCommittee.weight(),
                    officials: Default::default(),
                },
            );
            let bdvhu = push(
                &mut issuers,
                dice,
                Issuer {
                    name: format!("Ban Dân vận Huyện ủy {district}"),
                    key: String::new(),
                    parent: Some(format!("Huyện ủy {district}")),
                    alias: None,
                    place: district.to_string(),
                    kind: Kind::DistrictBoard,
                    upstream: vec![(hu, 3), (bdvtu, 2)],
                    weight: Kind::DistrictBoard.weight(),
                    officials: Default::default(),
                },
            );
            push(
                &mut issuers,
                dice,
                Issuer {
                    name: format!("Ủy ban nhân dân huyện {district}"),
                    key: String::new(),
                    parent: Some(format!("Ủy ban nhân dân tỉnh {province}")),
                    alias: None,
                    place: district.to_string(),
                    kind: Kind::DistrictPeople,
                    upstream: vec![(hu, 3), (ubt, 2)],
                    weight: Kind::DistrictPeople.weight(),
                    officials: Default::default(),
                },
            );
            if k < COMMUNE_DISTRICTS {
                for _ in 0..COMMUNES_PER_DISTRICT {
                    let commune = communes.next().expect("enough commune names");
                    // The tone pair issues more, so that its slug collisions show up
                    // even in small archives.
                    let weight = if TONE_PAIR.contains(&commune.as_str()) {
                        6
                    } else {
                        Kind::Commune.weight()
                    };
                    push(
                        &mut issuers,
                        dice,
                        Issuer {
                            name: format!("Đảng ủy xã {commune}"),
                            key: String::new(),
                            parent: Some(format!("Đảng bộ huyện {district}")),
                            alias: None,
                            place: commune,
                            kind: Kind::Commune,
                            upstream: vec![(hu, 3), (bdvhu, 2)],
                            weight,
                            officials: Default::default(),
                        },
                    );
                }
            }
        }
    }
    for i in &mut issuers {
        i.key = identity_key(&i.name);
    }
    issuers
}

/// A working day of the year: offices do not sign on weekends.
fn working_day(year: i32, ordinal0: usize) -> NaiveDate {
    let d = NaiveDate::from_yo_opt(year, ordinal0 as u32 + 1).expect("ordinal within year");
    let (back, fwd) = match d.weekday() {
        Weekday::Sat => (1, 2),
        Weekday::Sun => (2, 1),
        _ => return d,
    };
    let earlier = d - Days::new(back);
    if earlier.year() == year {
        earlier
    } else {
        d + Days::new(fwd)
    }
}

fn days_in_year(year: i32) -> usize {
    if NaiveDate::from_ymd_opt(year, 2, 29).is_some() {
        366
    } else {
        365
    }
}

fn pick_topic(d: &mut Dice, year: i32) -> usize {
    loop {
        let t = d.below(TOPICS.len());
        if TOPICS[t].1 <= year {
            return t;
        }
    }
}

fn pick_campaigns(d: &mut Dice, year: i32) -> Vec<usize> {
    let n = *d.pick(&[0usize, 1, 1, 1, 2, 2, 3]);
    let mut out = Vec::new();
    for _ in 0..n * 3 {
        if out.len() == n {
            break;
        }
        let c = d.below(CAMPAIGNS.len());
        let (_, from, to) = CAMPAIGNS[c];
        if (from..=to).contains(&year) && !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

impl Plan {
    fn new(opts: &SynthOptions) -> Plan {
        let mut dice = Dice::new(opts.seed, PURPOSE_PLAN, 0);
        let issuers = build_issuers(&mut dice, provinces_for(opts.docs));
        let weights: Vec<u32> = issuers.iter().map(|i| i.weight).collect();

        // Documents: archived central ones first, then local ones at random.
        let mut docs: Vec<Doc> = Vec::with_capacity(opts.docs);
        if opts.docs >= CENTRAL_ARCHIVE_MIN_DOCS {
            for (ci, c) in CENTRAL.iter().enumerate().filter(|(_, c)| c.archived) {
                docs.push(Doc {
                    issuer: c.issuer,
                    date: central_date(c),
                    ty: if c.type_name == "Chỉ thị" {
                        DocType::ChiThi
                    } else {
                        DocType::QuyetDinh
                    },
                    number: Some(c.number.to_string()),
                    draft: false,
                    secret: false,
                    central: Some(ci),
                    topic: 0,
                    campaigns: Vec::new(),
                    office: "",
                    cites: Vec::new(),
                    file: String::new(),
                });
            }
        }
        while docs.len() < opts.docs {
            let issuer = dice.weighted(&weights);
            let year = FIRST_YEAR + dice.below((LAST_YEAR - FIRST_YEAR + 1) as usize) as i32;
            let date = working_day(year, dice.below(days_in_year(year)));
            let types = issuers[issuer].kind.types();
            let tw: Vec<u32> = types.iter().map(|t| t.1).collect();
            let ty = types[dice.weighted(&tw)].0;
            let topic = pick_topic(&mut dice, year);
            let campaigns = pick_campaigns(&mut dice, year);
            docs.push(Doc {
                issuer,
                date,
                ty,
                number: None,
                draft: false,
                secret: false,
                central: None,
                topic,
                campaigns,
                office: STATE_OFFICES[dice.below(STATE_OFFICES.len())],
                cites: Vec::new(),
                file: String::new(),
            });
        }
        // Date order; the sort is stable, so ties keep their drawing order.
        docs.sort_by_key(|d| d.date);

        // Drafts and secret documents by position; central documents stay as published.
        for (i, doc) in docs.iter_mut().enumerate() {
            if doc.central.is_some() {
                continue;
            }
            let nth = |every: Option<usize>| every.is_some_and(|n| n > 0 && (i + 1) % n == 0);
            doc.draft = nth(opts.draft_every);
            doc.secret = !doc.draft && nth(opts.secret_every);
        }

        // Numbers count up per issuer identity and year.
        let mut registers: HashMap<(&str, i32), usize> = HashMap::new();
        for doc in docs.iter_mut() {
            if doc.draft || doc.central.is_some() {
                continue;
            }
            let issuer = &issuers[doc.issuer];
            let next = registers
                .entry((issuer.key.as_str(), doc.date.year()))
                .and_modify(|n| *n += 1 + dice.below(3))
                .or_insert_with(|| 1 + dice.below(issuer.kind.first_number_span()));
            let n = *next;
            doc.number = Some(match issuer.kind.symbol() {
                Some(sym) => format!("{n}-{}/{sym}", doc.ty.code()),
                None if doc.ty == DocType::CongVan => format!("{n}/UBND-{}", doc.office),
                None => format!("{n}/{}-UBND", doc.ty.code()),
            });
        }

        let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
        let mut central_docs = HashMap::new();
        for (i, doc) in docs.iter().enumerate() {
            if let Some(n) = &doc.number {
                by_key.entry(number_key(n)).or_default().push(i);
            }
            if let Some(c) = doc.central {
                central_docs.insert(c, i);
            }
        }
        assign_files(&issuers, &mut docs);

        let mut plan = Plan {
            issuers,
            docs,
            by_key,
            central_docs,
        };
        plan.plan_citations(&mut dice);
        plan
    }

    /// True when the citation, written with or without the date and the issuer's name,
    /// can only mean its target.
    fn unique(&self, target: usize, date: bool, named: bool) -> bool {
        let t = &self.docs[target];
        let key = number_key(t.number.as_deref().expect("cited documents have numbers"));
        let tkey = &self.issuers[t.issuer].key;
        self.by_key[&key]
            .iter()
            .filter(|&&c| {
                let c = &self.docs[c];
                (!date || c.date == t.date) && (!named || &self.issuers[c.issuer].key == tkey)
            })
            .count()
            == 1
    }

    fn plan_citations(&mut self, dice: &mut Dice) {
        // Citable documents of each issuer, in date order.
        let mut by_issuer: Vec<Vec<usize>> = vec![Vec::new(); self.issuers.len()];
        for (i, doc) in self.docs.iter().enumerate() {
            if doc.citable() {
                by_issuer[doc.issuer].push(i);
            }
        }
        for i in 0..self.docs.len() {
            let cites = self.citations_for(i, &by_issuer, dice);
            self.docs[i].cites = cites;
        }
    }

    /// A recent citable document of `issuer` dated before `before` (and of type `ty`).
    fn earlier(
        &self,
        list: &[usize],
        before: NaiveDate,
        ty: Option<DocType>,
        dice: &mut Dice,
    ) -> Option<usize> {
        let end = list.partition_point(|&j| self.docs[j].date < before);
        match ty {
            None if end > 0 => Some(list[end - 1 - dice.below(end.min(12))]),
            None => None,
            Some(ty) => list[end.saturating_sub(60)..end]
                .iter()
                .rev()
                .copied()
                .find(|&j| self.docs[j].ty == ty),
        }
    }

    fn citations_for(&self, i: usize, by_issuer: &[Vec<usize>], dice: &mut Dice) -> Vec<Cite> {
        let doc = &self.docs[i];
        if doc.central.is_some() {
            return Vec::new();
        }
        let issuer = &self.issuers[doc.issuer];
        let mut targets: Vec<(Target, Relation)> = Vec::new();
        let outside: Vec<usize> = (0..CENTRAL.len())
            .filter(|&c| central_date(&CENTRAL[c]) < doc.date)
            .collect();
        let add_outside = |targets: &mut Vec<(Target, Relation)>, rel: Relation, d: &mut Dice| {
            if outside.is_empty() {
                return;
            }
            // Start a pair at its first member.
            let mut c = *d.pick(&outside);
            if c > 0 && CENTRAL[c - 1].paired_with_next {
                c -= 1;
            }
            let mut group = vec![c];
            if CENTRAL[c].paired_with_next {
                group.push(c + 1);
            }
            for c in group {
                let t = match self.central_docs.get(&c) {
                    Some(&doc) => Target::Doc(doc),
                    None => Target::Outside(c),
                };
                if !targets.iter().any(|(x, _)| *x == t) {
                    targets.push((t, rel));
                }
            }
        };
        let upstream_pick = |d: &mut Dice| -> Option<usize> {
            if issuer.upstream.is_empty() {
                return None;
            }
            let w: Vec<u32> = issuer.upstream.iter().map(|u| u.1).collect();
            let up = issuer.upstream[d.weighted(&w)].0;
            self.earlier(&by_issuer[up], doc.date, None, d)
        };

        if doc.draft || doc.secret {
            // Unpublished documents cite only what is outside the archive, so that the
            // ground truth never depends on whether they are built.
            if dice.per_mille(700) {
                add_outside(&mut targets, Relation::Mentions, dice);
                targets.retain(|(t, _)| matches!(t, Target::Outside(_)));
            }
        } else {
            // The document it implements, up the tree (or the central one it implements).
            if dice.per_mille(800) {
                match upstream_pick(dice) {
                    Some(t) => targets.push((Target::Doc(t), Relation::Implements)),
                    None => add_outside(&mut targets, Relation::Implements, dice),
                }
            }
            if doc.ty.has_grounds() {
                for _ in 0..dice.range(1, 2) {
                    if dice.per_mille(500) {
                        add_outside(&mut targets, Relation::BasedOn, dice);
                    } else if let Some(t) = upstream_pick(dice)
                        && !targets.iter().any(|(x, _)| *x == Target::Doc(t))
                    {
                        targets.push((Target::Doc(t), Relation::BasedOn));
                    }
                }
            }
            if matches!(
                doc.ty,
                DocType::QuyetDinh | DocType::KeHoach | DocType::HuongDan
            ) && dice.per_mille(150)
            {
                let own = &by_issuer[doc.issuer];
                if let Some(t) = self.earlier(own, doc.date, Some(doc.ty), dice) {
                    targets.push((Target::Doc(t), Relation::Replaces));
                }
            }
            for _ in 0..dice.range(0, 3) {
                let t = if dice.per_mille(300) {
                    self.earlier(&by_issuer[doc.issuer], doc.date, None, dice)
                } else {
                    upstream_pick(dice)
                };
                if let Some(t) = t
                    && !targets.iter().any(|(x, _)| *x == Target::Doc(t))
                {
                    targets.push((Target::Doc(t), Relation::Mentions));
                }
            }
            for _ in 0..dice.range(0, 2) {
                add_outside(&mut targets, Relation::Mentions, dice);
            }
        }

        let mut cites: Vec<Cite> = Vec::with_capacity(targets.len());
        for (target, mut relation) in targets {
            // A Quyết định names what it implements among its "Căn cứ" lines.
            if doc.ty == DocType::QuyetDinh && relation == Relation::Implements {
                relation = Relation::BasedOn;
            }
            cites.push(self.style(target, relation, dice));
        }
        // Join central pairs that ended up next to each other.
        for k in 1..cites.len() {
            if let (Some(a), Some(b)) = (
                central_of(self, cites[k - 1].target),
                central_of(self, cites[k].target),
            ) && CENTRAL[a].paired_with_next
                && b == a + 1
                && cites[k - 1].relation == cites[k].relation
            {
                cites[k - 1].join_next =
                    Some(*dice.pick(&[Join::And, Join::And, Join::Comma, Join::Compressed]));
                // One date after the list covers both.
                cites[k - 1].date = DateForm::None;
                cites[k - 1].who = Who::None;
                cites[k - 1].num = NumForm::Plain;
                cites[k].num = NumForm::Plain;
                if cites[k].date == DateForm::None {
                    cites[k].date = DateForm::Short;
                }
                cites[k].who = Who::Full;
                cites[k].generic = false;
                cites[k - 1].generic = false;
            }
        }
        cites
    }

    /// Wording of one citation: date and issuer forms, varied as writers do, then made
    /// unambiguous unless this one is kept ambiguous on purpose.
    fn style(&self, target: Target, relation: Relation, dice: &mut Dice) -> Cite {
        let date = match dice.below(20) {
            9 | 10 if relation == Relation::Mentions => DateForm::Before,
            0..=10 => DateForm::Short,
            11..=12 => DateForm::ShortComma,
            13..=15 => DateForm::Long,
            _ => DateForm::None,
        };
        let num = match dice.below(200) {
            0..=13 => NumForm::NoSo,
            14 | 15 => NumForm::DoubleSo,
            16..=18 => NumForm::Stray,
            19..=24 => NumForm::Spaced,
            25..=27 => NumForm::Misspelt,
            28..=31 => NumForm::LowerType,
            32..=34 => NumForm::Broken,
            35..=37 => NumForm::Horn,
            38..=40 => NumForm::NoHyphen,
            41 | 42 => NumForm::Colon,
            _ => NumForm::Plain,
        };
        let mut cite = Cite {
            target,
            relation,
            date,
            who: Who::Full,
            num,
            generic: false,
            join_next: None,
            ambiguous: false,
        };
        let party = vanban::number::is_party_style(self.cited(target).number);
        if matches!(num, NumForm::Stray | NumForm::NoHyphen) && !party {
            cite.num = NumForm::Plain;
        }
        let Target::Doc(t) = target else {
            return cite;
        };
        let tdoc = &self.docs[t];
        if tdoc.central.is_some() {
            return cite;
        }
        let kind = self.issuers[tdoc.issuer].kind;
        cite.who = match dice.below(20) {
            0..=8 => Who::Full,
            9..=11 if kind.is_committee() => Who::Standing,
            9..=15 => Who::Short,
            _ => Who::None,
        };
        cite.generic = tdoc.ty == DocType::CongVan && dice.per_mille(100);
        let date_given = cite.date != DateForm::None;
        if !self.unique(t, date_given, cite.who == Who::Full) {
            if dice.per_mille(KEEP_AMBIGUOUS_PER_MILLE) {
                cite.ambiguous = true;
            } else {
                cite.date = DateForm::Short;
                cite.who = Who::Full;
                debug_assert!(self.unique(t, true, true));
            }
        }
        cite
    }
}

fn central_of(plan: &Plan, t: Target) -> Option<usize> {
    match t {
        Target::Outside(c) => Some(c),
        Target::Doc(d) => plan.docs[d].central,
    }
}

/// `content/<year>/<slug>.md`, the slug being number and issuer as the site's default
/// (`44-cv-hu-huyen-uy-hon-quan`); names that fold alike (Tân Hòa, Tân Hóa) get `-2`.
fn assign_files(issuers: &[Issuer], docs: &mut [Doc]) {
    let mut taken: HashSet<String> = HashSet::new();
    for doc in docs.iter_mut() {
        let issuer = &issuers[doc.issuer].name;
        let base = match &doc.number {
            Some(n) => slugify(&format!("{n} {issuer}")),
            None => slugify(&format!("du thao {} {issuer}", doc.ty.name())),
        };
        let year = doc.date.year();
        let mut file = format!("{year}/{base}.md");
        let mut k = 2;
        while !taken.insert(file.clone()) {
            file = format!("{year}/{base}-{k}.md");
            k += 1;
        }
        doc.file = file;
    }
}

// ---------------------------------------------------------------------------------------
// Text

/// What a citation needs to know about its target.
struct Cited<'a> {
    type_name: &'a str,
    number: &'a str,
    date: NaiveDate,
    full: &'a str,
    short: &'a str,
    kind: Kind,
    term: &'a str,
    about: &'a str,
}

impl Plan {
    fn cited(&self, t: Target) -> Cited<'_> {
        match t {
            Target::Outside(c) => {
                let c = &CENTRAL[c];
                Cited {
                    type_name: c.type_name,
                    number: c.number,
                    date: central_date(c),
                    full: CENTRAL_ISSUERS[c.issuer].0,
                    short: CENTRAL_ISSUERS[c.issuer].0,
                    kind: Kind::Central,
                    term: c.term,
                    about: c.about,
                }
            }
            Target::Doc(d) => {
                let doc = &self.docs[d];
                let issuer = &self.issuers[doc.issuer];
                match doc.central {
                    Some(c) => Cited {
                        term: CENTRAL[c].term,
                        about: CENTRAL[c].about,
                        type_name: CENTRAL[c].type_name,
                        ..self.cited(Target::Outside(c))
                    },
                    None => Cited {
                        type_name: doc.ty.name(),
                        number: doc.number.as_deref().unwrap_or_default(),
                        date: doc.date,
                        full: &issuer.name,
                        short: issuer.kind.short(),
                        kind: issuer.kind,
                        term: "",
                        about: TOPICS[doc.topic].0,
                    },
                }
            }
        }
    }

    /// The text of the citation group starting at `cites[k]`, and how many it covers.
    fn cite_text(&self, cites: &[Cite], k: usize, d: &mut Dice) -> (String, usize) {
        let first = &cites[k];
        let mut out = String::new();
        let mut last = k;
        if let Some(join) = first.join_next {
            last = k + 1;
            let a = self.cited(first.target);
            let b = self.cited(cites[k + 1].target);
            match join {
                Join::Compressed => {
                    let (an, _) = split_number(a.number);
                    let (bn, rest) = split_number(b.number);
                    let sep = if d.per_mille(500) { "," } else { ", " };
                    // "217 và 218-QĐ/TW": one pair in three, by its number (no draw).
                    let sep = if an.len().is_multiple_of(3) {
                        " và "
                    } else {
                        sep
                    };
                    let so = if d.per_mille(800) { " số" } else { "" };
                    let _ = write!(out, "{}{so} {an}{sep}{bn}{rest}", a.type_name);
                }
                Join::And | Join::Comma => {
                    let sep = if join == Join::And { " và " } else { ", " };
                    let _ = write!(
                        out,
                        "{} số {}{sep}{} số {}",
                        a.type_name, a.number, b.type_name, b.number
                    );
                }
            }
        } else {
            let c = self.cited(first.target);
            let type_name = if first.generic {
                "văn bản"
            } else {
                c.type_name
            };
            let number = written_number(c.number, first.num);
            let so = match first.num {
                NumForm::NoSo => " ",
                NumForm::DoubleSo => " số số ",
                NumForm::Misspelt => " sô ",
                NumForm::Colon => " Số: ",
                _ => " số ",
            };
            let lower;
            let type_name = if first.num == NumForm::LowerType {
                lower = type_name.to_lowercase();
                lower.as_str()
            } else {
                type_name
            };
            // "Ngày …, <issuer> đã ban hành <type> số <number>": the date and issuer first.
            if first.date == DateForm::Before && first.who != Who::None {
                let who = match first.who {
                    Who::Standing => format!("Ban Thường vụ {}", c.full),
                    Who::Short => c.short.to_string(),
                    _ => c.full.to_string(),
                };
                let slash = date_slash(c.date, d);
                let date = if c.date.day().is_multiple_of(2) {
                    slash
                } else {
                    long_date(c.date).trim_start_matches("ngày ").to_string()
                };
                let verb = if c.date.month().is_multiple_of(2) {
                    "đã ban hành"
                } else {
                    "ban hành"
                };
                let _ = write!(out, "Ngày {date}, {who} {verb} {type_name}{so}{number}");
                return (out, 1);
            }
            let _ = write!(out, "{type_name}{so}{number}");
        }
        let last_cite = &cites[last];
        let c = self.cited(last_cite.target);
        match last_cite.date {
            DateForm::None => {}
            DateForm::Short | DateForm::Before => {
                let _ = write!(out, " ngày {}", date_slash(c.date, d));
            }
            DateForm::ShortComma => {
                let _ = write!(out, ", ngày {}", date_slash(c.date, d));
            }
            DateForm::Long => {
                let _ = write!(out, " {}", long_date(c.date));
            }
        }
        match last_cite.who {
            Who::None => {}
            Who::Full => {
                let _ = write!(out, " của {}{}", c.full, c.term);
            }
            Who::Standing => {
                let _ = write!(out, " của Ban Thường vụ {}", c.full);
            }
            Who::Short => {
                let short = if c.kind.is_committee() && d.per_mille(500) {
                    c.kind.actor()
                } else {
                    c.short
                };
                let _ = write!(out, " của {short}");
            }
        }
        (out, last - k + 1)
    }
}

/// A number as a citation of form `form` writes it (SPEC §4 and issue 19's forms): the
/// variants are picked from the number itself, so that they cost no draw of the dice and
/// leave the rest of the archive as it was.
fn written_number(number: &str, form: NumForm) -> String {
    let seps = number.match_indices(['-', '/']).count();
    let variant = number
        .bytes()
        .take_while(u8::is_ascii_digit)
        .fold(0usize, |n, b| n * 10 + usize::from(b - b'0'));
    match form {
        NumForm::Stray => number.replacen('-', "/ ", 1),
        NumForm::NoHyphen => number.replacen('-', " ", 1),
        NumForm::Horn if number.ends_with("/TU") => format!("{}Ư", &number[..number.len() - 1]),
        NumForm::Spaced => {
            // Which separators get a space before and after: the first always.
            const PATTERNS: [[(bool, bool); 3]; 4] = [
                [(false, true), (false, true), (false, true)],
                [(true, true), (false, false), (false, false)],
                [(true, false), (true, true), (true, true)],
                [(true, true), (true, true), (false, false)],
            ];
            let pattern = PATTERNS[variant % PATTERNS.len()];
            let mut out = String::with_capacity(number.len() + 2 * seps);
            let mut k = 0;
            for ch in number.chars() {
                if matches!(ch, '-' | '/') {
                    let (before, after) = pattern[k.min(2)];
                    k += 1;
                    if before {
                        out.push(' ');
                    }
                    out.push(ch);
                    if after {
                        out.push(' ');
                    }
                } else {
                    out.push(ch);
                }
            }
            out
        }
        NumForm::Broken => {
            // After the first or the second separator.
            let nth = variant % seps.max(1);
            match number.match_indices(['-', '/']).nth(nth) {
                Some((i, _)) => format!("{}\n{}", &number[..=i], &number[i + 1..]),
                None => number.to_string(),
            }
        }
        _ => number.to_string(),
    }
}

/// `217-QĐ/TW` → (`217`, `-QĐ/TW`).
fn split_number(n: &str) -> (&str, &str) {
    let i = n.find(|c: char| !c.is_ascii_digit()).unwrap_or(n.len());
    n.split_at(i)
}

/// `12/10/2018` or `1/3/2017`: both are written.
fn date_slash(date: NaiveDate, d: &mut Dice) -> String {
    if d.per_mille(600) {
        format!("{:02}/{:02}/{}", date.day(), date.month(), date.year())
    } else {
        format!("{}/{}/{}", date.day(), date.month(), date.year())
    }
}

/// Item subjects: who is asked to do something.
const UNITS: &[&str] = &[
    "Các cấp ủy đảng, chính quyền",
    "Ủy ban Mặt trận Tổ quốc Việt Nam và các đoàn thể chính trị - xã hội {lv}",
    "Ban Dân vận {cm}",
    "Ban Tuyên giáo {cm}",
    "UBND {lv}",
    "Các chi bộ, đảng bộ trực thuộc",
    "Phòng Nội vụ {lv}",
    "Trung tâm Văn hóa - Thông tin và Thể thao {lv}",
    "Hội Nông dân, Hội Liên hiệp Phụ nữ, Đoàn Thanh niên, Hội Cựu chiến binh {lv}",
    "Khối Dân vận các xã, thị trấn",
];

/// Tasks, each a clause that follows a unit and a colon.
const TASKS: &[&str] = &[
    "tập trung chỉ đạo sơ kết, tổng kết các chỉ thị, nghị quyết của Đảng về công tác dân vận, công tác dân tộc, tôn giáo phù hợp với thực tiễn của ngành, địa phương, đơn vị.",
    "thực hiện tốt công tác dân vận chính quyền, nâng cao hiệu quả công tác cải cách thủ tục hành chính, chấn chỉnh phương pháp, lề lối làm việc của đội ngũ cán bộ, công chức, viên chức trong thực thi công vụ.",
    "chỉ đạo hệ thống dân vận từ {lv} đến cơ sở không ngừng đổi mới phương thức tiến hành công tác dân vận, phối hợp tốt trong công tác tuyên truyền, vận động Nhân dân.",
    "tăng cường đổi mới và nâng cao hiệu quả công tác nắm bắt, dự báo tình hình Nhân dân; có cách nắm thông tin đa chiều như gặp gỡ, tiếp xúc cử tri, đối thoại, khảo sát dư luận xã hội.",
    "nâng cao hiệu quả hoạt động giám sát, phản biện xã hội; phát huy vai trò của Nhân dân tham gia xây dựng Đảng, xây dựng chính quyền trong sạch, vững mạnh.",
    "quan tâm xây dựng hệ thống chính trị ở cơ sở; xây dựng lực lượng hội viên, đoàn viên nòng cốt; khắc phục tình trạng hành chính hóa trong hoạt động của Mặt trận và các đoàn thể.",
    "giải quyết kịp thời đơn, thư khiếu nại, tố cáo của công dân; tổ chức đối thoại của người đứng đầu chính quyền với Nhân dân, nhất là Nhân dân vùng dự án.",
    "rà soát, xây dựng, nhân rộng các mô hình, điển hình “Dân vận khéo” liên quan trực tiếp đến người dân và giải quyết các vấn đề bức xúc ở địa phương.",
    "tăng cường mở chuyên trang, chuyên mục về công tác dân vận; thường xuyên thông tin, tuyên truyền về kết quả thực hiện Quy chế dân chủ ở cơ sở.",
    "củng cố, nâng chất hoạt động của Ban Công tác Mặt trận và các chi hội, tổ hội; đa dạng hóa các hình thức vận động, tập hợp quần chúng.",
    "phân công từng đảng viên có trách nhiệm nắm tình hình diễn biến tư tưởng, tâm tư, nguyện vọng của quần chúng để kịp thời báo cáo chi ủy, chi bộ.",
    "phối hợp tổ chức các hoạt động an sinh xã hội; hỗ trợ kịp thời người dân gặp khó khăn, sớm ổn định sản xuất và cuộc sống.",
    "kiện toàn Ban Chỉ đạo thực hiện Quy chế dân chủ ở cơ sở; phân công cán bộ lãnh đạo phụ trách công tác dân vận chính quyền, gắn với phát huy dân chủ ở cơ sở.",
    "tuyên truyền, vận động các tầng lớp Nhân dân chấp hành tốt chủ trương của Đảng, chính sách, pháp luật của Nhà nước theo phương châm “mưa dầm thấm sâu”.",
    "quan tâm công tác hòa giải ở cơ sở, hòa giải kịp thời các mâu thuẫn, tranh chấp trong Nhân dân, đặc biệt là tranh chấp về đất đai.",
    "thường xuyên giáo dục, nâng cao ý thức, tinh thần trách nhiệm của đội ngũ cán bộ, công chức, nhất là công chức tại bộ phận một cửa.",
    "chủ động nắm tình hình các tôn giáo, các điểm nhóm sinh hoạt tôn giáo; vận động chức sắc, chức việc và tín đồ sống “tốt đời, đẹp đạo”.",
    "quan tâm chăm lo đời sống vật chất, tinh thần của đồng bào dân tộc thiểu số; thực hiện đầy đủ, kịp thời các chính sách dân tộc.",
    "chỉ đạo kiểm tra, giám sát và đánh giá công tác thi đua của ngành; báo cáo kết quả kiểm tra và hoàn tất hồ sơ thi đua **trước ngày 10/11** theo quy định.",
    "chuẩn bị nội dung, chương trình tổ chức hội nghị tổng kết công tác dân vận và triển khai nhiệm vụ năm tới một cách thiết thực, hiệu quả, tiết kiệm.",
    "đẩy mạnh ứng dụng công nghệ thông tin trong tiếp nhận, xử lý phản ánh, kiến nghị của người dân; công khai kết quả giải quyết trên cổng thông tin điện tử.",
    "lựa chọn, biểu dương, khen thưởng kịp thời các tập thể, cá nhân điển hình trong phong trào thi đua; tạo sức lan tỏa trong toàn hệ thống chính trị.",
];

/// Sentences that add figures, dates and ranges which are not citations.
const FACTS: &[&str] = &[
    "Cao điểm là dịp kỷ niệm {ann} năm Ngày truyền thống công tác dân vận của Đảng (15/10/1930 - 15/10/{y}).",
    "Tỷ lệ hộ nghèo trên địa bàn giảm còn {pct}%, tỷ lệ hộ gia đình đạt danh hiệu gia đình văn hóa đạt {pct2}%.",
    "Tổng kinh phí thực hiện là {money} đồng, từ nguồn ngân sách {lv} và nguồn xã hội hóa.",
    "Thời gian thực hiện {span}.",
    "Ngày {dd} tháng {m1} năm {y}, Thường trực {cm} đã tổ chức hội nghị sơ kết, đề ra phương hướng nhiệm vụ thời gian tới.",
    "Kết quả có {k} mô hình “Dân vận khéo” được công nhận, trong đó {k2} mô hình thuộc lĩnh vực kinh tế, chiếm {pct}%.",
    "Giai đoạn {y} - {y5}, toàn {lv} vận động Nhân dân hiến trên {k} m² đất, đóng góp hơn {money} đồng xây dựng đường giao thông nông thôn.",
];

const BULLETS: &[&str] = &[
    "Tăng cường công tác tuyên truyền, giáo dục chính trị, tư tưởng trong cán bộ, đảng viên và Nhân dân.",
    "Phát huy vai trò nêu gương của người đứng đầu cấp ủy, chính quyền, cơ quan, đơn vị.",
    "Nắm chắc tình hình, kịp thời tham mưu cấp ủy giải quyết các vấn đề phát sinh ngay từ cơ sở.",
    "Đổi mới nội dung, phương thức hoạt động của Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội.",
    "Thực hiện tốt phương châm “dân biết, dân bàn, dân làm, dân kiểm tra, dân giám sát, dân thụ hưởng”.",
    "Lồng ghép nội dung công tác dân vận vào sinh hoạt chi bộ định kỳ hằng tháng.",
    "Định kỳ 6 tháng, năm báo cáo kết quả thực hiện về Thường trực {cm} (qua Ban Dân vận).",
    "*Đối với cơ sở*: chủ động xây dựng kế hoạch cụ thể, phân công rõ người, rõ việc, rõ thời gian hoàn thành.",
];

const OPENINGS: &[&str] = &[
    "Thời gian qua, cấp ủy, chính quyền, Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội {lv} đã có nhiều cố gắng trong lãnh đạo, chỉ đạo và tổ chức thực hiện {topic}, đạt được một số kết quả tích cực. Tuy nhiên, nhận thức của một bộ phận cán bộ, đảng viên về vai trò của công tác dân vận chưa đầy đủ; việc nắm bắt tâm tư, nguyện vọng của Nhân dân có lúc chưa kịp thời.",
    "Nhằm tiếp tục nâng cao hiệu quả {topic} trên địa bàn {lv} trong thời gian tới, góp phần thực hiện thắng lợi nhiệm vụ chính trị của địa phương.",
    "Qua theo dõi, nắm tình hình cho thấy việc tổ chức {topic} ở một số địa phương, đơn vị còn chậm, hiệu quả chưa cao, chưa tạo được sự chuyển biến rõ nét.",
];

const CLOSINGS: &[&str] = &[
    "Nhận được văn bản này, đề nghị các cơ quan, đơn vị nghiêm túc tổ chức thực hiện./.",
    "Giao Ban Dân vận {cm} chủ trì, theo dõi, đôn đốc các cơ quan, đơn vị tổ chức thực hiện; định kỳ (tháng, quý, năm) hoặc đột xuất báo cáo kết quả về Thường trực {cm} theo quy định./.",
    "Quá trình thực hiện, nếu có khó khăn, vướng mắc, các đơn vị phản ánh về Văn phòng để tổng hợp, báo cáo xem xét, giải quyết./.",
    "Yêu cầu Thủ trưởng các cơ quan, đơn vị và Chủ tịch UBND các xã, thị trấn tổ chức thực hiện./.",
];

/// Sentences that carry a "mentions" citation `{c}`: no relation word comes before it.
const MENTIONS: &[&str] = &[
    "Tiếp tục quán triệt sâu sắc {c}; các cơ quan, đơn vị rà soát, đánh giá kết quả đạt được.",
    "Theo {c}, các địa phương phải hoàn thành việc rà soát, báo cáo trong quý.",
    "Bám sát nội dung {c}, các đơn vị chủ động xây dựng kế hoạch cụ thể, phù hợp với tình hình thực tế.",
    "Như đã nêu tại {c}, công tác phối hợp giữa các ngành có lúc chưa chặt chẽ.",
    "Quán triệt {c} đến toàn thể cán bộ, đảng viên, đoàn viên, hội viên.",
];

struct Vars<'a> {
    lv: String,
    cm: String,
    topic: &'a str,
    year: i32,
}

fn fill(template: &str, v: &Vars<'_>, d: &mut Dice) -> String {
    if !template.contains('{') {
        return template.to_string();
    }
    // A part never exceeds its whole: `{k2}` stays below the `{k}` before it.
    let mut last_k = 480;
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = open + rest[open..].find('}').expect("closed placeholder");
        let name = &rest[open + 1..close];
        match name {
            "lv" => out.push_str(&v.lv),
            "cm" => out.push_str(&v.cm),
            "topic" => out.push_str(v.topic),
            "y" => {
                let _ = write!(out, "{}", v.year);
            }
            "y5" => {
                let _ = write!(out, "{}", v.year + 5);
            }
            "ann" => {
                let _ = write!(out, "{}", v.year - 1930);
            }
            "pct" | "pct2" => {
                let _ = write!(out, "{},{}", d.range(1, 98), d.below(10));
            }
            "money" => {
                let _ = write!(out, "{}.{:03}.000.000", d.range(1, 950), d.below(1000));
            }
            "dd" => {
                let _ = write!(out, "{:02}", d.range(1, 28));
            }
            "m1" => {
                let _ = write!(out, "{}", d.range(1, 12));
            }
            "span" => {
                let from = d.below(290);
                let to = from + d.range(10, 70);
                let date =
                    |o: usize| NaiveDate::from_yo_opt(v.year, o as u32 + 1).expect("in year");
                let _ = write!(
                    out,
                    "từ ngày {} đến ngày {}",
                    date(from).format("%d/%m/%Y"),
                    date(to).format("%d/%m/%Y")
                );
            }
            "k" => {
                last_k = d.range(3, 480);
                let _ = write!(out, "{last_k}");
            }
            "k2" => {
                let _ = write!(out, "{}", d.range(1, last_k));
            }
            _ => {
                out.push('{');
                out.push_str(name);
                out.push('}');
            }
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

/// `fill` on a template picked at random.
fn fill_pick(templates: &[&str], v: &Vars<'_>, d: &mut Dice) -> String {
    let t = *d.pick(templates);
    fill(t, v, d)
}

const ROMAN: &[&str] = &["I", "II", "III", "IV", "V"];

impl Plan {
    fn render_body(&self, i: usize, d: &mut Dice) -> (String, String) {
        let doc = &self.docs[i];
        let issuer = &self.issuers[doc.issuer];
        let kind = issuer.kind;
        let vars = Vars {
            lv: kind.level().to_string(),
            cm: kind.committee().to_string(),
            topic: TOPICS[doc.topic].0,
            year: doc.date.year(),
        };
        let target_len = d.range(2100, 7600);
        let mut body = String::with_capacity(target_len + 1200);
        let mut subject_cite: Option<String> = None;

        // Group the citations by where they go.
        let mut groups: Vec<(Relation, String)> = Vec::new();
        let mut k = 0;
        while k < doc.cites.len() {
            let (text, n) = self.cite_text(&doc.cites, k, d);
            groups.push((doc.cites[k].relation, text));
            k += n;
        }
        let about = |g: usize| -> &str {
            // The group's first cite decides the "về …" text.
            let mut k = 0;
            let mut seen = 0;
            while seen < g {
                k += if doc.cites[k].join_next.is_some() {
                    2
                } else {
                    1
                };
                seen += 1;
            }
            self.cited(doc.cites[k].target).about
        };

        if let Some(c) = doc.central {
            let about = CENTRAL[c].about;
            if doc.ty == DocType::ChiThi {
                let _ = write!(
                    body,
                    "Để {about}, {} yêu cầu các cấp ủy, tổ chức đảng, chính quyền các cấp thực hiện tốt một số nhiệm vụ sau:\n\n",
                    issuer.name
                );
            } else {
                let mut chars = about.chars();
                let first: String = chars
                    .next()
                    .into_iter()
                    .flat_map(char::to_uppercase)
                    .collect();
                let _ = write!(
                    body,
                    "Căn cứ Điều lệ Đảng;\n\nCăn cứ Quy chế làm việc của Ban Chấp hành Trung ương, Bộ Chính trị và Ban Bí thư,\n\n**{} QUYẾT ĐỊNH:**\n\n**Điều 1.** {first}{} kèm theo Quyết định này.\n\n**Điều 2.** Quyết định này có hiệu lực kể từ ngày ký.\n\n**QUY ĐỊNH**\n\n*(ban hành kèm theo Quyết định của {})*\n\n",
                    upper(&issuer.name),
                    chars.as_str(),
                    issuer.name
                );
            }
        } else if doc.ty == DocType::QuyetDinh {
            let party = kind.symbol().is_some();
            body.push_str(if party {
                "Căn cứ Điều lệ Đảng Cộng sản Việt Nam;\n\n"
            } else {
                "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;\n\n"
            });
            for (g, (rel, text)) in groups.iter().enumerate() {
                if matches!(rel, Relation::BasedOn | Relation::Implements) {
                    let _ = write!(body, "Căn cứ {text} về {};\n\n", about(g));
                }
            }
            let _ = write!(
                body,
                "Xét đề nghị của Ban Dân vận {},\n\n**{} QUYẾT ĐỊNH:**\n\n",
                kind.committee(),
                upper(kind.actor())
            );
            let _ = write!(
                body,
                "**Điều 1.** Ban hành kèm theo Quyết định này Quy chế về {}.\n\n",
                vars.topic
            );
            body.push_str("**Điều 2.** Quyết định này có hiệu lực kể từ ngày ký");
            for (rel, text) in &groups {
                if *rel == Relation::Replaces {
                    let _ = write!(body, " và thay thế {text}");
                }
            }
            body.push_str(".\n\n**Điều 3.** Các cơ quan, đơn vị và cá nhân có liên quan căn cứ Quyết định thi hành.\n\n");
            let _ = write!(
                body,
                // The annex names its decision without the number: a self-citation would
                // be a citation the ground truth does not list.
                "**QUY CHẾ**\n\n**về {}**\n\n*(Ban hành kèm theo Quyết định của {})*\n\n",
                vars.topic,
                kind.actor()
            );
        } else {
            let mut opened = false;
            if doc.ty.has_grounds() {
                for (g, (rel, text)) in groups.iter().enumerate() {
                    if *rel == Relation::BasedOn {
                        let _ = write!(body, "Căn cứ {text} về {};\n\n", about(g));
                    }
                }
            }
            for (g, (rel, text)) in groups.iter().enumerate() {
                if *rel == Relation::Implements {
                    let lead = if d.per_mille(700) {
                        "Thực hiện"
                    } else {
                        "Triển khai thực hiện"
                    };
                    let _ = write!(
                        body,
                        "{lead} {text} về {}; {} {} các cơ quan, đơn vị thực hiện tốt một số nội dung sau:\n\n",
                        about(g),
                        kind.actor(),
                        d.pick(&["đề nghị", "yêu cầu", "chỉ đạo"])
                    );
                    if subject_cite.is_none() {
                        subject_cite = Some(text.clone());
                    }
                    opened = true;
                    break;
                }
            }
            if !opened {
                body.push_str(&fill_pick(OPENINGS, &vars, d));
                let _ = write!(
                    body,
                    " {} {} các cơ quan, đơn vị thực hiện tốt một số nội dung sau:\n\n",
                    kind.actor(),
                    d.pick(&["đề nghị", "yêu cầu"])
                );
            }
        }

        // Numbered items carrying the mentions, until the body is long enough.
        let mut mentions: Vec<&String> = groups
            .iter()
            .filter(|(r, _)| *r == Relation::Mentions)
            .map(|(_, t)| t)
            .collect();
        if doc.ty != DocType::QuyetDinh {
            for (rel, text) in &groups {
                if *rel == Relation::Replaces {
                    let _ = write!(body, "{} này thay thế {text}.\n\n", doc.ty.name());
                }
            }
        }
        mentions.reverse();
        let sections = doc.ty == DocType::KeHoach;
        let mut item = 1;
        let mut section = 0;
        while body.len() < target_len || !mentions.is_empty() {
            if sections && (item == 1 || d.per_mille(250)) && section < ROMAN.len() {
                let heading = [
                    "MỤC ĐÍCH, YÊU CẦU",
                    "NỘI DUNG",
                    "NHIỆM VỤ, GIẢI PHÁP",
                    "TỔ CHỨC THỰC HIỆN",
                    "CHẾ ĐỘ BÁO CÁO",
                ][section];
                let _ = write!(body, "**{}. {heading}**\n\n", ROMAN[section]);
                section += 1;
                item = 1;
            }
            if doc.ty == DocType::QuyetDinh {
                let _ = write!(body, "**Điều {item}.** ");
            } else {
                let _ = write!(body, "{item}\\. ");
            }
            if let Some(m) = mentions.pop() {
                let sentence = d.pick(MENTIONS);
                if m.starts_with("Ngày ") {
                    // Date and issuer before the number: a sentence of its own.
                    let _ = write!(body, "{m} về {}. ", TOPICS[doc.topic].0);
                } else {
                    body.push_str(&sentence.replace("{c}", m));
                    body.push(' ');
                }
            }
            let unit = fill_pick(UNITS, &vars, d);
            let _ = write!(body, "{unit}: ");
            for s in 0..d.range(1, 3) {
                if s > 0 {
                    body.push(' ');
                }
                let task = fill_pick(TASKS, &vars, d);
                // Capitalise a task that starts a sentence.
                let mut chars = task.chars();
                if s > 0
                    && let Some(c0) = chars.next()
                {
                    body.extend(c0.to_uppercase());
                    body.push_str(chars.as_str());
                } else {
                    body.push_str(&task);
                }
            }
            if d.per_mille(350) {
                body.push(' ');
                body.push_str(&fill_pick(FACTS, &vars, d));
            }
            body.push_str("\n\n");
            if d.per_mille(250) {
                // Distinct bullets: a partial shuffle of the bank.
                let mut order: Vec<usize> = (0..BULLETS.len()).collect();
                for j in 0..d.range(2, 4) {
                    let k = j + d.below(order.len() - j);
                    order.swap(j, k);
                    let _ = write!(body, "- {}\n\n", fill(BULLETS[order[j]], &vars, d));
                }
            }
            item += 1;
        }
        body.push_str(&fill_pick(CLOSINGS, &vars, d));
        body.push('\n');

        let subject = self.subject(i, subject_cite.as_deref(), &vars, d);
        (subject, body)
    }

    fn subject(&self, i: usize, cite: Option<&str>, v: &Vars<'_>, d: &mut Dice) -> String {
        let doc = &self.docs[i];
        if let Some(c) = doc.central {
            return format!("Về {}", CENTRAL[c].about);
        }
        let issuer = &self.issuers[doc.issuer];
        let y = doc.date.year();
        match doc.ty {
            DocType::CongVan => match cite {
                Some(c) if d.per_mille(400) => format!("V/v triển khai thực hiện {c}"),
                _ => format!("V/v {}", v.topic),
            },
            DocType::ThongBao => format!(
                "Kết luận của Thường trực {} tại hội nghị về {}",
                issuer.kind.committee(),
                v.topic
            ),
            DocType::KeHoach => format!("Về {} năm {y}", v.topic),
            DocType::QuyetDinh => format!("Về việc ban hành Quy chế về {}", v.topic),
            DocType::ChiThi => format!("Về {}", v.topic),
            DocType::NghiQuyet => format!("Về {} giai đoạn {y} - {}", v.topic, y + 5),
            DocType::KetLuan => format!(
                "Kết luận của Ban Thường vụ {} về {}",
                issuer.kind.committee(),
                v.topic
            ),
            DocType::HuongDan => format!("Hướng dẫn {}", v.topic),
            DocType::BaoCao => format!("Kết quả {} năm {y}", v.topic),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Front matter

/// Kính gửi / Nơi nhận by issuer level; `{W}` is the website line of the office.
fn recipients(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::ProvinceCommittee | Kind::ProvinceBoard => &[
            "Đảng đoàn HĐND tỉnh",
            "Ban Cán sự đảng UBND tỉnh",
            "Mặt trận Tổ quốc Việt Nam, các đoàn thể chính trị - xã hội tỉnh",
            "Các sở, ban, ngành tỉnh",
            "Các huyện, thị, thành ủy, đảng ủy trực thuộc",
        ],
        Kind::DistrictCommittee | Kind::DistrictBoard => &[
            "UBND huyện",
            "Các Ban xây dựng Đảng Huyện ủy",
            "Các cơ quan, ban, ngành, đoàn thể huyện",
            "Các chi bộ, đảng bộ trực thuộc Huyện ủy",
        ],
        Kind::ProvincePeople | Kind::DistrictPeople => &[
            "Các sở, ban, ngành",
            "Các phòng, ban thuộc huyện",
            "UBND các xã, thị trấn",
        ],
        Kind::Commune | Kind::Central => &[
            "Các đồng chí trong Đảng ủy",
            "Các chi bộ trực thuộc Đảng ủy",
            "Ban Thường vụ Hội Cựu chiến binh xã",
        ],
    }
}

fn distribution(kind: Kind) -> (&'static [&'static str], &'static str, &'static str) {
    match kind {
        Kind::ProvinceCommittee => (
            &[
                "Như kính gửi",
                "Thường trực Tỉnh ủy",
                "Các đồng chí UVBTV Tỉnh ủy",
            ],
            "Đăng Website Tỉnh ủy",
            "Lưu Văn phòng Tỉnh ủy",
        ),
        Kind::ProvinceBoard => (
            &["Thường trực Tỉnh ủy (b/c)", "Như trên", "Lãnh đạo Ban"],
            "Đăng website BDVTU",
            "Lưu BDVTU",
        ),
        Kind::DistrictCommittee => (
            &[
                "Ban Dân vận Tỉnh ủy",
                "Như trên",
                "Các đồng chí UVBCH",
                "LĐVP",
            ],
            "Đăng website HU",
            "Lưu VPHU",
        ),
        Kind::DistrictBoard => (
            &["TT Huyện ủy (b/c)", "Ban Dân vận Tỉnh ủy", "Như kính gửi"],
            "Đăng website BDVHU",
            "Lưu BDVHU",
        ),
        Kind::ProvincePeople | Kind::DistrictPeople => (
            &[
                "Như trên",
                "TT. Huyện ủy (b/c)",
                "CT, PCT UBND",
                "VP: C, PCVP",
            ],
            "Đăng website UBND",
            "Lưu: VT",
        ),
        Kind::Commune | Kind::Central => (
            &["Ban Dân vận Huyện ủy", "Các đồng chí trong Đảng ủy"],
            "Đăng trang thông tin điện tử xã",
            "Lưu: VT",
        ),
    }
}

/// Signature: (authority, title, official index) by issuer kind.
fn signature(kind: Kind, ty: DocType, d: &mut Dice) -> (Option<&'static str>, &'static str, usize) {
    match kind {
        Kind::ProvinceCommittee | Kind::DistrictCommittee | Kind::Commune => match d.below(6) {
            0 | 1 => (Some("T/M Ban Thường vụ"), "Bí thư", 0),
            2 | 3 => (Some("T/M Ban Thường vụ"), "Phó Bí thư Thường trực", 1),
            4 if ty == DocType::ThongBao => (Some("TL. Ban Thường vụ"), "Chánh Văn phòng", 2),
            _ => (Some("T/M Ban Thường vụ"), "Phó Bí thư", 2),
        },
        Kind::ProvinceBoard | Kind::DistrictBoard => match d.below(3) {
            0 => (None, "Trưởng ban", 0),
            _ => (Some("KT. Trưởng ban"), "Phó Trưởng ban", 1),
        },
        Kind::ProvincePeople | Kind::DistrictPeople => match d.below(3) {
            0 => (Some("T/M Ủy ban nhân dân"), "Chủ tịch", 0),
            _ => (Some("KT. Chủ tịch"), "Phó Chủ tịch", 1),
        },
        Kind::Central => (Some("T/M Bộ Chính trị"), "Thường trực Ban Bí thư", 0),
    }
}

impl Plan {
    fn render(&self, i: usize, seed: u64) -> String {
        let mut d = Dice::new(seed, PURPOSE_TEXT, i as u64);
        let doc = &self.docs[i];
        let issuer = &self.issuers[doc.issuer];
        let kind = issuer.kind;
        let (subject, body) = self.render_body(i, &mut d);

        // About one in twenty uses the Vietnamese keys.
        let vn = doc.central.is_none() && d.per_mille(50);
        let key = |en: &'static str, vi: &'static str| if vn { vi } else { en };

        let mut fm = Writer::default();
        if let Some(n) = &doc.number {
            fm.field(key("number", "so_ky_hieu"), n);
        }
        // The type follows from a Party number's code; it is sometimes left to be derived.
        let derivable = doc
            .number
            .as_deref()
            .is_some_and(|n| kind.symbol().is_some() && n.contains('-'));
        if !(derivable && d.per_mille(60)) {
            fm.plain(key("type", "loai"), doc.ty.name());
        }
        let name = match d.below(100) {
            0..=4 => issuer.name.replace(" ủy", " uỷ"),
            5 => upper(&issuer.name),
            6 => issuer.name.nfd().collect(),
            _ => issuer.name.clone(),
        };
        fm.field(key("issuer", "co_quan_ban_hanh"), &name);
        if let Some(p) = &issuer.parent {
            fm.field(key("parent", "co_quan_chu_quan"), p);
        }
        let date = key("date", "ngay_ban_hanh");
        if doc.draft {
            fm.quoted(date, &doc.date.year().to_string());
        } else if vn || d.per_mille(30) {
            fm.plain(date, &doc.date.format("%d/%m/%Y").to_string());
        } else {
            fm.plain(date, &doc.date.format("%Y-%m-%d").to_string());
        }
        fm.field(key("place", "dia_danh"), &issuer.place);
        fm.quoted(key("subject", "trich_yeu"), &subject);

        let sep = if d.per_mille(700) { "," } else { ";" };
        // Items end with the separator, the last with a full stop, as on paper.
        let list = |fm: &mut Writer, k: &str, items: &[String]| {
            let ended: Vec<String> = items
                .iter()
                .enumerate()
                .map(|(j, item)| {
                    let end = if j + 1 == items.len() { "." } else { sep };
                    format!("{item}{end}")
                })
                .collect();
            fm.list(k, &ended);
        };
        if doc.central.is_none() {
            let all = recipients(kind);
            let rec: Vec<String> = all
                .iter()
                .filter(|_| d.per_mille(650))
                .map(|s| s.to_string())
                .collect();
            list(&mut fm, key("recipients", "kinh_gui"), &rec);
            let (middle, website, archive) = distribution(kind);
            let mut dist: Vec<String> = middle
                .iter()
                .filter(|_| d.per_mille(600))
                .map(|s| s.to_string())
                .collect();
            if d.per_mille(600) {
                dist.push(website.to_string());
            }
            dist.push(archive.to_string());
            list(&mut fm, key("distribution", "noi_nhan"), &dist);
        }

        let (authority, title, who) = match doc.central {
            Some(c) if CENTRAL[c].issuer == 3 => (None, "Thủ tướng", 0),
            _ => signature(kind, doc.ty, &mut d),
        };
        let official = &issuer.officials[term_of(doc.date.year())][who];
        let partial = d.per_mille(30);
        fm.open(key("signer", "nguoi_ky"));
        if let Some(a) = authority {
            fm.field(key("authority", "tham_quyen"), a);
        }
        if !(partial && authority.is_some()) {
            fm.field(key("title", "chuc_vu"), title);
        }
        if !doc.draft {
            fm.field(key("name", "ho_ten"), official);
        }
        fm.close();
        let campaigns: Vec<String> = doc
            .campaigns
            .iter()
            .map(|&c| {
                if d.per_mille(20) {
                    upper(CAMPAIGNS[c].0)
                } else {
                    CAMPAIGNS[c].0.to_string()
                }
            })
            .collect();
        fm.list(key("campaigns", "phong_trao"), &campaigns);
        if doc.secret {
            fm.plain(key("secrecy", "do_mat"), "Mật");
        }
        if doc.draft {
            fm.plain(key("draft", "du_thao"), "true");
        }
        fm.finish(&format!("\n{body}"))
    }
}

// ---------------------------------------------------------------------------------------
// Output

/// `vanban.yaml`: title, and the issuers with the aliases under which paper headers name
/// them as parents, so that `Đảng bộ tỉnh X` and `Tỉnh ủy X` meet in the issuer tree.
fn config(plan: &Plan, opts: &SynthOptions) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Generated by vanban-synth --docs {} --seed {}: a synthetic archive for tests.",
        opts.docs, opts.seed
    );
    let _ = writeln!(
        out,
        "title: {}",
        quoted(&format!("Kho văn bản tổng hợp (seed {})", opts.seed))
    );
    out.push_str("issuers:\n");
    let mut seen = HashSet::new();
    for i in &plan.issuers {
        if !seen.insert(i.key.as_str()) {
            continue;
        }
        let _ = writeln!(out, "  - name: {}", scalar(&i.name));
        if let Some(p) = &i.parent {
            let _ = writeln!(out, "    parent: {}", scalar(p));
        }
        if let Some(a) = &i.alias {
            let _ = writeln!(out, "    aliases:\n      - {}", scalar(a));
        }
    }
    out.push_str("campaigns:\n");
    for (name, _, _) in CAMPAIGNS {
        let _ = writeln!(out, "  - name: {}", scalar(name));
    }
    out
}

/// `citations.tsv`: citing file, cited number, cited file or `-`, relation, and
/// `ambiguous` where the wording was left ambiguous on purpose.
fn ground_truth(plan: &Plan) -> (String, usize) {
    let mut out = String::from("# citing\tnumber\tcited\trelation\t[ambiguous]\n");
    let mut n = 0;
    for doc in &plan.docs {
        for c in &doc.cites {
            let (number, file) = match c.target {
                Target::Doc(t) => (
                    plan.docs[t].number.as_deref().unwrap_or_default(),
                    plan.docs[t].file.as_str(),
                ),
                Target::Outside(o) => (CENTRAL[o].number, "-"),
            };
            let _ = write!(
                out,
                "{}\t{number}\t{file}\t{}",
                doc.file,
                c.relation.as_str()
            );
            if c.ambiguous {
                out.push_str("\tambiguous");
            }
            out.push('\n');
            n += 1;
        }
    }
    (out, n)
}

/// Generates the archive under `out`: `content/<year>/<slug>.md`, `vanban.yaml` and
/// `citations.tsv`. A `content/` left by an earlier run (recognised by its
/// `citations.tsv`) is replaced; any other existing `content/` is refused, so that a real
/// archive is never overwritten.
pub fn generate(opts: &SynthOptions, out: &Path) -> io::Result<SynthSummary> {
    let content = out.join("content");
    if content.exists() {
        if out.join("citations.tsv").is_file() {
            fs::remove_dir_all(&content)?;
        } else {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!(
                    "{} exists and was not made by vanban-synth; refusing to overwrite it",
                    content.display()
                ),
            ));
        }
    }
    let plan = Plan::new(opts);
    let years: HashSet<i32> = plan.docs.iter().map(|d| d.date.year()).collect();
    fs::create_dir_all(&content)?;
    for y in years {
        fs::create_dir_all(content.join(y.to_string()))?;
    }
    let bytes: u64 = (0..plan.docs.len())
        .into_par_iter()
        .map(|i| {
            let text = plan.render(i, opts.seed);
            fs::write(content.join(&plan.docs[i].file), &text)?;
            Ok(text.len() as u64)
        })
        .collect::<io::Result<Vec<u64>>>()?
        .into_iter()
        .sum();
    let (tsv, citations) = ground_truth(&plan);
    let yaml = config(&plan, opts);
    fs::write(out.join("citations.tsv"), &tsv)?;
    fs::write(out.join("vanban.yaml"), &yaml)?;
    let issuers: HashSet<&str> = plan
        .docs
        .iter()
        .map(|d| plan.issuers[d.issuer].key.as_str())
        .collect();
    Ok(SynthSummary {
        docs: plan.docs.len(),
        issuers: issuers.len(),
        citations_planted: citations,
        bytes: bytes + tsv.len() as u64 + yaml.len() as u64,
    })
}

/// How the built citation graph compares with `citations.tsv` (issue 3's measure).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Accuracy {
    /// Planted citations of a published document to a published one, worded unambiguously.
    pub archived: usize,
    /// Of those, the ones linked forward (the citing body links the cited document) and back
    /// (the cited document lists the citing one).
    pub linked_both_ways: usize,
    /// Planted citations linked to a document other than the planted one, including links
    /// made for citations of documents outside the archive.
    pub wrong: usize,
    /// Planted citations worded ambiguously on purpose, how many stayed unlinked, and how
    /// many of `wrong` are among them (linked to another candidate than the planted one).
    pub ambiguous: usize,
    pub ambiguous_unlinked: usize,
    pub wrong_ambiguous: usize,
}

impl Accuracy {
    /// `linked_both_ways / archived`, in percent.
    pub fn percent(&self) -> f64 {
        if self.archived == 0 {
            100.0
        } else {
            100.0 * self.linked_both_ways as f64 / self.archived as f64
        }
    }
}

/// Scores a built graph against the ground truth `tsv` (the text of `citations.tsv`).
/// Planted citations whose citing or cited document is not published (secret, draft) are
/// left out.
pub fn citation_accuracy(
    tsv: &str,
    archive: &vanban::archive::Archive,
    graph: &vanban::citations::Graph,
) -> Accuracy {
    let ids: HashMap<&Path, DocId> = archive
        .entries
        .iter_enumerated()
        .map(|(i, e)| (e.doc.source.as_path(), i))
        .collect();
    let id_of = |file: &str| ids.get(Path::new("content").join(file).as_path()).copied();
    // One document may cite one number for two documents (told apart by date or issuer):
    // a link is wrong only if it goes to none of the documents planted for that number.
    let mut planted: HashMap<(DocId, String), Vec<Option<DocId>>> = HashMap::new();
    let mut rows = Vec::new();
    for line in tsv.lines().filter(|l| !l.starts_with('#')) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (Some(&file), Some(&number), Some(&cited)) = (cols.first(), cols.get(1), cols.get(2))
        else {
            continue;
        };
        let Some(from) = id_of(file) else { continue };
        let to = if cited == "-" { None } else { id_of(cited) };
        if cited != "-" && to.is_none() {
            continue;
        }
        let key = number_key(number);
        planted.entry((from, key.clone())).or_default().push(to);
        rows.push((from, key, to, cols.get(4) == Some(&"ambiguous")));
    }
    let mut acc = Accuracy::default();
    for (from, key, to, ambiguous) in rows {
        let targets: Vec<DocId> = graph
            .cites(from)
            .iter()
            .filter(|c| c.citation.key == key)
            .filter_map(|c| c.target.as_ref().ok().copied())
            .collect();
        let expected = &planted[&(from, key)];
        let wrong = usize::from(targets.iter().any(|t| !expected.contains(&Some(*t))));
        acc.wrong += wrong;
        if ambiguous {
            acc.wrong_ambiguous += wrong;
            acc.ambiguous += 1;
            acc.ambiguous_unlinked += usize::from(targets.is_empty());
        } else if let Some(to) = to {
            acc.archived += 1;
            let back = graph.cited_by(to).iter().any(|&(f, _)| f == from);
            acc.linked_both_ways += usize::from(targets.contains(&to) && back);
        }
    }
    acc
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use std::path::PathBuf;

    fn opts(docs: usize, seed: u64) -> SynthOptions {
        SynthOptions {
            docs,
            seed,
            secret_every: Some(17),
            draft_every: Some(23),
        }
    }

    /// Every file under `root`, by relative path.
    fn files(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
        walkdir::WalkDir::new(root)
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(root).unwrap().to_path_buf();
                (rel, fs::read(e.path()).unwrap())
            })
            .collect()
    }

    const ALIASES: &[(&str, &str)] = &[
        ("so_ky_hieu", "number"),
        ("loai", "type"),
        ("co_quan_ban_hanh", "issuer"),
        ("co_quan_chu_quan", "parent"),
        ("ngay_ban_hanh", "date"),
        ("dia_danh", "place"),
        ("trich_yeu", "subject"),
        ("kinh_gui", "recipients"),
        ("noi_nhan", "distribution"),
        ("nguoi_ky", "signer"),
        ("phong_trao", "campaigns"),
        ("do_mat", "secrecy"),
        ("du_thao", "draft"),
    ];

    /// Front matter with canonical keys, and the body.
    fn parse(text: &str) -> (BTreeMap<String, serde_yaml::Value>, String) {
        let rest = text.strip_prefix("---\n").expect("opens with ---");
        let end = rest.find("\n---\n").expect("closes with ---");
        let map: BTreeMap<String, serde_yaml::Value> =
            serde_yaml::from_str(&rest[..end]).expect("front matter is YAML");
        let map = map
            .into_iter()
            .map(|(k, v)| {
                let k = ALIASES
                    .iter()
                    .find(|(vi, _)| *vi == k)
                    .map_or(k, |(_, en)| en.to_string());
                (k, v)
            })
            .collect();
        (map, rest[end + 5..].to_string())
    }

    fn text(v: &serde_yaml::Value) -> String {
        match v {
            serde_yaml::Value::String(s) => s.clone(),
            other => serde_yaml::to_string(other).unwrap().trim().to_string(),
        }
    }

    fn parse_date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .or_else(|_| NaiveDate::parse_from_str(s, "%d/%m/%Y"))
            .unwrap_or_else(|_| panic!("bad date {s}"))
    }

    struct Archive {
        _dir: tempfile::TempDir,
        root: PathBuf,
        summary: SynthSummary,
        docs: BTreeMap<String, (BTreeMap<String, serde_yaml::Value>, String)>,
    }

    fn archive(o: &SynthOptions) -> Archive {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        let summary = generate(o, &root).unwrap();
        let docs = files(&root.join("content"))
            .into_iter()
            .map(|(p, b)| {
                let p = p.to_str().unwrap().replace('\\', "/");
                (p, parse(std::str::from_utf8(&b).unwrap()))
            })
            .collect();
        Archive {
            _dir: dir,
            root,
            summary,
            docs,
        }
    }

    #[test]
    fn same_seed_gives_the_same_bytes() {
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        let sa = generate(&opts(200, 7), a.path()).unwrap();
        let sb = generate(&opts(200, 7), b.path()).unwrap();
        assert_eq!(sa, sb);
        let fa = files(a.path());
        assert_eq!(fa.len(), 200 + 2);
        assert!(fa == files(b.path()), "two runs differ");
        // Running again over its own output replaces it with the same bytes.
        generate(&opts(200, 7), a.path()).unwrap();
        assert!(fa == files(a.path()));
        // Another seed is another archive.
        let c = tempfile::tempdir().unwrap();
        generate(&opts(200, 8), c.path()).unwrap();
        assert!(fa != files(c.path()));
    }

    #[test]
    fn front_matter_parses_and_numbers_are_unique_per_issuer_and_year() {
        let a = archive(&opts(800, 3));
        assert_eq!(a.docs.len(), 800);
        assert_eq!(a.summary.docs, 800);
        let mut seen: HashMap<(String, String, i32), String> = HashMap::new();
        let (mut drafts, mut secret, mut aliased) = (0, 0, 0);
        for (path, (fm, body)) in &a.docs {
            assert!(
                fm.contains_key("issuer") && fm.contains_key("subject"),
                "{path}"
            );
            assert!(body.len() > 1500, "{path}: body too short");
            let draft = fm.get("draft").is_some_and(|v| v.as_bool() == Some(true));
            secret += usize::from(fm.contains_key("secrecy"));
            aliased += usize::from(!fm.contains_key("number") && !draft);
            let date = text(&fm["date"]);
            if draft {
                drafts += 1;
                assert!(!fm.contains_key("number"), "{path}: a draft has no number");
                assert_eq!(date.len(), 4, "{path}: a draft is dated by year");
                continue;
            }
            let year = parse_date(&date).year();
            assert!(
                path.starts_with(&format!("{year}/")),
                "{path} not under its year"
            );
            let number = text(&fm["number"]);
            let issuer = identity_key(&text(&fm["issuer"]));
            let key = (number_key(&number), issuer, year);
            if let Some(other) = seen.insert(key, path.clone()) {
                panic!("{path} and {other} share number, issuer and year");
            }
        }
        assert_eq!(drafts, 800 / 23);
        assert!(secret > 0 && aliased == 0);
    }

    #[test]
    fn ground_truth_points_at_existing_earlier_documents() {
        let a = archive(&opts(600, 5));
        let tsv = fs::read_to_string(a.root.join("citations.tsv")).unwrap();
        let mut rows = 0;
        let mut archived = 0;
        for line in tsv.lines().filter(|l| !l.starts_with('#')) {
            let cols: Vec<&str> = line.split('\t').collect();
            assert!(
                cols.len() == 4 || (cols.len() == 5 && cols[4] == "ambiguous"),
                "{line}"
            );
            assert!(
                ["implements", "based_on", "replaces", "mentions"].contains(&cols[3]),
                "{line}"
            );
            let (citing, citing_body) = {
                let (fm, body) = a.docs.get(cols[0]).expect("citing file exists");
                (fm, body)
            };
            let digits = cols[1].split(['-', '/']).next().unwrap();
            assert!(
                citing_body.contains(digits),
                "{line}: number not in the body"
            );
            rows += 1;
            if cols[2] == "-" {
                continue;
            }
            archived += 1;
            let (cited, _) = a.docs.get(cols[2]).expect("cited file exists");
            assert_eq!(text(&cited["number"]), cols[1], "{line}");
            assert!(!cited.contains_key("secrecy") && !cited.contains_key("draft"));
            assert!(!citing.contains_key("secrecy") && !citing.contains_key("draft"));
            let (from, to) = (text(&citing["date"]), text(&cited["date"]));
            assert!(
                parse_date(&to) < parse_date(&from),
                "{line}: cites a later document"
            );
        }
        assert_eq!(rows, a.summary.citations_planted);
        assert!(archived * 2 > rows, "most citations point into the archive");
    }

    #[test]
    fn slugs_are_unique_and_tone_twins_keep_apart() {
        let plan = Plan::new(&opts(4000, 11));
        let mut lower = HashSet::new();
        for d in &plan.docs {
            assert!(
                d.file.is_ascii() && d.file == d.file.to_lowercase(),
                "{}",
                d.file
            );
            assert!(lower.insert(d.file.clone()), "{} twice", d.file);
        }
        let names: HashSet<&str> = plan
            .docs
            .iter()
            .map(|d| plan.issuers[d.issuer].name.as_str())
            .collect();
        assert!(names.contains("Đảng ủy xã Tân Hòa") && names.contains("Đảng ủy xã Tân Hóa"));
        assert!(
            plan.docs.iter().any(|d| d.file.ends_with("-2.md")),
            "no folded slug collision was exercised"
        );
        // Same-named districts in two provinces share one number register.
        let chau_thanh: HashSet<&Option<String>> = plan
            .issuers
            .iter()
            .filter(|i| i.name == "Huyện ủy Châu Thành")
            .map(|i| &i.parent)
            .collect();
        assert!(chau_thanh.len() >= 2);
    }

    #[test]
    fn unambiguous_citations_have_one_candidate() {
        let plan = Plan::new(&opts(3000, 2));
        let (mut total, mut ambiguous) = (0, 0);
        for doc in &plan.docs {
            for c in &doc.cites {
                let Target::Doc(t) = c.target else { continue };
                total += 1;
                let named = c.who == Who::Full;
                let dated = c.date != DateForm::None || c.join_next.is_some();
                if c.ambiguous {
                    ambiguous += 1;
                    assert!(!plan.unique(t, dated, named));
                } else {
                    assert!(plan.unique(t, dated, named) || plan.docs[t].central.is_some());
                }
            }
        }
        assert!(
            ambiguous > 0 && ambiguous * 20 < total,
            "{ambiguous} of {total}"
        );
    }

    #[test]
    fn refuses_a_content_folder_it_did_not_make() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("content/2020")).unwrap();
        fs::write(dir.path().join("content/2020/real.md"), "---\n---\n").unwrap();
        let err = generate(&opts(10, 1), dir.path()).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert!(dir.path().join("content/2020/real.md").exists());
    }
}
