//! Criterion benchmarks for each stage and end to end. Inputs come from the repository only
//! (training-data/ and tests/fixtures/), so the benches run on any clone.
//!
//! Run: `cargo bench --bench pipeline` (add `-- pipeline` etc. to pick a group).

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use newsdesk::classify::{Example, TrainParams, Unit, builtin_model, read_examples};
use newsdesk::summarize::{Length, Summarizer, SummaryOptions};
use newsdesk::text::{Article, decode};
use std::hint::black_box;
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The training corpus as articles: each file is one "article" of blank-line paragraphs.
fn corpus() -> Vec<String> {
    let mut out = Vec::new();
    let mut files: Vec<PathBuf> = Vec::new();
    for label in ["security", "diplomacy", "economics", "general"] {
        for e in std::fs::read_dir(root().join("training-data").join(label)).unwrap() {
            files.push(e.unwrap().path());
        }
    }
    files.sort();
    for f in files {
        out.push(std::fs::read_to_string(f).unwrap());
    }
    out
}

fn examples() -> Vec<Example> {
    read_examples(
        &[root().join("training-data")],
        newsdesk::classify::DataFormat::Folder,
        &Default::default(),
        &mut |_| {},
    )
    .unwrap()
}

fn bench_pipeline(c: &mut Criterion) {
    let docs = corpus();
    let bytes: Vec<Vec<u8>> = docs.iter().map(|d| d.as_bytes().to_vec()).collect();
    let total: usize = bytes.iter().map(Vec::len).sum();
    let model = builtin_model().unwrap();
    let mut g = c.benchmark_group("pipeline");
    g.throughput(Throughput::Bytes(total as u64));
    g.bench_function("decode_to_tfidf_row", |b| {
        let mut f = model.vectorizer().featurizer();
        let mut row = Default::default();
        b.iter(|| {
            for raw in &bytes {
                let text = decode(raw).text;
                f.transform_into(&text, &mut row);
                black_box(&row);
            }
        })
    });
    g.bench_function("decode_structure_sentences", |b| {
        b.iter(|| {
            for raw in &bytes {
                black_box(Article::parse(decode(raw).text).sentences.len());
            }
        })
    });
    g.finish();
}

fn bench_train(c: &mut Criterion) {
    let examples = examples();
    let mut g = c.benchmark_group("train");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(
        examples.iter().map(|e| e.text.len()).sum::<usize>() as u64,
    ));
    let params = TrainParams {
        unit: Unit::Paragraph,
        ..Default::default()
    }
    .check()
    .unwrap();
    g.bench_function("builtin_corpus_paragraphs", |b| {
        b.iter(|| black_box(params.fit(&examples, &mut |_| {}).unwrap()))
    });
    g.finish();
}

fn bench_classify(c: &mut Criterion) {
    let docs = corpus();
    let total: usize = docs.iter().map(String::len).sum();
    let model = builtin_model().unwrap();
    let mut g = c.benchmark_group("classify");
    g.throughput(Throughput::Bytes(total as u64));
    g.bench_function("text_unit", |b| {
        let mut cl = model.classifier().with_terms(0);
        b.iter(|| {
            for d in &docs {
                black_box(cl.classify_text(d, 0.5));
            }
        })
    });
    let articles: Vec<Article> = docs.iter().map(|d| Article::parse(d.clone())).collect();
    g.bench_function("article_paragraphs", |b| {
        let mut cl = model.classifier();
        b.iter(|| {
            for a in &articles {
                black_box(cl.classify_article(a, 0.5));
            }
        })
    });
    g.finish();
}

fn bench_summarize(c: &mut Criterion) {
    let text = std::fs::read_to_string(root().join("tests/fixtures/sample-article.txt")).unwrap();
    let article = Article::parse(text.clone());
    let mut g = c.benchmark_group("summarize");
    g.throughput(Throughput::Elements(1));
    for k in [1usize, 3, 5] {
        g.bench_with_input(
            BenchmarkId::new("sample_article_sentences", k),
            &k,
            |b, &k| {
                let mut s = Summarizer::new(SummaryOptions {
                    length: Length::Sentences(k),
                    ..Default::default()
                });
                b.iter(|| black_box(s.summarize(&article, None)))
            },
        );
    }
    g.bench_function("end_to_end_parse_and_summarize", |b| {
        let mut s = Summarizer::new(SummaryOptions::default());
        b.iter(|| {
            let a = Article::parse(text.clone());
            black_box(s.summarize(&a, None).len())
        })
    });
    g.finish();
}

fn bench_end_to_end(c: &mut Criterion) {
    let text = std::fs::read_to_string(root().join("tests/fixtures/sample-article.txt")).unwrap();
    let model = builtin_model().unwrap();
    let mut g = c.benchmark_group("end_to_end");
    g.throughput(Throughput::Elements(1));
    g.bench_function("analyze_sample_article", |b| {
        let mut cl = model.classifier();
        let mut s = Summarizer::new(SummaryOptions::default());
        b.iter(|| {
            let a = Article::parse(decode(text.as_bytes()).text);
            black_box(cl.classify_article(&a, 0.5));
            black_box(s.summarize(&a, None).len())
        })
    });
    g.finish();
}

/// English stemming as the analyzer pays for it: rust-stemmers (through `WordStemmer`) once
/// per distinct word of the training corpus, and then the analyzer's per-thread word table,
/// which answers every later occurrence of a word without stemming it again.
fn bench_stem(c: &mut Criterion) {
    let docs = corpus();
    let mut words: Vec<String> = docs
        .iter()
        .flat_map(|d| {
            d.split(|c: char| !c.is_ascii_alphanumeric() && c != '\'')
                .map(str::to_lowercase)
                .collect::<Vec<_>>()
        })
        .filter(|w| !w.is_empty())
        .collect();
    words.sort();
    words.dedup();
    let mut g = c.benchmark_group("stem");
    g.throughput(Throughput::Elements(words.len() as u64));
    g.bench_function("distinct_words_english", |b| {
        let s = newsdesk::text::WordStemmer::new(newsdesk::text::Language::English);
        let mut out = String::new();
        b.iter(|| {
            for w in &words {
                s.stem_into(w, &mut out);
                black_box(&out);
            }
        })
    });
    g.finish();
    let mut g = c.benchmark_group("analyze");
    let total: usize = docs.iter().map(String::len).sum();
    g.throughput(Throughput::Bytes(total as u64));
    g.bench_function("corpus_warm_word_table", |b| {
        let mut a = newsdesk::text::Analyzer::new(Default::default());
        for d in &docs {
            a.for_each_term(d, |_, _| {});
        }
        b.iter(|| {
            let mut n = 0u32;
            for d in &docs {
                a.for_each_term(d, |id, _| n = n.wrapping_add(id));
            }
            black_box(n)
        })
    });
    g.finish();
}

criterion_group!(
    benches,
    bench_stem,
    bench_pipeline,
    bench_train,
    bench_classify,
    bench_summarize,
    bench_end_to_end
);
criterion_main!(benches);
