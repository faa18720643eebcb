//! Rows as Arrow record batches, exported through the Arrow PyCapsule interface.
//!
//! The columns are those of `entente code --format csv` (and `actors`, `relations`), built from the
//! same [`Row::csv_cells`] the CLI prints, so the two can never drift apart. Each column gets a type
//! from its name; the eight `PREFIX_text … PREFIX_code` columns of an actor become one struct column
//! `PREFIX` (its code first), null when the actor is absent (an event without a target), and the
//! `location_*` columns one struct column `location`, null when the event has no place.

use arrow_array::builder::{BooleanBuilder, Float64Builder, Int64Builder, StringBuilder};
use arrow_array::ffi_stream::FFI_ArrowArrayStream;
use arrow_array::{ArrayRef, RecordBatch, RecordBatchIterator, StructArray};
use arrow_schema::{ArrowError, DataType, Field, Fields, Schema, SchemaRef};
use entente_pipeline::output::Row;
use pyo3::prelude::*;
use pyo3::types::PyCapsule;
use std::ffi::CString;
use std::sync::Arc;

/// The fields of an actor, in the CLI's CSV order (`source_text`, `source_start`, …).
const ACTOR_FIELDS: [&str; 8] = [
    "text", "start", "end", "id", "name", "country", "sector", "code",
];

/// The same fields in the order of the struct column: the code first, so that an actor printed
/// in a narrow cell (a pandas DataFrame's) shows who it is before it is cut.
const STRUCT_FIELDS: [&str; 8] = [
    "code", "country", "id", "name", "sector", "text", "start", "end",
];

/// How a CSV cell becomes an Arrow value.
#[derive(Clone, Copy)]
enum Kind {
    Text,
    /// Text where the CSV's empty cell means "none" (a date, a country, a dependency path).
    OptionalText,
    Integer,
    Float,
    Boolean,
}

fn kind_of(column: &str) -> Kind {
    match column {
        "sentence_index" | "sentence_start" | "sentence_end" | "start" | "end"
        | "trigger_start" | "trigger_end" | "quad_class" | "geonames_id" => Kind::Integer,
        "goldstein" | "confidence" | "lat" | "lon" => Kind::Float,
        "negated" => Kind::Boolean,
        "date" | "country" | "sector" | "plover_mode" | "source_path" | "target_path"
        | "target_resolution" | "facet" | "quantity" | "adm1" => Kind::OptionalText,
        _ => Kind::Text,
    }
}

fn data_type(kind: Kind) -> DataType {
    match kind {
        Kind::Text | Kind::OptionalText => DataType::Utf8,
        Kind::Integer => DataType::Int64,
        Kind::Float => DataType::Float64,
        Kind::Boolean => DataType::Boolean,
    }
}

/// One column's values as they arrive, cell by cell.
enum Values {
    Text(StringBuilder),
    Integer(Int64Builder),
    Float(Float64Builder),
    Boolean(BooleanBuilder),
}

impl Values {
    fn new(kind: Kind) -> Self {
        match kind {
            Kind::Text | Kind::OptionalText => Self::Text(StringBuilder::new()),
            Kind::Integer => Self::Integer(Int64Builder::new()),
            Kind::Float => Self::Float(Float64Builder::new()),
            Kind::Boolean => Self::Boolean(BooleanBuilder::new()),
        }
    }

    /// Appends a cell; an empty cell is null except in a plain text column.
    fn push(&mut self, kind: Kind, cell: &str) {
        let null = cell.is_empty() && !matches!(kind, Kind::Text);
        match self {
            Self::Text(b) if null => b.append_null(),
            Self::Text(b) => b.append_value(cell),
            Self::Integer(b) => b.append_option(cell.parse().ok()),
            Self::Float(b) => b.append_option(cell.parse().ok()),
            Self::Boolean(b) => b.append_option(cell.parse().ok()),
        }
    }

    fn push_null(&mut self) {
        match self {
            Self::Text(b) => b.append_null(),
            Self::Integer(b) => b.append_null(),
            Self::Float(b) => b.append_null(),
            Self::Boolean(b) => b.append_null(),
        }
    }

