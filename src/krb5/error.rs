//! Errors of the krb5 file layer, each naming the file and the line (text
//! formats) or byte offset (binary formats) where it was found.
use std::fmt;
use std::path::{Path, PathBuf};

use crate::core::Error;

/// What went wrong, so the package boundary can pick the core error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConfigErrorKind {
    /// The file or the entry asked for does not exist.
    NotFound,
    /// The file exists but cannot be parsed.
    Malformed,
    /// Reading or writing failed (permissions, disk).
    Io,
    /// A name type or feature this library does not implement.
    Unsupported,
}

/// An error with its place: `file:line: message`, `file: byte N: message`
/// or `file: message`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub kind: ConfigErrorKind,
    pub path: Option<PathBuf>,
    pub line: Option<usize>,
    pub offset: Option<usize>,
    pub message: String,
}

impl ConfigError {
    pub fn new(kind: ConfigErrorKind, message: impl Into<String>) -> Self {
        ConfigError {
            kind,
            path: None,
            line: None,
            offset: None,
            message: message.into(),
        }
    }
    pub fn malformed(path: &Path, line: usize, message: impl Into<String>) -> Self {
        ConfigError {
            kind: ConfigErrorKind::Malformed,
            path: Some(path.to_path_buf()),
            line: Some(line),
            offset: None,
            message: message.into(),
        }
    }
    pub fn at_offset(path: Option<&Path>, offset: usize, message: impl Into<String>) -> Self {
        ConfigError {
            kind: ConfigErrorKind::Malformed,
            path: path.map(Path::to_path_buf),
            line: None,
            offset: Some(offset),
            message: message.into(),
        }
    }
    pub fn io(path: &Path, err: &std::io::Error) -> Self {
        let kind = if err.kind() == std::io::ErrorKind::NotFound {
            ConfigErrorKind::NotFound
        } else {
            ConfigErrorKind::Io
        };
        ConfigError {
            kind,
            path: Some(path.to_path_buf()),
            line: None,
            offset: None,
            message: err.to_string(),
        }
    }
    pub fn not_found(path: Option<&Path>, message: impl Into<String>) -> Self {
        ConfigError {
            kind: ConfigErrorKind::NotFound,
            path: path.map(Path::to_path_buf),
            line: None,
            offset: None,
            message: message.into(),
        }
    }
    /// Attaches a path to an error made without one.
    pub fn in_file(mut self, path: &Path) -> Self {
        if self.path.is_none() {
            self.path = Some(path.to_path_buf());
        }
        self
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(p) = &self.path {
            write!(f, "{}", p.display())?;
            if let Some(l) = self.line {
                write!(f, ":{l}")?;
            }
            if let Some(o) = self.offset {
                write!(f, ": byte {o}")?;
            }
            write!(f, ": ")?;
        } else if let Some(o) = self.offset {
            write!(f, "byte {o}: ")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for ConfigError {}

/// At the package boundary: a missing or malformed file means no usable
/// credentials (with the place in the message); an I/O failure is internal.
impl From<ConfigError> for Error {
    fn from(e: ConfigError) -> Error {
        match e.kind {
            ConfigErrorKind::NotFound
            | ConfigErrorKind::Malformed
            | ConfigErrorKind::Unsupported => Error::NoCredentials(e.to_string()),
            ConfigErrorKind::Io => Error::Internal(e.to_string()),
        }
    }
}

pub type ConfigResult<T> = std::result::Result<T, ConfigError>;
