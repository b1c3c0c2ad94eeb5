//! The SQLite store shared by the desktop app and the CLI.
//!
//! One file holds everything. It is opened in WAL mode with `synchronous=FULL`
//! (a committed change survives a power cut), foreign keys on and a busy
//! timeout, so the app and the CLI can use the same file at once. Every change
//! is one transaction that also appends its field-by-field audit rows; the
//! audit table refuses updates and deletes in the database itself.
//!
//! The store never reads the clock: callers pass the time of each change.

mod migrations;
mod paths;

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use prevent_core::audit::{self, FieldChange};
use prevent_core::{
    Answer, AnswerInput, AnswerRecord, Assessment, AssessmentDetail, AssessmentSummary,
    AuditEntity, AuditEntry, ErrorKind, Frameworks, NewAssessment, Progress, Response, RuleError,
    assessment::ACTOR,
};
use rusqlite::{Connection, OpenFlags, OptionalExtension, Row, TransactionBehavior, params};
use uuid::Uuid;

pub use migrations::latest_version as latest_schema_version;
pub use paths::{
    DATABASE_ENV_VAR, DATABASE_FILE_NAME, default_database_path, resolve_database_path,
};

/// Marks a file as ours (`PRAGMA application_id`), so a stranger's SQLite file is
/// refused instead of being migrated. "PvSA" in ASCII.
pub const APPLICATION_ID: i32 = 0x5076_5341;

const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "Cannot open the database at {path}: {reason}. Check that the folder exists and that you can write to it, or choose another file."
    )]
    CannotOpen { path: PathBuf, reason: String },
    #[error(
        "{path} was written by a newer version of Prevent Self-Assessment (database version {found}; this version understands up to {supported}). It has not been changed. Open it with the newer version."
    )]
    NewerDatabase {
        path: PathBuf,
        found: u32,
        supported: u32,
    },
    #[error("{path} is not a Prevent Self-Assessment database. It has not been changed.")]
    NotOurDatabase { path: PathBuf },
    #[error("There is no assessment with id \"{id}\" in this database.")]
    AssessmentNotFound { id: String },
    #[error("More than one assessment has an id starting \"{prefix}\"; give more of the id.")]
    AmbiguousAssessment { prefix: String },
    #[error(
        "The database refers to framework \"{framework_id}\", which this version does not know. It may have been written by a newer version."
    )]
    UnknownFramework { framework_id: String },
    #[error(transparent)]
    Rule(#[from] RuleError),
    #[error("The database at {path} could not be read or written: {source}")]
    Sqlite {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    #[error("The framework data built into this version is broken: {0}")]
    Catalogue(#[from] prevent_core::CatalogueError),
}

impl StoreError {
    pub fn kind(&self) -> ErrorKind {
        match self {
            StoreError::CannotOpen { .. } | StoreError::NotOurDatabase { .. } => {
                ErrorKind::Database
            }
            StoreError::NewerDatabase { .. } => ErrorKind::NewerDatabase,
            StoreError::AssessmentNotFound { .. } | StoreError::UnknownFramework { .. } => {
                ErrorKind::NotFound
            }
            StoreError::AmbiguousAssessment { .. } => ErrorKind::InvalidInput,
            StoreError::Rule(rule) => rule.kind(),
            StoreError::Sqlite { .. } => ErrorKind::Database,
            StoreError::Catalogue(_) => ErrorKind::Internal,
        }
    }

    /// The input field at fault, when there is one.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            StoreError::Rule(rule) => rule.field(),
            _ => None,
        }
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// An open database file.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    frameworks: &'static Frameworks,
}

/// What saving an answer did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedAnswer {
    pub record: AnswerRecord,
    /// The fields that changed; empty when the answer was saved unchanged.
    pub changes: Vec<FieldChange>,
}

