//! The index schema: the only place that turns `index-schema/index.toml` into a tantivy
//! [`Schema`], and the [`Fields`] handles the rest of the crate uses.
//!
//! The schema file is compiled in, so a binary always knows the exact format it writes. Its
//! `version` is written beside the index (see [`crate::store::MARKER_FILE`]) and checked on every
//! open.

use serde::Deserialize;
use std::collections::HashMap;

use tantivy::columnar::{BytesColumn, StrColumn};
use tantivy::schema::{
    BytesOptions, DateOptions, DateTimePrecision, Field, IndexRecordOption, NumericOptions, Schema,
    TextFieldIndexing, TextOptions,
};
use tantivy::{DocAddress, DocId, Searcher};

use crate::analysis;
use crate::error::{Error, Result};

/// The declarative schema, as shipped in `index-schema/index.toml`.
pub const SCHEMA_TOML: &str = include_str!("../index-schema/index.toml");

/// Value of the `kind` field for articles.
pub const KIND_ARTICLE: &str = "article";
/// Value of the `kind` field for quotes.
pub const KIND_QUOTE: &str = "quote";

/// One field of `index-schema/index.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldSpec {
    /// The field name, English snake_case.
    pub name: String,
    /// Which kinds of document fill it: `article`, `quote`.
    pub kinds: Vec<String>,
    /// `text`, `date`, `u64` or `f64`.
    #[serde(rename = "type")]
    pub field_type: String,
    /// The analyzer of a text field.
    pub analyzer: Option<String>,
    /// Kept in the document store, to be shown back.
    pub stored: bool,
    /// Searchable.
    pub indexed: bool,
    /// Kept in a column, for sorting, ranges and grouping.
    pub fast: bool,
    /// Why the field exists.
    pub why: String,
}

/// The whole declarative schema.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SchemaSpec {
    /// The format version; indexes of another version must be rebuilt.
    pub version: u32,
    /// The fields, in order.
    pub field: Vec<FieldSpec>,
}

impl SchemaSpec {
    /// Reads the schema compiled into this binary.
    pub fn shipped() -> SchemaSpec {
        toml::from_str(SCHEMA_TOML).expect("index-schema/index.toml is checked by a unit test")
    }
}

/// The version of the shipped schema.
pub fn schema_version() -> u32 {
    SchemaSpec::shipped().version
}

/// The field names, as `index-schema/index.toml` spells them: code outside this module reads a
/// column by one of these, never by a string of its own.
#[allow(
    missing_docs,
    reason = "each field is documented in index-schema/index.toml"
)]
pub mod name {
    pub const KIND: &str = "kind";
    pub const ID: &str = "id";
    pub const PATH: &str = "path";
    pub const KEY: &str = "key";
    pub const HASH: &str = "hash";
    pub const DATE: &str = "date";
    pub const DATE_TEXT: &str = "date_text";
    pub const CITY: &str = "city";
    pub const AGENCY: &str = "agency";
    pub const AUTHORS: &str = "authors";
    pub const CREDITS: &str = "credits";
    pub const SECTION: &str = "section";
    pub const TAGS: &str = "tags";
    pub const URL: &str = "url";
    pub const LINE: &str = "line";
    pub const TITLE: &str = "title";
    pub const HEADLINE_KEY: &str = "headline_key";
    pub const FINGERPRINT: &str = "fingerprint";
    pub const LEDE: &str = "lede";
    pub const BODY: &str = "body";
    pub const TEXT: &str = "text";
    pub const QUOTE: &str = "quote";
    pub const SPEAKER_KEY: &str = "speaker_key";
    pub const SPEAKER_EXACT: &str = "speaker_exact";
    pub const MENTION: &str = "mention";
    pub const ROLE: &str = "role";
    pub const VERB: &str = "verb";
    pub const POSITION: &str = "position";
    pub const CONFIDENCE: &str = "confidence";
}

