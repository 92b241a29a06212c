//! Reading a writer's text file: UTF-8 checked with the line of the first bad byte, a
//! byte-order mark dropped, CRLF line ends made LF (so line numbers stay right).

use std::io::Read;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

use crate::report::error::Error;

/// Reads `abs` as text; errors name `shown`, the path as the writer knows it.
pub fn read_text(abs: &Path, shown: &Path) -> Result<String, Error> {
    let read_error = |source| Error::Read {
        path: shown.to_path_buf(),
        source,
    };
    // A pipe or device would block the read forever: only regular files are read. Opened
    // without blocking (which a pipe without a writer would), it is told by its handle.
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(abs)
        .map_err(read_error)?;
    let metadata = file.metadata().map_err(read_error)?;
    if !metadata.is_file() {
        return Err(read_error(not_a_file()));
    }
    let bytes = read_all(&mut file, metadata.len() as usize).map_err(read_error)?;
    decode(bytes, shown)
}

/// Everything left in `file`, expected to be `expected` bytes: read into a buffer of that
/// size and one byte more, so a file read whole takes two reads (its bytes, then the end).
/// `read_to_end` would ask the system for the file's size and position again first.
fn read_all(file: &mut std::fs::File, expected: usize) -> std::io::Result<Vec<u8>> {
    let mut bytes = vec![0; expected + 1];
    let mut filled = 0;
    loop {
        if filled == bytes.len() {
            // The file grew since its size was taken.
            bytes.resize(2 * bytes.len(), 0);
        }
        match file.read(&mut bytes[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    bytes.truncate(filled);
    Ok(bytes)
}

/// The error for a pipe, socket, device or folder where a file was expected.
pub fn not_a_file() -> std::io::Error {
    std::io::Error::other("not a regular file (a folder, pipe, socket or device)")
}

/// Decodes bytes read from `shown` as UTF-8 text.
pub fn decode(bytes: Vec<u8>, shown: &Path) -> Result<String, Error> {
    // simdutf8 checks Japanese text several times faster than `str::from_utf8`; the
    // standard check runs only to name the line of a bad byte.
    let mut text = if simdutf8::basic::from_utf8(&bytes).is_ok() {
        // SAFETY: simdutf8 has just checked that `bytes` is UTF-8.
        unsafe { String::from_utf8_unchecked(bytes) }
    } else {
        String::from_utf8(bytes).map_err(|e| {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let line = bytes[..valid].iter().filter(|&&b| b == b'\n').count() + 1;
            Error::NotUtf8 {
                path: shown.to_path_buf(),
                line,
            }
        })?
    };
    if text.starts_with('\u{feff}') {
        // In place: the text is not copied.
        text.drain(..'\u{feff}'.len_utf8());
    }
    // Most files have neither a CR nor a NUL: one pass over the bytes settles both.
    if memchr::memchr2(b'\r', b'\0', text.as_bytes()).is_none() {
        return Ok(text);
    }
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n")
    } else {
        text
    };
    // CommonMark: a NUL character is replaced by U+FFFD; never let it reach the output.
    Ok(if text.contains('\0') {
        text.replace('\0', "\u{FFFD}")
    } else {
        text
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::error::line_of;

    #[test]
    fn invalid_utf8_names_its_line() {
        let err = decode(b"a\nb\n\xff\n".to_vec(), Path::new("x.md")).unwrap_err();
        assert!(matches!(err, Error::NotUtf8 { line: 3, .. }), "{err}");
        assert_eq!(line_of("a\nb\nc", 4), 3);
    }

    #[test]
    fn a_file_is_read_whole_whatever_size_was_expected() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("page.md");
        let text: Vec<u8> = (0..10_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &text).unwrap();
        for expected in [0, 1, 9_999, 10_000, 10_001, 50_000] {
            let mut file = std::fs::File::open(&path).unwrap();
            assert_eq!(read_all(&mut file, expected).unwrap(), text, "{expected}");
        }
    }

    #[test]
    fn bom_and_crlf_are_normalised() {
        let text = decode("\u{feff}a\r\nb\r\n".as_bytes().to_vec(), Path::new("x")).unwrap();
        assert_eq!(text, "a\nb\n");
    }

    #[test]
    fn a_pipe_where_a_file_was_expected_is_an_error_not_a_hang() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("index.ja.md");
        let path = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(path.as_ptr(), 0o644) }, 0);
        let (sent, received) = std::sync::mpsc::channel();
        let shown = fifo.clone();
        std::thread::spawn(move || sent.send(read_text(&shown, &shown).map(|_| ())));
        let err = received
            .recv_timeout(std::time::Duration::from_secs(5))
            .expect("reading a pipe without a writer must not block");
        assert!(matches!(err, Err(Error::Read { .. })), "{err:?}");
    }

    #[test]
    fn nul_is_replaced_and_plain_text_kept() {
        let text = decode(b"a\0b\n".to_vec(), Path::new("x")).unwrap();
        assert_eq!(text, "a\u{FFFD}b\n");
        let text = decode("見出し\n本文\n".as_bytes().to_vec(), Path::new("x")).unwrap();
        assert_eq!(text, "見出し\n本文\n");
        let err = decode(
            "日本語\n\n".bytes().chain([0xe6, 0x97]).collect(),
            Path::new("y"),
        );
        assert!(matches!(err, Err(Error::NotUtf8 { line: 3, .. })));
    }
}