impl Store {
    /// Opens the database at `path`, creating it (and its folder) if needed and
    /// bringing its schema up to date. A file written by a newer version, or
    /// one that is not ours, is refused before anything is written to it.
    /// `now` is recorded against any migration applied.
    pub fn open(path: &Path, now: DateTime<Utc>) -> Result<Store> {
        let cannot_open = |reason: String| StoreError::CannotOpen {
            path: path.to_owned(),
            reason,
        };
        if path.is_dir() {
            return Err(cannot_open("it is a folder, not a file".to_owned()));
        }
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| {
                cannot_open(format!(
                    "the folder {} cannot be created ({e})",
                    parent.display()
                ))
            })?;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn =
            Connection::open_with_flags(path, flags).map_err(|e| cannot_open(e.to_string()))?;
        let sqlite = |source| StoreError::Sqlite {
            path: path.to_owned(),
            source,
        };
        conn.busy_timeout(BUSY_TIMEOUT).map_err(sqlite)?;
        if conn.is_readonly(rusqlite::MAIN_DB).map_err(sqlite)? {
            return Err(cannot_open("the file is read-only".to_owned()));
        }

        // Read-only checks first: a file we must refuse is never written to.
        let found = match migrations::current_version(&conn) {
            Ok(version) => version,
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::NotADatabase =>
            {
                return Err(StoreError::NotOurDatabase {
                    path: path.to_owned(),
                });
            }
            Err(e) => return Err(cannot_open(e.to_string())),
        };
        let application_id: i32 = conn
            .query_row("PRAGMA application_id", [], |row| row.get(0))
            .map_err(sqlite)?;
        let has_tables: bool = conn
            .query_row("SELECT count(*) > 0 FROM sqlite_schema", [], |row| {
                row.get(0)
            })
            .map_err(sqlite)?;
        if application_id != APPLICATION_ID && (application_id != 0 || has_tables) {
            return Err(StoreError::NotOurDatabase {
                path: path.to_owned(),
            });
        }
        let supported = migrations::latest_version();
        if found > supported {
            return Err(StoreError::NewerDatabase {
                path: path.to_owned(),
                found,
                supported,
            });
        }

        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(sqlite)?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(sqlite)?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(sqlite)?;
        migrations::migrate(&mut conn, &timestamp(now)).map_err(|e| match e {
            rusqlite::Error::SqliteFailure(f, _)
                if matches!(
                    f.code,
                    rusqlite::ErrorCode::ReadOnly | rusqlite::ErrorCode::CannotOpen
                ) =>
            {
                cannot_open(f.to_string())
            }
            other => sqlite(other),
        })?;