/// Handles to every field of the index, by name.
#[derive(Debug, Clone, Copy)]
#[allow(
    missing_docs,
    reason = "each field is documented in index-schema/index.toml"
)]
pub struct Fields {
    pub kind: Field,
    pub id: Field,
    pub path: Field,
    pub key: Field,
    pub hash: Field,
    pub date: Field,
    pub date_text: Field,
    pub city: Field,
    pub agency: Field,
    pub authors: Field,
    pub credits: Field,
    pub section: Field,
    pub tags: Field,
    pub url: Field,
    pub line: Field,
    pub title: Field,
    pub headline_key: Field,
    pub fingerprint: Field,
    pub lede: Field,
    pub body: Field,
    pub text: Field,
    pub quote: Field,
    pub speaker_key: Field,
    pub speaker_exact: Field,
    pub mention: Field,
    pub role: Field,
    pub verb: Field,
    pub position: Field,
    pub confidence: Field,
}

impl Fields {
    /// Looks up every field in a schema built by [`build_schema`].
    pub fn new(schema: &Schema) -> Result<Fields> {
        let field = |name: &str| {
            schema.get_field(name).map_err(|_| Error::SchemaMismatch {
                detail: format!("the index has no field \"{name}\""),
            })
        };
        Ok(Fields {
            kind: field(name::KIND)?,
            id: field(name::ID)?,
            path: field(name::PATH)?,
            key: field(name::KEY)?,
            hash: field(name::HASH)?,
            date: field(name::DATE)?,
            date_text: field(name::DATE_TEXT)?,
            city: field(name::CITY)?,
            agency: field(name::AGENCY)?,
            authors: field(name::AUTHORS)?,
            credits: field(name::CREDITS)?,
            section: field(name::SECTION)?,
            tags: field(name::TAGS)?,
            url: field(name::URL)?,
            line: field(name::LINE)?,
            title: field(name::TITLE)?,
            headline_key: field(name::HEADLINE_KEY)?,
            fingerprint: field(name::FINGERPRINT)?,
            lede: field(name::LEDE)?,
            body: field(name::BODY)?,
            text: field(name::TEXT)?,
            quote: field(name::QUOTE)?,
            speaker_key: field(name::SPEAKER_KEY)?,
            speaker_exact: field(name::SPEAKER_EXACT)?,
            mention: field(name::MENTION)?,
            role: field(name::ROLE)?,
            verb: field(name::VERB)?,
            position: field(name::POSITION)?,
            confidence: field(name::CONFIDENCE)?,
        })
    }
}

/// `options` with the spec's indexed, stored and fast flags set: date, bytes and numeric options
/// have the same three setters but share no trait.
macro_rules! flags {
    ($options:expr, $field:expr) => {{
        let mut options = $options;
        if $field.indexed {
            options = options.set_indexed();
        }
        if $field.stored {
            options = options.set_stored();
        }
        if $field.fast {
            options = options.set_fast();
        }
        options
    }};
}

/// Builds the tantivy schema from the declarative one.
pub fn build_schema(spec: &SchemaSpec) -> Schema {
    let mut builder = Schema::builder();
    for field in &spec.field {
        match field.field_type.as_str() {
            "text" => {
                let analyzer = field.analyzer.as_deref().unwrap_or(analysis::RAW);
                let mut options = TextOptions::default();
                if field.indexed {
                    // Positions serve phrase queries on text and names; an identifier needs none.
                    let record = if analyzer == analysis::RAW {
                        IndexRecordOption::Basic
                    } else {
                        IndexRecordOption::WithFreqsAndPositions
                    };
                    options = options.set_indexing_options(
                        TextFieldIndexing::default()
                            .set_tokenizer(analyzer)
                            .set_index_option(record),
                    );
                }
                if field.stored {
                    options = options.set_stored();
                }
                if field.fast {
                    options = options.set_fast(analysis::RAW);
                }
                builder.add_text_field(&field.name, options);
            }
            "date" => {
                let options = DateOptions::default().set_precision(DateTimePrecision::Seconds);
                builder.add_date_field(&field.name, flags!(options, field));
            }
            "bytes" => {
                builder.add_bytes_field(&field.name, flags!(BytesOptions::default(), field));
            }
            "u64" => {
                builder.add_u64_field(&field.name, numeric_options(field));
            }
            "f64" => {
                builder.add_f64_field(&field.name, numeric_options(field));
            }
            other => unreachable!("field type {other} is rejected by the schema unit test"),
        }
    }
    builder.build()
}

/// The options of a numeric field (`u64`, `f64`).
fn numeric_options(field: &FieldSpec) -> NumericOptions {
    flags!(NumericOptions::default(), field)
}