    fn finish(&mut self) -> ArrayRef {
        match self {
            Self::Text(b) => Arc::new(b.finish()),
            Self::Integer(b) => Arc::new(b.finish()),
            Self::Float(b) => Arc::new(b.finish()),
            Self::Boolean(b) => Arc::new(b.finish()),
        }
    }
}

/// One output column: a plain column over one CSV cell, or a struct over several (an actor's
/// eight, a location's eleven).
enum Column {
    Plain {
        kind: Kind,
        values: Values,
    },
    Struct {
        fields: Fields,
        kinds: Vec<Kind>,
        values: Vec<Values>,
        /// Each struct field's cell among the group's CSV cells.
        cells: Vec<usize>,
        /// The cell that is never empty when the struct is there (an actor's id, a location's
        /// `how`): empty, the struct is null.
        presence: usize,
        width: usize,
        present: Vec<bool>,
    },
}

impl Column {
    /// How many CSV cells the column reads.
    fn width(&self) -> usize {
        match self {
            Self::Plain { .. } => 1,
            Self::Struct { width, .. } => *width,
        }
    }

    fn push(&mut self, row: &[String]) {
        match self {
            Self::Plain { kind, values } => values.push(*kind, &row[0]),
            Self::Struct {
                kinds,
                values,
                cells,
                presence,
                present,
                ..
            } => {
                let is_present = !row[*presence].is_empty();
                present.push(is_present);
                for ((values, kind), &cell) in values.iter_mut().zip(kinds.iter()).zip(cells.iter())
                {
                    if is_present {
                        values.push(*kind, &row[cell]);
                    } else {
                        values.push_null();
                    }
                }
            }
        }
    }

    fn finish(&mut self) -> ArrayRef {
        match self {
            Self::Plain { values, .. } => values.finish(),
            Self::Struct {
                fields,
                values,
                present,
                ..
            } => {
                let arrays = values.iter_mut().map(Values::finish).collect();
                let validity = std::mem::take(present).into();
                Arc::new(StructArray::new(fields.clone(), arrays, Some(validity)))
            }
        }
    }
}

/// A group of CSV columns read as one struct column.
struct StructGroup<'a> {
    name: &'a str,
    /// The group's CSV columns without the name's prefix, in CSV order.
    csv_fields: Vec<&'a str>,
    /// The struct's fields, in the struct's order.
    struct_fields: Vec<&'a str>,
    presence: &'a str,
}

impl StructGroup<'_> {
    fn column(&self) -> (Field, Column) {
        let position = |field: &str| {
            self.csv_fields
                .iter()
                .position(|f| *f == field)
                .expect("every struct field is a CSV field")
        };
        let kinds: Vec<Kind> = self.struct_fields.iter().map(|f| kind_of(f)).collect();
        let fields: Fields = self
            .struct_fields
            .iter()
            .zip(&kinds)
            .map(|(name, kind)| Field::new(*name, data_type(*kind), true))
            .collect();
        let column = Column::Struct {
            fields: fields.clone(),
            values: kinds.iter().map(|k| Values::new(*k)).collect(),
            kinds,
            cells: self.struct_fields.iter().map(|f| position(f)).collect(),
            presence: position(self.presence),
            width: self.csv_fields.len(),
            present: Vec::new(),
        };
        (
            Field::new(self.name, DataType::Struct(fields), true),
            column,
        )
    }
}

/// The struct column `columns` opens with, if any: an actor's eight columns (`source_text` …
/// `source_code`) or the location's (`location_text` …).
fn struct_group(columns: &[String]) -> Option<StructGroup<'_>> {
    let first = columns.first()?;
    if let Some(prefix) = first.strip_suffix("_text").filter(|p| *p != "location") {
        let is_actor = columns.len() >= ACTOR_FIELDS.len()
            && ACTOR_FIELDS
                .iter()
                .zip(columns)
                .all(|(field, column)| column.strip_prefix(prefix) == Some(&format!("_{field}")));
        return is_actor.then(|| StructGroup {
            name: prefix,
            csv_fields: ACTOR_FIELDS.to_vec(),
            struct_fields: STRUCT_FIELDS.to_vec(),
            presence: "id",
        });
    }
    let located: Vec<&str> = columns
        .iter()
        .map_while(|c| c.strip_prefix("location_"))
        .collect();
    (!located.is_empty()).then(|| StructGroup {
        name: "location",
        struct_fields: located.clone(),
        csv_fields: located,
        presence: "how",
    })
}