        Ok(Store {
            conn,
            path: path.to_owned(),
            frameworks: Frameworks::embedded()?,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn frameworks(&self) -> &'static Frameworks {
        self.frameworks
    }

    /// The schema version of the open file.
    pub fn schema_version(&self) -> Result<u32> {
        migrations::current_version(&self.conn).map_err(|e| self.sqlite(e))
    }

    fn sqlite(&self, source: rusqlite::Error) -> StoreError {
        StoreError::Sqlite {
            path: self.path.clone(),
            source,
        }
    }

    /// Records a new assessment and its audit rows in one transaction.
    pub fn create_assessment(
        &mut self,
        new: &NewAssessment,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<Assessment> {
        let actor = ACTOR.required(actor)?;
        let assessment = Assessment {
            id: Uuid::new_v4(),
            framework_id: new.framework_id.clone(),
            framework_version: new.framework_version.clone(),
            organisation: new.organisation.clone(),
            assessor: new.assessor.clone(),
            assessment_date: new.assessment_date,
            created_at: now,
            updated_at: now,
        };
        let at = timestamp(now);
        let changes = audit::assessment_created(new);
        let path = self.path.clone();
        let result = (|| {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            tx.execute(
                "INSERT INTO assessments (id, framework_id, framework_version, organisation, assessor, assessment_date, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
                params![
                    assessment.id.to_string(),
                    assessment.framework_id,
                    assessment.framework_version,
                    assessment.organisation,
                    assessment.assessor,
                    assessment.assessment_date.to_string(),
                    at,
                ],
            )?;
            append_audit(
                &tx,
                &at,
                &actor,
                assessment.id,
                AuditEntity::Assessment,
                None,
                &changes,
            )?;
            tx.commit()
        })();
        result.map_err(|source| StoreError::Sqlite { path, source })?;
        Ok(assessment)
    }

    /// Finds an assessment by its full id or by a unique prefix of at least
    /// eight characters (as printed by `prevent-sa list`).
    pub fn resolve_assessment_id(&self, id_or_prefix: &str) -> Result<Uuid> {
        let wanted = id_or_prefix.trim().to_ascii_lowercase();
        let not_found = || StoreError::AssessmentNotFound {
            id: id_or_prefix.trim().to_owned(),
        };
        if let Ok(id) = Uuid::parse_str(&wanted) {
            let exists: bool = self
                .conn
                .query_row(
                    "SELECT EXISTS (SELECT 1 FROM assessments WHERE id = ?1)",
                    [id.to_string()],
                    |row| row.get(0),
                )
                .map_err(|e| self.sqlite(e))?;
            return if exists { Ok(id) } else { Err(not_found()) };
        }
        if wanted.len() < 8 || !wanted.chars().all(|c| c.is_ascii_hexdigit() || c == '-') {
            return Err(not_found());
        }
        let mut statement = self
            .conn
            .prepare("SELECT id FROM assessments WHERE substr(id, 1, ?2) = ?1 LIMIT 2")
            .map_err(|e| self.sqlite(e))?;
        let matches: Vec<String> = statement
            .query_map(
                params![wanted, i64::try_from(wanted.len()).unwrap_or(i64::MAX)],
                |row| row.get(0),
            )
            .and_then(Iterator::collect)
            .map_err(|e| self.sqlite(e))?;
        match matches.as_slice() {
            [only] => Uuid::parse_str(only).map_err(|_| not_found()),
            [] => Err(not_found()),
            _ => Err(StoreError::AmbiguousAssessment { prefix: wanted }),
        }
    }

    pub fn assessment(&self, id: Uuid) -> Result<Assessment> {
        self.conn
            .query_row(
                &format!("SELECT {ASSESSMENT_COLUMNS} FROM assessments WHERE id = ?1"),
                [id.to_string()],
                assessment_from_row,
            )
            .optional()
            .map_err(|e| self.sqlite(e))?
            .ok_or_else(|| StoreError::AssessmentNotFound { id: id.to_string() })
    }

    /// Every assessment, most recent assessment date first, with how much is answered.
    pub fn list_assessments(&self) -> Result<Vec<AssessmentSummary>> {
        let mut statement = self
            .conn
            .prepare(&format!(
                "SELECT {ASSESSMENT_COLUMNS}, (SELECT count(*) FROM answers WHERE answers.assessment_id = assessments.id)
                 FROM assessments ORDER BY assessment_date DESC, created_at DESC"
            ))
            .map_err(|e| self.sqlite(e))?;
        let rows: Vec<(Assessment, u32)> = statement
            .query_map([], |row| Ok((assessment_from_row(row)?, row.get(8)?)))
            .and_then(Iterator::collect)
            .map_err(|e| self.sqlite(e))?;
        rows.into_iter()
            .map(|(assessment, answered)| {
                let total = self
                    .frameworks
                    .get(&assessment.framework_id)
                    .map_or(0, |f| Progress::of(f, []).total);
                Ok(AssessmentSummary {
                    assessment,
                    answered,
                    total,
                })
            })
            .collect()
    }

    /// The answers recorded for an assessment, in the framework's reading order.
    pub fn answers(&self, id: Uuid) -> Result<Vec<AnswerRecord>> {
        self.answers_of(&self.assessment(id)?)
    }

    fn answers_of(&self, assessment: &Assessment) -> Result<Vec<AnswerRecord>> {
        let mut statement = self
            .conn
            .prepare(
                "SELECT entry_id, response, na_reason, action_required, comment, lead, due_date, updated_at, updated_by
                 FROM answers WHERE assessment_id = ?1",
            )
            .map_err(|e| self.sqlite(e))?;
        let mut records: Vec<AnswerRecord> = statement
            .query_map([assessment.id.to_string()], answer_from_row)
            .and_then(Iterator::collect)
            .map_err(|e| self.sqlite(e))?;
        if let Some(framework) = self.frameworks.get(&assessment.framework_id) {
            let order: Vec<String> = framework.entries().into_iter().map(|e| e.id).collect();
            records.sort_by_key(|r| order.iter().position(|id| *id == r.answer.entry_id));
        }
        Ok(records)
    }

    /// An assessment's header, answers and progress.
    pub fn assessment_detail(&self, id: Uuid) -> Result<AssessmentDetail> {
        let assessment = self.assessment(id)?;
        let framework = self.framework_of(&assessment)?;
        let answers = self.answers_of(&assessment)?;
        let progress = Progress::of(
            framework,
            answers.iter().map(|r| r.answer.entry_id.as_str()),
        );
        Ok(AssessmentDetail {
            assessment,
            answers,
            progress,
        })
    }

    fn framework_of(&self, assessment: &Assessment) -> Result<&'static prevent_core::Framework> {
        self.frameworks
            .get(&assessment.framework_id)
            .ok_or_else(|| StoreError::UnknownFramework {
                framework_id: assessment.framework_id.clone(),
            })
    }

    /// Applies `input` to an entry's answer and records what changed, in one
    /// transaction. Saving an unchanged answer writes nothing.
    pub fn save_answer(
        &mut self,
        assessment_id: Uuid,
        entry_id: &str,
        input: AnswerInput,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<SavedAnswer> {
        let actor = ACTOR.required(actor)?;
        let assessment = self.assessment(assessment_id)?;
        let framework = self.framework_of(&assessment)?;
        let at = timestamp(now);
        let path = self.path.clone();
        let sqlite = |source| StoreError::Sqlite {
            path: path.clone(),
            source,
        };

        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sqlite)?;
        let canonical_id = framework
            .entry(entry_id)
            .map(|e| e.id.to_owned())
            .unwrap_or_else(|| entry_id.trim().to_owned());
        let existing: Option<AnswerRecord> = tx
            .query_row(
                "SELECT entry_id, response, na_reason, action_required, comment, lead, due_date, updated_at, updated_by
                 FROM answers WHERE assessment_id = ?1 AND entry_id = ?2",
                [assessment_id.to_string(), canonical_id],
                answer_from_row,
            )
            .optional()
            .map_err(sqlite)?;
        let answer = Answer::apply(
            framework,
            entry_id,
            existing.as_ref().map(|r| &r.answer),
            input,
        )?;
        let changes = audit::answer_changes(existing.as_ref().map(|r| &r.answer), &answer);
        if changes.is_empty()
            && let Some(record) = existing
        {
            return Ok(SavedAnswer { record, changes });
        }
        tx.execute(
            "INSERT INTO answers (assessment_id, entry_id, response, na_reason, action_required, comment, lead, due_date, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
             ON CONFLICT (assessment_id, entry_id) DO UPDATE SET
                 response = excluded.response, na_reason = excluded.na_reason,
                 action_required = excluded.action_required, comment = excluded.comment,
                 lead = excluded.lead, due_date = excluded.due_date,
                 updated_at = excluded.updated_at, updated_by = excluded.updated_by",
            params![
                assessment_id.to_string(),
                answer.entry_id,
                answer.response.as_str(),
                answer.na_reason,
                answer.action_required,
                answer.comment,
                answer.lead,
                answer.due_date.map(|d| d.to_string()),
                at,
                actor,
            ],
        )
        .map_err(sqlite)?;
        tx.execute(
            "UPDATE assessments SET updated_at = ?2 WHERE id = ?1",
            params![assessment_id.to_string(), at],
        )
        .map_err(sqlite)?;
        append_audit(
            &tx,
            &at,
            &actor,
            assessment_id,
            AuditEntity::Answer,
            Some(&answer.entry_id),
            &changes,
        )
        .map_err(sqlite)?;
        tx.commit().map_err(sqlite)?;
        Ok(SavedAnswer {
            record: AnswerRecord {
                answer,
                updated_at: now,
                updated_by: actor,
            },
            changes,
        })
    }

    /// The audit trail of one assessment, oldest first.
    pub fn audit_trail(&self, assessment_id: Uuid) -> Result<Vec<AuditEntry>> {
        self.assessment(assessment_id)?;
        let mut statement = self
            .conn
            .prepare(
                "SELECT seq, at, actor, assessment_id, entity, entry_id, field, old_value, new_value
                 FROM audit_log WHERE assessment_id = ?1 ORDER BY seq",
            )
            .map_err(|e| self.sqlite(e))?;
        statement
            .query_map([assessment_id.to_string()], |row| {
                let entity: String = row.get(4)?;
                Ok(AuditEntry {
                    seq: row.get(0)?,
                    at: parse_timestamp(row, 1)?,
                    actor: row.get(2)?,
                    assessment_id: parse_uuid(row, 3)?,
                    entity: if entity == "answer" {
                        AuditEntity::Answer
                    } else {
                        AuditEntity::Assessment
                    },
                    entry_id: row.get(5)?,
                    field: row.get(6)?,
                    old_value: row.get(7)?,
                    new_value: row.get(8)?,
                })
            })
            .and_then(Iterator::collect)
            .map_err(|e| self.sqlite(e))
    }

    /// The raw connection, for tests that must prove what the database itself enforces.
    #[doc(hidden)]
    pub fn connection_for_tests(&self) -> &Connection {
        &self.conn
    }
}

const ASSESSMENT_COLUMNS: &str = "id, framework_id, framework_version, organisation, assessor, assessment_date, created_at, updated_at";

fn append_audit(
    tx: &rusqlite::Transaction<'_>,
    at: &str,
    actor: &str,
    assessment_id: Uuid,
    entity: AuditEntity,
    entry_id: Option<&str>,
    changes: &[FieldChange],
) -> rusqlite::Result<()> {
    let mut statement = tx.prepare_cached(
        "INSERT INTO audit_log (at, actor, assessment_id, entity, entry_id, field, old_value, new_value)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for change in changes {
        statement.execute(params![
            at,
            actor,
            assessment_id.to_string(),
            entity.as_str(),
            entry_id,
            change.field,
            change.old_value,
            change.new_value,
        ])?;
    }
    Ok(())
}

fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn conversion_error(index: usize, message: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, message.into())
}