/// Reads the first string a document holds in a fast text column into `buffer`. Returns false when
/// the document has no value there.
pub fn read_column_str(column: &StrColumn, doc: DocId, buffer: &mut String) -> Result<bool> {
    buffer.clear();
    match column.term_ords(doc).next() {
        Some(ord) => Ok(column
            .ord_to_str(ord, buffer)
            .map_err(tantivy::TantivyError::from)?),
        None => Ok(false),
    }
}

/// A dictionary-encoded fast column: text (`str`) or bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// A fast text field.
    Str,
    /// A fast bytes field.
    Bytes,
}

/// The first value of a dictionary-encoded fast column for each of `addresses`, in their order
/// (`None` where a document has none). Each segment's column is opened once — opening one decodes
/// its block index — and its dictionary read in one pass over the sorted ordinals wanted: looked
/// up one at a time, each value would decode a block of the dictionary.
pub fn column_values_of(
    searcher: &Searcher,
    addresses: &[DocAddress],
    column: &str,
    kind: ColumnKind,
) -> Result<Vec<Option<Vec<u8>>>> {
    let mut values = vec![None; addresses.len()];
    let mut by_segment: HashMap<u32, Vec<(usize, DocId)>> = HashMap::new();
    for (at, address) in addresses.iter().enumerate() {
        by_segment
            .entry(address.segment_ord)
            .or_default()
            .push((at, address.doc_id));
    }
    for (segment, docs) in by_segment {
        let fast = searcher.segment_reader(segment).fast_fields();
        let opened: Option<BytesColumn> = match kind {
            ColumnKind::Str => fast.str(column)?.map(BytesColumn::from),
            ColumnKind::Bytes => fast.bytes(column)?,
        };
        let Some(opened) = opened else {
            continue;
        };
        let ords: Vec<(usize, u64)> = docs
            .into_iter()
            .filter_map(|(at, doc)| opened.term_ords(doc).next().map(|ord| (at, ord)))
            .collect();
        let mut wanted: Vec<u64> = ords.iter().map(|&(_, ord)| ord).collect();
        wanted.sort_unstable();
        wanted.dedup();
        let mut found = Vec::with_capacity(wanted.len());
        opened
            .dictionary()
            .sorted_ords_to_term_cb(&wanted, |bytes| found.push(bytes.to_vec()))
            .map_err(tantivy::TantivyError::from)?;
        for (at, ord) in ords {
            if let Ok(index) = wanted.binary_search(&ord) {
                values[at] = found.get(index).cloned();
            }
        }
    }
    Ok(values)
}

/// Every string of a fast text column, indexed by term ordinal. One pass over the dictionary is far
/// cheaper than resolving ordinals one document at a time, which decompresses a block each time.
pub fn column_terms(column: &StrColumn) -> Result<Vec<String>> {
    let mut terms = Vec::with_capacity(column.num_terms());
    let mut stream = column
        .dictionary()
        .stream()
        .map_err(tantivy::TantivyError::from)?;
    while stream.advance() {
        terms.push(String::from_utf8_lossy(stream.key()).into_owned());
    }
    Ok(terms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_schema_parses_and_names_known_types_and_analyzers() {
        let spec = SchemaSpec::shipped();
        let analyzers = [analysis::FRENCH, analysis::FRENCH_NAME, analysis::RAW];
        for field in &spec.field {
            assert!(
                ["text", "date", "u64", "f64", "bytes"].contains(&field.field_type.as_str()),
                "{} has type {}",
                field.name,
                field.field_type
            );
            if let Some(analyzer) = &field.analyzer {
                assert!(analyzers.contains(&analyzer.as_str()), "{analyzer}");
            }
            assert!(!field.kinds.is_empty() && !field.why.is_empty());
            for kind in &field.kinds {
                assert!([KIND_ARTICLE, KIND_QUOTE].contains(&kind.as_str()));
            }
        }
    }

    #[test]
    fn every_field_has_a_handle() {
        let schema = build_schema(&SchemaSpec::shipped());
        Fields::new(&schema).expect("all fields exist");
        assert_eq!(schema.fields().count(), SchemaSpec::shipped().field.len());
    }
}
