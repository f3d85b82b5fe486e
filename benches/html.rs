//! Criterion benchmarks of web page extraction: the pre-pass alone and the whole extraction,
//! on the test fixture page and on a heavy version of it (scripts, styles and navigation
//! around the article, as real news pages carry; about 200 KB like the development pages).
//!
//! Run: `cargo bench --bench html`.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use newsdesk::html::{extract_bytes, prepass};
use std::hint::black_box;

const PAGE: &str = include_str!("../tests/examples/page.html");

/// The fixture with 60 KB of script, 60 KB of style and a long menu before the article.
fn heavy_page() -> String {
    let script = format!(
        "<script>var cfg = [{}];</script>\n",
        "{\"k\": 1, \"v\": \"x\"},".repeat(3000)
    );
    let style = format!(
        "<style>{}</style>\n",
        ".menu a { color: #123456; margin: 0 4px }\n".repeat(1400)
    );
    let menu: String = (0..400)
        .map(|i| format!("<li class=\"menu-item\"><a href=\"/section/{i}\">Section {i}</a></li>"))
        .collect();
    PAGE.replacen("</head>", &format!("{script}{style}</head>"), 1)
        .replacen(
            "<main>",
            &format!("<nav class=\"mega\"><ul>{menu}</ul></nav><main>"),
            1,
        )
}

fn bench(c: &mut Criterion) {
    let heavy = heavy_page();
    let mut g = c.benchmark_group("html");
    for (name, page) in [("fixture", PAGE.to_string()), ("heavy", heavy)] {
        g.throughput(Throughput::Bytes(page.len() as u64));
        g.bench_function(format!("prepass/{name}"), |b| {
            b.iter(|| prepass::trim(black_box(&page)))
        });
        g.bench_function(format!("extract/{name}"), |b| {
            b.iter(|| extract_bytes(black_box(page.as_bytes().to_vec())).unwrap())
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
