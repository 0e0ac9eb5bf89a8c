//! Cases for `LocalDocumentStore`; they need no database.

use portal_domain::application::{DocumentStore, DocumentStoreError};
use portal_persistence::LocalDocumentStore;

fn store() -> (tempfile::TempDir, LocalDocumentStore) {
    let dir = tempfile::tempdir().unwrap();
    let store = LocalDocumentStore::new(dir.path().join("documents"));
    (dir, store)
}

#[tokio::test]
async fn stored_bytes_are_read_back_replaced_and_deleted() {
    let (_dir, store) = store();
    let name = "0190f3a1b2c34d5e8f90123456789abc";

    store.put(name, b"%PDF-1.7 first").await.unwrap();
    assert_eq!(store.get(name).await.unwrap(), b"%PDF-1.7 first");
    store.put(name, b"%PDF-1.7 second").await.unwrap();
    assert_eq!(store.get(name).await.unwrap(), b"%PDF-1.7 second");

    store.delete(name).await.unwrap();
    assert!(matches!(
        store.get(name).await,
        Err(DocumentStoreError::NotFound)
    ));
}

#[tokio::test]
async fn files_are_fanned_out_by_the_start_of_their_name_with_no_leftovers() {
    let (_dir, store) = store();
    store.put("ab12-cd", b"bytes").await.unwrap();

    let folder = store.root().join("ab");
    let files: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(files, ["ab12-cd"]);
}

#[tokio::test]
async fn a_missing_document_is_not_found_and_deleting_it_is_fine() {
    let (_dir, store) = store();

    assert!(matches!(
        store.get("missing").await,
        Err(DocumentStoreError::NotFound)
    ));
    store.delete("missing").await.unwrap();
}

#[tokio::test]
async fn names_other_than_letters_digits_and_hyphens_are_refused() {
    let (dir, store) = store();
    std::fs::write(dir.path().join("secret"), b"outside").unwrap();

    for name in [
        "../secret",
        "a/b",
        "",
        "a.b",
        "name with space",
        "é",
        "..",
        "a\\b",
    ] {
        assert!(
            matches!(
                store.put(name, b"x").await,
                Err(DocumentStoreError::Unexpected(_))
            ),
            "{name:?}"
        );
        assert!(
            matches!(
                store.get(name).await,
                Err(DocumentStoreError::Unexpected(_))
            ),
            "{name:?}"
        );
        assert!(
            matches!(
                store.delete(name).await,
                Err(DocumentStoreError::Unexpected(_))
            ),
            "{name:?}"
        );
    }
    assert_eq!(
        std::fs::read(dir.path().join("secret")).unwrap(),
        b"outside"
    );
}
