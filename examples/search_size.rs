//! Measures the search index on a synthetic archive of 10,000 Vietnamese-like documents:
//! `cargo run --example search_size [N]`. Prints the metadata size, the bytes the first query
//! loads, and the whole index against an estimate of the site's HTML.

use vanban::ids::{CampaignId, DocTypeId, IssuerId};
use vanban::search::{Body, DOC_BUCKET, Facets, SearchDoc, build_index, query_files, stats};

/// Common words of directive documents, most frequent first (drawn with a Zipf-like law).
const WORDS: &[&str] = &[
    "của",
    "và",
    "các",
    "trong",
    "thực hiện",
    "cán bộ",
    "đảng viên",
    "nhân dân",
    "công tác",
    "chính quyền",
    "dân vận",
    "huyện",
    "xã",
    "tổ chức",
    "phong trào",
    "kế hoạch",
    "năm",
    "được",
    "theo",
    "với",
    "chỉ đạo",
    "triển khai",
    "tuyên truyền",
    "vận động",
    "đoàn thể",
    "mặt trận",
    "tổ quốc",
    "cơ sở",
    "hệ thống chính trị",
    "nâng cao",
    "hiệu quả",
    "chất lượng",
    "thi đua",
    "khen thưởng",
    "báo cáo",
    "kết quả",
    "đánh giá",
    "tình hình",
    "kinh tế",
    "xã hội",
    "quốc phòng",
    "an ninh",
    "nông thôn mới",
    "giảm nghèo",
    "đồng bào",
    "dân tộc",
    "tôn giáo",
    "khéo",
    "trách nhiệm",
    "người đứng đầu",
    "cấp ủy",
    "ủy ban",
    "hội đồng",
    "thường trực",
    "ban thường vụ",
    "tỉnh ủy",
    "huyện ủy",
    "quy chế",
    "dân chủ",
    "giám sát",
    "phản biện",
    "góp ý",
    "xây dựng",
    "đảng",
    "trong sạch",
    "vững mạnh",
    "học tập",
    "làm theo",
    "tư tưởng",
    "đạo đức",
    "phong cách",
    "hồ chí minh",
    "nghị quyết",
    "chỉ thị",
    "kết luận",
    "hướng dẫn",
    "thông báo",
    "quyết định",
    "đề nghị",
    "phối hợp",
    "ban ngành",
    "đơn vị",
    "địa phương",
    "thời gian",
    "địa điểm",
    "kinh phí",
    "ngân sách",
    "nguồn lực",
    "đầu tư",
    "hạ tầng",
    "giao thông",
    "thủy lợi",
    "trường học",
    "y tế",
    "giáo dục",
    "văn hóa",
    "thể thao",
    "du lịch",
    "môi trường",
    "đất đai",
    "khiếu nại",
    "tố cáo",
    "hòa giải",
    "mô hình",
    "điển hình",
    "tiên tiến",
    "gương",
    "sáng tạo",
    "đổi mới",
    "cải cách",
    "hành chính",
    "thủ tục",
    "một cửa",
    "số hóa",
    "chuyển đổi số",
    "ứng dụng",
    "công nghệ",
    "thông tin",
    "dữ liệu",
    "bảo đảm",
    "kịp thời",
    "đầy đủ",
    "chính xác",
    "nghiêm túc",
    "thường xuyên",
    "định kỳ",
    "hàng tháng",
    "quý",
    "sáu tháng",
    "cuối năm",
    "nhiệm kỳ",
    "đại hội",
    "hội nghị",
    "sơ kết",
    "tổng kết",
    "rút kinh nghiệm",
    "khắc phục",
    "hạn chế",
    "tồn tại",
    "nguyên nhân",
    "giải pháp",
    "nhiệm vụ",
    "trọng tâm",
    "trọng điểm",
    "lâu dài",
    "cấp bách",
    "ấp",
    "thôn",
    "bản",
    "phum",
    "sóc",
    "già làng",
    "người có uy tín",
    "chức sắc",
    "chức việc",
    "hộ nghèo",
    "cận nghèo",
    "việc làm",
    "thu nhập",
    "sản xuất",
    "cao su",
    "điều",
    "hồ tiêu",
    "chăn nuôi",
    "dịch bệnh",
    "phòng chống",
    "thiên tai",
    "hạn hán",
    "lũ lụt",
    "cứu trợ",
    "an sinh",
    "nhà tình nghĩa",
    "gia đình chính sách",
    "thương binh",
    "liệt sĩ",
    "cựu chiến binh",
    "thanh niên",
    "phụ nữ",
    "nông dân",
    "công đoàn",
    "người lao động",
    "doanh nghiệp",
    "hợp tác xã",
    "trang trại",
];
const PLACES: &[&str] = &[
    "Hón Quản",
    "Bình Long",
    "Lộc Ninh",
    "Bù Đốp",
    "Chơn Thành",
    "Đồng Xoài",
    "Phú Riềng",
    "Bù Gia Mập",
    "Đồng Phú",
    "Bù Đăng",
    "Thanh Lương",
    "Tân Khai",
    "Minh Đức",
    "Tân Hưng",
];

/// xorshift64*: reproducible without a dependency.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// Zipf-like: index i drawn with weight about 1/(i+1).
    fn zipf(&mut self, n: usize) -> usize {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        (((n as f64 + 1.0).powf(u)) - 1.0) as usize % n
    }
}

struct Owned {
    url: String,
    number: String,
    subject: String,
    issuer: usize,
    year: i32,
    kind: usize,
    campaigns: Vec<CampaignId>,
    date: String,
    body: String,
}

