//! The running bot's local control socket, `<bot.store>/control.sock` (mode 0600), so that
//! `tuteur backup` works while `tuteur run` holds the store: sled locks its folder for one
//! process, so the bot itself makes the archive, between two batches, and sends it back.
//!
//! The protocol is one request line (`backup`) and one answer: `ok <length>` and that
//! many bytes, or `error <message>`. Only the bot's own user (and root) may connect.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{UnixListener, UnixStream};

/// The socket's file name in the store folder.
pub const SOCKET: &str = "control.sock";

/// The largest archive accepted over the socket (the garden memory is far smaller).
const MAX_ARCHIVE: u64 = 4 << 30;

/// How long a client waits for the bot's answer.
const ANSWER_TIMEOUT: Duration = Duration::from_secs(300);

/// Makes a backup archive when asked.
pub type BackupFn =
    Arc<dyn Fn() -> Pin<Box<dyn Future<Output = Result<Vec<u8>, String>> + Send>> + Send + Sync>;

/// The socket of the store in `dir`.
pub fn socket_path(dir: &Path) -> PathBuf {
    dir.join(SOCKET)
}

/// Listens on the store's socket until the task is aborted. The bot holds the store's
/// lock, so a socket file left by a killed bot is stale and replaced.
pub fn serve(dir: &Path, backup: BackupFn) -> std::io::Result<tokio::task::JoinHandle<()>> {
    use std::os::unix::fs::PermissionsExt;
    let path = socket_path(dir);
    match std::fs::remove_file(&path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    let listener = UnixListener::bind(&path)?;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))?;
    Ok(tokio::spawn(async move {
        // Ends when the task is aborted at shutdown.
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            };
            let backup = Arc::clone(&backup);
            tokio::spawn(async move {
                if let Err(e) = answer(stream, backup).await {
                    tracing::warn!(error = %e, "control socket: a request failed");
                }
            });
        }
    }))
}

async fn answer(stream: UnixStream, backup: BackupFn) -> std::io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut line = String::new();
    let mut reader = BufReader::new(read).take(256);
    tokio::time::timeout(Duration::from_secs(10), reader.read_line(&mut line))
        .await
        .map_err(|_| std::io::Error::other("no request"))??;
    match line.trim() {
        "backup" => match backup().await {
            Ok(bytes) => {
                tracing::info!(bytes = bytes.len(), "backup made for tuteur backup");
                write
                    .write_all(format!("ok {}\n", bytes.len()).as_bytes())
                    .await?;
                write.write_all(&bytes).await?;
            }
            Err(e) => {
                write
                    .write_all(format!("error {}\n", e.replace('\n', " ")).as_bytes())
                    .await?;
            }
        },
        other => {
            write
                .write_all(format!("error unknown request {other:?}\n").as_bytes())
                .await?;
        }
    }
    write.shutdown().await
}

/// Why asking the bot failed.
#[derive(Debug, thiserror::Error)]
pub enum ControlError {
    /// The connection failed midway, or the answer was not understood.
    #[error("the running bot's control socket {path}: {problem}")]
    Failed {
        /// The socket.
        path: PathBuf,
        /// What went wrong.
        problem: String,
    },
}

/// Asks the bot running on the store in `dir` for a backup archive. `Ok(None)` when no
/// bot answers there (no socket, or a stale one).
pub async fn request_backup(dir: &Path) -> Result<Option<Vec<u8>>, ControlError> {
    let path = socket_path(dir);
    let failed = |problem: String| ControlError::Failed {
        path: path.clone(),
        problem,
    };
    let Ok(stream) = UnixStream::connect(&path).await else {
        return Ok(None);
    };
    let work = async {
        let (read, mut write) = stream.into_split();
        write.write_all(b"backup\n").await?;
        write.shutdown().await?;
        let mut reader = BufReader::new(read);
        let mut head = String::new();
        (&mut reader).take(4096).read_line(&mut head).await?;
        Ok::<_, std::io::Error>((reader, head))
    };
    let (mut reader, head) = tokio::time::timeout(ANSWER_TIMEOUT, work)
        .await
        .map_err(|_| failed("no answer".into()))?
        .map_err(|e| failed(e.to_string()))?;
    let head = head.trim_end();
    if let Some(msg) = head.strip_prefix("error ") {
        return Err(failed(msg.to_owned()));
    }
    let len: u64 = head
        .strip_prefix("ok ")
        .and_then(|n| n.parse().ok())
        .filter(|n| *n <= MAX_ARCHIVE)
        .ok_or_else(|| failed(format!("unexpected answer {head:?}")))?;
    let mut bytes = Vec::with_capacity(len as usize);
    tokio::time::timeout(
        ANSWER_TIMEOUT,
        (&mut reader).take(len).read_to_end(&mut bytes),
    )
    .await
    .map_err(|_| failed("the archive did not arrive".into()))?
    .map_err(|e| failed(e.to_string()))?;
    if bytes.len() as u64 != len {
        return Err(failed(format!("{} of {len} bytes arrived", bytes.len())));
    }
    Ok(Some(bytes))
}
