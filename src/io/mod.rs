//! Files in and out: atomic output, folder walking, reading and decoding text, JSONL rows.
//!
//! Each of these exists once here and is shared by the library's readers and the command line.

mod atomic;
mod identity;
pub(crate) mod jsonl;
mod read;
mod walk;

pub use atomic::{AtomicFile, output_replaced, remove_unfinished, write_atomically};
pub use identity::FileId;
pub use jsonl::{
    PairRow, Row as JsonlRow, RowId, json_type, parse_pair_row, parse_row as parse_jsonl_row,
};
pub use read::{
    DEFAULT_MAX_LINE_BYTES, LineLimit, STDIN_LABEL, decode_bytes, read_bytes_limited,
    read_data_limited, read_text, read_text_bytes, read_text_from, read_text_limited,
};
pub use walk::{NamePattern, SeenFiles, files_under, files_under_once};