/// Collects rows of one kind (events, mentions, relations) into a record batch.
pub struct TableBuilder {
    schema: SchemaRef,
    columns: Vec<Column>,
}

impl TableBuilder {
    pub fn new<R: Row>() -> Self {
        let header = R::csv_header();
        let mut fields = Vec::new();
        let mut columns = Vec::new();
        let mut at = 0;
        while at < header.len() {
            let (field, column) = match struct_group(&header[at..]) {
                Some(group) => group.column(),
                None => {
                    let kind = kind_of(&header[at]);
                    let nullable = !matches!(kind, Kind::Text);
                    let field = Field::new(&header[at], data_type(kind), nullable);
                    let column = Column::Plain {
                        kind,
                        values: Values::new(kind),
                    };
                    (field, column)
                }
            };
            at += column.width();
            fields.push(field);
            columns.push(column);
        }
        Self {
            schema: Arc::new(Schema::new(fields)),
            columns,
        }
    }

    pub fn push<R: Row>(&mut self, row: &R) {
        let cells = row.csv_cells();
        let mut at = 0;
        for column in &mut self.columns {
            let width = column.width();
            column.push(&cells[at..at + width]);
            at += width;
        }
    }

    pub fn finish(mut self) -> Result<Table, ArrowError> {
        let arrays = self.columns.iter_mut().map(Column::finish).collect();
        let batch = RecordBatch::try_new(self.schema.clone(), arrays)?;
        Ok(Table {
            schema: self.schema,
            batches: vec![batch],
        })
    }
}

/// A table of events, mentions or relations. It implements the Arrow PyCapsule stream interface,
/// so `pyarrow.table(t)`, `polars.from_arrow(t)` and DuckDB read it without a copy.
#[pyclass(module = "entente._entente", name = "Table", frozen)]
pub struct Table {
    schema: SchemaRef,
    batches: Vec<RecordBatch>,
}

#[pymethods]
impl Table {
    /// Exports the rows as an Arrow C stream. A requested schema is not applied: the consumer casts.
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        let _ = requested_schema;
        let batches = self.batches.clone().into_iter().map(Ok);
        let reader = RecordBatchIterator::new(batches, self.schema.clone());
        let stream = FFI_ArrowArrayStream::new(Box::new(reader));
        let name = CString::new("arrow_array_stream").expect("no NUL in a constant");
        PyCapsule::new(py, stream, Some(name))
    }

    fn __len__(&self) -> usize {
        self.batches.iter().map(RecordBatch::num_rows).sum()
    }

    /// The rows as a `pyarrow.Table` (no copy).
    fn to_pyarrow<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        slf.py().import("pyarrow")?.call_method1("table", (slf,))
    }

    /// The rows as a pandas DataFrame that prints every column; actors are dicts in their
    /// struct columns.
    fn to_pandas<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        slf.py()
            .import("entente._frame")?
            .call_method1("to_pandas", (Self::to_pyarrow(slf)?,))
    }

    /// The rows as a polars DataFrame (no copy); actors are struct columns.
    fn to_polars<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        slf.py()
            .import("polars")?
            .call_method1("from_arrow", (Self::to_pyarrow(slf)?,))
    }

    fn __repr__(&self) -> String {
        format!(
            "<entente.Table: {} rows, columns {}>",
            self.__len__(),
            self.column_names().join(", ")
        )
    }

    /// The column names, in order.
    #[getter]
    fn column_names(&self) -> Vec<String> {
        self.schema
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect()
    }
}
