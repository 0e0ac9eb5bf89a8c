//! Supporting documents (F18): the checklist of each type, and the checks an upload passes:
//! an allowed type recognised from its bytes, an extension that matches them, a size cap.

use std::fmt;

use time::OffsetDateTime;
use uuid::Uuid;

use super::kind::ApplicationType;
use super::questionnaire::Applies;
use super::values::ApplicationId;

/// One entry of a type's document checklist; its label is the message
/// `document-item-{key}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChecklistItem {
    /// Stable key.
    pub key: &'static str,
    /// Whether submission needs it.
    pub required: bool,
    /// Which applications need it.
    pub applies: Applies,
}

const fn item(key: &'static str, required: bool) -> ChecklistItem {
    ChecklistItem {
        key,
        required,
        applies: Applies::Always,
    }
}

impl crate::wording::Labelled for ChecklistItem {
    const KIND: &'static str = "document-item";

    fn label_code(&self) -> &str {
        self.key
    }
}

const PASSPORT: ChecklistItem = item("passport_copy", true);
const PHOTO: ChecklistItem = item("photo", true);
const REPRESENTATIVE: ChecklistItem = item("use_of_representative", true);
const FUNDS: ChecklistItem = item("proof_of_funds", true);
const ADDITIONAL: ChecklistItem = item("additional", false);

const VISITOR: &[ChecklistItem] = &[
    PASSPORT,
    PHOTO,
    REPRESENTATIVE,
    FUNDS,
    item("invitation_letter", false),
    ADDITIONAL,
];
const STUDY: &[ChecklistItem] = &[
    PASSPORT,
    PHOTO,
    REPRESENTATIVE,
    item("letter_of_acceptance", true),
    FUNDS,
    ADDITIONAL,
];
const REFUGEE: &[ChecklistItem] = &[
    PASSPORT,
    PHOTO,
    REPRESENTATIVE,
    item("identity_documents", true),
    item("supporting_evidence", false),
    ADDITIONAL,
];

/// The document checklist of a type.
pub fn checklist(application_type: ApplicationType) -> &'static [ChecklistItem] {
    match application_type {
        ApplicationType::VisitorVisa => VISITOR,
        ApplicationType::StudyPermit => STUDY,
        ApplicationType::RefugeeClaim => REFUGEE,
    }
}

/// The file types accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileType {
    /// PDF.
    Pdf,
    /// JPEG image.
    Jpeg,
    /// PNG image.
    Png,
    /// TIFF image.
    Tiff,
    /// Word 97-2003 document.
    Doc,
    /// Word document (Office Open XML).
    Docx,
}

impl FileType {
    /// Every accepted type.
    pub const ALL: [Self; 6] = [
        Self::Pdf,
        Self::Jpeg,
        Self::Png,
        Self::Tiff,
        Self::Doc,
        Self::Docx,
    ];

    /// Recognises a type from the file's bytes, whatever its name says.
    pub fn sniff(bytes: &[u8]) -> Option<Self> {
        const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        if bytes.starts_with(b"%PDF-") {
            Some(Self::Pdf)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(Self::Jpeg)
        } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
            Some(Self::Png)
        } else if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
            Some(Self::Tiff)
        } else if bytes.starts_with(OLE) {
            Some(Self::Doc)
        } else if bytes.starts_with(b"PK\x03\x04") && contains(bytes, b"word/") {
            Some(Self::Docx)
        } else {
            None
        }
    }

    /// The type an extension names (case-insensitive).
    pub fn from_extension(extension: &str) -> Option<Self> {
        match extension.to_ascii_lowercase().as_str() {
            "pdf" => Some(Self::Pdf),
            "jpg" | "jpeg" => Some(Self::Jpeg),
            "png" => Some(Self::Png),
            "tif" | "tiff" => Some(Self::Tiff),
            "doc" => Some(Self::Doc),
            "docx" => Some(Self::Docx),
            _ => None,
        }
    }

    /// The stable code for storage.
    pub fn code(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Jpeg => "jpeg",
            Self::Png => "png",
            Self::Tiff => "tiff",
            Self::Doc => "doc",
            Self::Docx => "docx",
        }
    }

    /// Parses a stable code.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.code() == code)
    }

    /// The media type to serve it with.
    pub fn media_type(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
            Self::Tiff => "image/tiff",
            Self::Doc => "application/msword",
            Self::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        }
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