fn parse_timestamp(row: &Row<'_>, index: usize) -> rusqlite::Result<DateTime<Utc>> {
    let text: String = row.get(index)?;
    DateTime::parse_from_rfc3339(&text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| conversion_error(index, format!("bad timestamp {text:?}: {e}")))
}

fn parse_date(row: &Row<'_>, index: usize) -> rusqlite::Result<NaiveDate> {
    let text: String = row.get(index)?;
    NaiveDate::parse_from_str(&text, "%Y-%m-%d")
        .map_err(|e| conversion_error(index, format!("bad date {text:?}: {e}")))
}

fn parse_uuid(row: &Row<'_>, index: usize) -> rusqlite::Result<Uuid> {
    let text: String = row.get(index)?;
    Uuid::parse_str(&text).map_err(|e| conversion_error(index, format!("bad id {text:?}: {e}")))
}

fn assessment_from_row(row: &Row<'_>) -> rusqlite::Result<Assessment> {
    Ok(Assessment {
        id: parse_uuid(row, 0)?,
        framework_id: row.get(1)?,
        framework_version: row.get(2)?,
        organisation: row.get(3)?,
        assessor: row.get(4)?,
        assessment_date: parse_date(row, 5)?,
        created_at: parse_timestamp(row, 6)?,
        updated_at: parse_timestamp(row, 7)?,
    })
}

fn answer_from_row(row: &Row<'_>) -> rusqlite::Result<AnswerRecord> {
    let response: String = row.get(1)?;
    let due_date: Option<String> = row.get(6)?;
    Ok(AnswerRecord {
        answer: Answer {
            entry_id: row.get(0)?,
            response: Response::parse(&response).map_err(|e| conversion_error(1, e.to_string()))?,
            na_reason: row.get(2)?,
            action_required: row.get(3)?,
            comment: row.get(4)?,
            lead: row.get(5)?,
            due_date: due_date.map(|_| parse_date(row, 6)).transpose()?,
        },
        updated_at: parse_timestamp(row, 7)?,
        updated_by: row.get(8)?,
    })
}