fn sentence(rng: &mut Rng, words: usize) -> String {
    let mut s = String::new();
    for i in 0..words {
        if i > 0 {
            s.push(' ');
        }
        if rng.below(40) == 0 {
            s.push_str(PLACES[rng.below(PLACES.len())]);
        } else if rng.below(60) == 0 {
            s.push_str(&format!("{}-KH/HU", rng.below(900) + 1));
        } else {
            s.push_str(WORDS[rng.zipf(WORDS.len())]);
        }
    }
    s
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(10_000);
    // With a second argument, the index is also written there (to try search.js on it).
    let out_dir = std::env::args().nth(2);
    let issuers: Vec<String> = PLACES
        .iter()
        .flat_map(|p| {
            [
                format!("Huyện ủy {p}"),
                format!("Ban Dân vận Huyện ủy {p}"),
                format!("UBND xã {p}"),
            ]
        })
        .collect();
    let issuer_refs: Vec<&str> = issuers.iter().map(String::as_str).collect();
    let types = [
        "Công văn",
        "Thông báo",
        "Kế hoạch",
        "Báo cáo",
        "Quyết định",
        "Hướng dẫn",
    ];
    let codes = ["CV", "TB", "KH", "BC", "QĐ", "HD"];
    let campaigns = [
        "Dân vận khéo",
        "Năm Dân vận chính quyền 2018",
        "Học tập và làm theo tư tưởng Hồ Chí Minh",
        "Xây dựng nông thôn mới",
    ];
    let years: Vec<i32> = (2010..=2024).rev().collect();

    let mut rng = Rng(0x5eed_1234_abcd_0001);
    let mut owned: Vec<Owned> = (0..n)
        .map(|i| {
            let year = 2024 - (i * years.len() / n) as i32;
            let kind = rng.below(types.len());
            let issuer = rng.zipf(issuers.len());
            let mut campaigns_of = Vec::new();
            if rng.below(5) == 0 {
                campaigns_of.push(CampaignId::new(rng.below(campaigns.len())));
            }
            let number = format!("{}-{}/HU", rng.below(600) + 1, codes[kind]);
            let len = 8 + rng.below(10);
            let subject = format!("V/v {}", sentence(&mut rng, len));
            let target = 3000 + rng.below(3000);
            let mut body = String::new();
            while body.len() < target {
                let words = 12 + rng.below(20);
                body.push_str(&sentence(&mut rng, words));
                body.push_str(". ");
            }
            Owned {
                url: format!(
                    "van-ban/{year}/{}-{}.html",
                    vanban::vietnamese::slugify(&number),
                    i
                ),
                number,
                subject,
                issuer,
                year,
                kind,
                campaigns: campaigns_of,
                date: format!("{:02}/{:02}/{year}", rng.below(28) + 1, rng.below(12) + 1),
                body,
            }
        })
        .collect();
    owned.sort_by_key(|o| std::cmp::Reverse(o.year));

    let docs: Vec<SearchDoc> = owned
        .iter()
        .map(|o| SearchDoc {
            url: &o.url,
            number: &o.number,
            subject: &o.subject,
            issuer: &issuers[o.issuer],
            issuer_id: IssuerId::new(o.issuer),
            year: Some(o.year),
            doc_type: types[o.kind],
            type_id: DocTypeId::new(o.kind),
            campaign_ids: &o.campaigns,
            date: &o.date,
            body: Body::Text(&o.body),
            draft: false,
        })
        .collect();
    let facets = Facets {
        issuers: issuer_refs.iter().copied().collect(),
        types: types.iter().copied().collect(),
        campaigns: campaigns.iter().copied().collect(),
        years: &years,
    };

    let started = std::time::Instant::now();
    let files = build_index(&docs, &facets);
    let took = started.elapsed();
    let s = stats(&files);
    if let Some(dir) = &out_dir {
        for (path, contents) in &files {
            let p = std::path::Path::new(dir).join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, contents).unwrap();
        }
    }
    let body_bytes: usize = owned.iter().map(|o| o.body.len()).sum();
    // A document page is its body plus about 6 KB of header, attribute table and navigation;
    // list pages are not counted, so the ratio below is pessimistic.
    let html_estimate = body_bytes + n * 6 * 1024;
    let size = |p: &str| {
        files
            .iter()
            .find(|(f, _)| f == p)
            .map_or(0, |(_, c)| c.len())
    };
    println!(
        "{n} documents, body text {} KB, built in {took:.2?}",
        body_bytes / 1024
    );
    println!(
        "files {}, total {} KB ({:.1}% of ~{} KB HTML)",
        s.files,
        s.total_bytes / 1024,
        100.0 * s.total_bytes as f64 / html_estimate as f64,
        html_estimate / 1024
    );
    println!(
        "meta {} KB, largest shard {} KB",
        s.meta_bytes / 1024,
        s.largest_shard_bytes / 1024
    );
    let bucket = files
        .iter()
        .filter(|(p, _)| p.starts_with("tim-kiem/d-"))
        .map(|(_, c)| c.len())
        .max()
        .unwrap_or(0);
    println!(
        "largest doc bucket ({DOC_BUCKET} docs) {} KB",
        bucket / 1024
    );
    for q in [
        "dan van kheo",
        "dân vận khéo",
        "huyen uy hon quan 2018",
        "224 TB HU",
        "cong van 44",
        "của và các trong",
        "chuyển đổi số",
    ] {
        let terms: usize = query_files(&files, q).iter().map(|p| size(p)).sum();
        // Twenty results shown, each from its own bucket at worst.
        let first = s.meta_bytes + terms + 20 * bucket;
        println!(
            "query {q:?}: term shards {} KB, first query at most {} KB",
            terms / 1024,
            first / 1024
        );
    }
}