impl fmt::Display for FileType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Why an upload was refused. Several can apply at once.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UploadProblem {
    /// The checklist has no such item.
    #[error("choose a document type from the checklist")]
    UnknownItem,
    /// The file's name holds control or text-direction characters.
    #[error("the file name must not contain control or text-direction characters")]
    FileNameCharacters,
    /// The file is empty.
    #[error("the file is empty")]
    Empty,
    /// The file is larger than the cap.
    #[error("the file must be {max_mb} MB or smaller")]
    TooLarge {
        /// The cap in megabytes.
        max_mb: u64,
    },
    /// The name's extension is not an accepted type.
    #[error("the file must be a PDF, JPG, PNG, TIFF, DOC or DOCX")]
    ExtensionNotAllowed,
    /// The bytes are not an accepted type.
    #[error("the file's content is not a PDF, JPG, PNG, TIFF, DOC or DOCX")]
    ContentNotAllowed,
    /// The extension names another type than the bytes are.
    #[error("the file's content is {detected}, which does not match its .{extension} name")]
    ExtensionMismatch {
        /// The extension as given.
        extension: String,
        /// The type the bytes are.
        detected: FileType,
    },
}

/// Checks an upload; returns the recognised type or every problem found.
pub fn check_upload(
    file_name: &str,
    bytes: &[u8],
    max_bytes: u64,
) -> Result<FileType, Vec<UploadProblem>> {
    let mut problems = Vec::new();
    if crate::text::one_line(file_name).is_err() {
        problems.push(UploadProblem::FileNameCharacters);
    }
    if bytes.is_empty() {
        problems.push(UploadProblem::Empty);
    }
    if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > max_bytes {
        problems.push(UploadProblem::TooLarge {
            max_mb: max_bytes.div_ceil(1024 * 1024),
        });
    }
    let extension = file_name
        .rsplit_once('.')
        .map(|(_, ext)| ext)
        .unwrap_or_default();
    let declared = FileType::from_extension(extension);
    let detected = FileType::sniff(bytes);
    match (declared, detected) {
        (None, _) => problems.push(UploadProblem::ExtensionNotAllowed),
        (Some(_), None) if !bytes.is_empty() => problems.push(UploadProblem::ContentNotAllowed),
        (Some(d), Some(found)) if d != found => problems.push(UploadProblem::ExtensionMismatch {
            extension: extension.to_ascii_lowercase(),
            detected: found,
        }),
        _ => {}
    }
    match detected {
        Some(found) if problems.is_empty() => Ok(found),
        _ => Err(problems),
    }
}

/// A file name as shown back to the user: no folders, no control characters, at most 120
/// characters. It is never used to store the file.
pub fn display_file_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String = base.chars().filter(|c| !c.is_control()).collect();
    let trimmed = clean.trim();
    let name = if trimmed.is_empty() {
        "document"
    } else {
        trimmed
    };
    name.chars()
        .rev()
        .take(120)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect()
}

/// A document's identifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DocumentId(Uuid);

impl DocumentId {
    /// Wraps a UUID read from storage or a request.
    pub fn from_uuid(id: Uuid) -> Self {
        Self(id)
    }

    /// The UUID.
    pub fn as_uuid(&self) -> Uuid {
        self.0
    }
}

impl fmt::Display for DocumentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A stored document's record; its bytes live in the document store under `stored_name`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Identifier.
    pub id: DocumentId,
    /// The application it belongs to.
    pub application_id: ApplicationId,
    /// The checklist item it answers.
    pub item: String,
    /// The name the user gave it, cleaned for display.
    pub file_name: String,
    /// The type recognised from its bytes.
    pub file_type: FileType,
    /// Size in bytes.
    pub size: u64,
    /// The generated name it is stored under.
    pub stored_name: String,
    /// When it was uploaded.
    pub uploaded_at: OffsetDateTime,
}

