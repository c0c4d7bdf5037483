//! Uploaded files (W1 images and files): what is accepted, and where the
//! bytes live. Files are stored on disk under `<data dir>/files/` by an
//! unguessable key; who may read one is decided by the chat service.

use std::path::{Path, PathBuf};

use model::FieldError;
use rand::RngCore;

use crate::error::{Error, Result};

/// Longest file name kept (longer ones are cut, keeping the extension).
pub const NAME_MAX: usize = 120;

/// File types a conversation accepts. The type is read from the bytes, not
/// taken from the client's word for it; SVG and HTML are never accepted
/// because a browser would run their scripts.
const ALLOWED: &[&str] = &[
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "application/pdf",
    "application/zip",
    "application/msword",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.ms-excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.ms-powerpoint",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
];

/// Plain-text extensions accepted when the bytes are valid UTF-8.
const TEXT_EXTENSIONS: &[&str] = &["txt", "csv", "log", "md"];

/// A checked upload, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    pub name: String,
    pub content_type: String,
}

/// Decide whether `bytes` named `name` may be sent, and as what type.
/// Errors are field errors on `file`: `empty`, `file_too_large` (with the limit),
/// `file_type`.
pub fn check(name: &str, bytes: &[u8], max_bytes: usize) -> Result<Checked> {
    if bytes.is_empty() {
        return Err(Error::field("file", "file_empty"));
    }
    if bytes.len() > max_bytes {
        return Err(Error::Invalid(vec![FieldError::with_limit(
            "file",
            "file_too_large",
            max_bytes as i64,
        )]));
    }
    let name = clean_name(name);
    let content_type = match infer::get(bytes) {
        Some(kind) if ALLOWED.contains(&kind.mime_type()) => kind.mime_type().to_owned(),
        Some(_) => return Err(Error::field("file", "file_type")),
        None => {
            let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
            let texty = ext.is_some_and(|e| TEXT_EXTENSIONS.contains(&e.as_str()));
            if texty && std::str::from_utf8(bytes).is_ok() {
                "text/plain; charset=utf-8".to_owned()
            } else {
                return Err(Error::field("file", "file_type"));
            }
        }
    };
    Ok(Checked { name, content_type })
}

/// A display-safe file name: no path, no control characters, bounded length.
fn clean_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = base.chars().filter(|c| !c.is_control()).collect();
    let cleaned = cleaned.trim();
    if cleaned.is_empty() {
        return "file".to_owned();
    }
    if cleaned.chars().count() <= NAME_MAX {
        return cleaned.to_owned();
    }
    let ext = cleaned
        .rsplit_once('.')
        .map(|(_, e)| e)
        .filter(|e| e.chars().count() <= 10)
        .unwrap_or_default();
    let keep = NAME_MAX - ext.chars().count() - 1;
    let stem: String = cleaned.chars().take(keep).collect();
    format!("{stem}.{ext}")
}

/// Where uploaded bytes are kept.
#[derive(Debug, Clone)]
pub struct FileStore {
    root: PathBuf,
    pub max_bytes: usize,
}

impl FileStore {
    pub fn new(root: impl Into<PathBuf>, max_bytes: usize) -> Self {
        Self {
            root: root.into(),
            max_bytes,
        }
    }

    /// Store the bytes under a fresh key and return it.
    pub async fn save(&self, bytes: &[u8]) -> Result<String> {
        let mut raw = [0u8; 16];
        rand::thread_rng().fill_bytes(&mut raw);
        let key = hex::encode(raw);
        tokio::fs::create_dir_all(&self.root).await.map_err(io)?;
        // Write then rename, so a crash never leaves half a file under the key.
        let tmp = self.root.join(format!("{key}.part"));
        tokio::fs::write(&tmp, bytes).await.map_err(io)?;
        tokio::fs::rename(&tmp, self.path(&key)?)
            .await
            .map_err(io)?;
        Ok(key)
    }

    pub async fn read(&self, key: &str) -> Result<Vec<u8>> {
        match tokio::fs::read(self.path(key)?).await {
            Ok(bytes) => Ok(bytes),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(Error::NotFound),
            Err(e) => Err(io(e)),
        }
    }

    pub async fn remove(&self, key: &str) {
        if let Ok(path) = self.path(key) {
            let _ = tokio::fs::remove_file(path).await;
        }
    }

    /// Keys are 32 hex characters; anything else could escape the directory.
    fn path(&self, key: &str) -> Result<PathBuf> {
        if key.len() == 32 && key.bytes().all(|b| b.is_ascii_hexdigit()) {
            Ok(self.root.join(key))
        } else {
            Err(Error::NotFound)
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }
}

fn io(e: std::io::Error) -> Error {
    Error::Internal(format!("file store: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0];

    #[test]
    fn accepts_images_by_their_bytes() {
        let c = check("photo.png", PNG, 1000).unwrap();
        assert_eq!(c.content_type, "image/png");
        // The name does not decide the type.
        assert_eq!(
            check("photo.txt", PNG, 1000).unwrap().content_type,
            "image/png"
        );
    }

    #[test]
    fn refuses_wrong_types_and_sizes() {
        let field_code = |r: Result<Checked>| match r {
            Err(Error::Invalid(fields)) => fields[0].code.clone(),
            other => panic!("expected a field error, got {other:?}"),
        };
        assert_eq!(field_code(check("a.png", &[], 10)), "file_empty");
        assert_eq!(field_code(check("a.png", PNG, 4)), "file_too_large");
        assert_eq!(
            field_code(check("a.exe", b"MZ\x90\x00\x03\x00\x00\x00", 100)),
            "file_type"
        );
        assert_eq!(
            field_code(check("x.svg", b"<svg onload=alert(1)>", 100)),
            "file_type"
        );
        assert_eq!(field_code(check("x.html", b"<script>", 100)), "file_type");
        assert_eq!(
            field_code(check("x.txt", &[0xff, 0xfe, 0x00], 100)),
            "file_type"
        );
        assert!(check("notes.txt", "hello 你好".as_bytes(), 100).is_ok());
    }

    #[test]
    fn names_lose_paths_and_control_characters() {
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_name("C:\\x\\a\nb.txt"), "ab.txt");
        assert_eq!(clean_name("   "), "file");
        let long = format!("{}.pdf", "a".repeat(500));
        let cut = clean_name(&long);
        assert_eq!(cut.chars().count(), NAME_MAX);
        assert!(cut.ends_with(".pdf"));
    }

    #[test]
    fn keys_cannot_escape_the_directory() {
        let store = FileStore::new("/tmp/x", 10);
        assert!(store.path("../secret").is_err());
        assert!(store.path(&"a".repeat(32)).is_ok());
    }
}