#[cfg(test)]
mod tests {
    use super::*;

    const PDF: &[u8] = b"%PDF-1.7\n%...";
    const PNG: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0];

    #[test]
    fn types_are_recognised_from_their_bytes() {
        assert_eq!(FileType::sniff(PDF), Some(FileType::Pdf));
        assert_eq!(FileType::sniff(PNG), Some(FileType::Png));
        assert_eq!(
            FileType::sniff(&[0xFF, 0xD8, 0xFF, 0xE0]),
            Some(FileType::Jpeg)
        );
        assert_eq!(FileType::sniff(b"II*\0rest"), Some(FileType::Tiff));
        assert_eq!(
            FileType::sniff(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]),
            Some(FileType::Doc)
        );
        assert_eq!(
            FileType::sniff(b"PK\x03\x04....word/document.xml"),
            Some(FileType::Docx)
        );
        assert_eq!(FileType::sniff(b"PK\x03\x04....xl/workbook.xml"), None);
        assert_eq!(FileType::sniff(b"MZ\x90\0"), None);
    }

    #[test]
    fn an_upload_must_be_allowed_matching_and_small_enough() {
        assert_eq!(check_upload("passport.PDF", PDF, 1024), Ok(FileType::Pdf));
        assert_eq!(
            check_upload("photo.jpeg", &[0xFF, 0xD8, 0xFF, 1], 1024),
            Ok(FileType::Jpeg)
        );
        assert_eq!(
            check_upload("photo.jpg", PDF, 1024),
            Err(vec![UploadProblem::ExtensionMismatch {
                extension: "jpg".into(),
                detected: FileType::Pdf
            }])
        );
        assert_eq!(
            check_upload("tool.exe", b"MZ\x90\0", 1024),
            Err(vec![UploadProblem::ExtensionNotAllowed])
        );
        assert_eq!(
            check_upload("fake.pdf", b"hello", 1024),
            Err(vec![UploadProblem::ContentNotAllowed])
        );
        assert_eq!(
            check_upload("empty.pdf", b"", 1024),
            Err(vec![UploadProblem::Empty])
        );
        let big = [PDF, &[0u8; 2048][..]].concat();
        assert_eq!(
            check_upload("big.pdf", &big, 4 * 1024 * 1024 - 1),
            Ok(FileType::Pdf),
            "under the cap is fine"
        );
        assert_eq!(
            check_upload("big.pdf", &big, 1024),
            Err(vec![UploadProblem::TooLarge { max_mb: 1 }])
        );
    }

    #[test]
    fn a_file_name_with_control_or_direction_characters_is_refused() {
        for name in [
            "scan\u{0}.pdf",
            "scan\u{1B}.pdf",
            "scan\u{85}.pdf",
            "exe\u{202E}fdp.pdf",
        ] {
            assert_eq!(
                check_upload(name, PDF, 1024),
                Err(vec![UploadProblem::FileNameCharacters]),
                "{name:?}"
            );
        }
    }

    #[test]
    fn display_names_drop_folders_and_control_characters() {
        assert_eq!(display_file_name("../../etc/passwd"), "passwd");
        assert_eq!(
            display_file_name("C:\\Users\\me\\scan\u{0}.pdf"),
            "scan.pdf"
        );
        assert_eq!(display_file_name("   "), "document");
        assert_eq!(
            display_file_name(&format!("{}.pdf", "a".repeat(200)))
                .chars()
                .count(),
            120
        );
    }

    #[test]
    fn every_type_asks_for_a_passport_copy_and_the_representative_form() {
        for t in ApplicationType::ALL {
            let keys: Vec<_> = checklist(t).iter().map(|i| i.key).collect();
            assert!(
                keys.contains(&"passport_copy") && keys.contains(&"use_of_representative"),
                "{t}"
            );
        }
    }
}
