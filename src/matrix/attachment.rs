//! A garden's ritual file sent as an attachment: `!rituel ajouter` as the file's caption,
//! or as a reply to the file. The transport downloads it (decrypting it in an encrypted
//! room) and hands the engine the same message a TOML code block would have made, so
//! the engine's checks and answers are the ones for a pasted file.

use std::time::Duration;

use matrix_sdk::Room;
use matrix_sdk::media::{MediaFormat, MediaRequestParameters};
use matrix_sdk::ruma::OwnedEventId;
use matrix_sdk::ruma::events::room::message::FileMessageEventContent;
use serde_json::Value;

use super::Bot;
use super::mapping::Event;
use crate::engine::garden_rituals::with_file;
use crate::rituals::load::MAX_FILE_BYTES;

/// Files larger than this are not downloaded: the engine refuses anything over
/// [`MAX_FILE_BYTES`] and says so, which it can only do if it sees the file.
const MAX_DOWNLOAD: u64 = 8 * MAX_FILE_BYTES as u64;

/// How long a download or a fetch of the replied-to event may take.
const TIMEOUT: Duration = Duration::from_secs(20);

/// `!rituel ajouter` with the text of the file `content` (an `m.file` content, as JSON):
/// None when the file cannot be read, and the engine then asks for a file.
pub async fn command_with_file(
    bot: &Bot,
    command: &str,
    name: &str,
    content: &str,
) -> Option<String> {
    let file: FileMessageEventContent = serde_json::from_str(content).ok()?;
    let size = file.info.as_ref().and_then(|i| i.size).map(u64::from);
    if size.is_some_and(|s| s > MAX_DOWNLOAD) {
        tracing::info!(file = %name, ?size, "ritual file too large to download");
        return None;
    }
    let request = MediaRequestParameters {
        source: file.source,
        format: MediaFormat::File,
    };
    let data = tokio::time::timeout(
        TIMEOUT,
        bot.client.media().get_media_content(&request, false),
    )
    .await
    .ok()?
    .inspect_err(|e| tracing::warn!(file = %name, error = %e, "ritual file not downloaded"))
    .ok()?;
    // Cut at the download bound: the engine says the file is too large.
    let data = &data[..data.len().min(MAX_DOWNLOAD as usize)];
    let source = String::from_utf8_lossy(data);
    Some(with_file(command, name, &source))
}

/// The name and content of the `m.file` event `event_id` replies to, if it is one.
pub async fn replied_file(room: &Room, event_id: &str) -> Option<(String, String)> {
    let id = OwnedEventId::try_from(event_id).ok()?;
    let fetched = tokio::time::timeout(TIMEOUT, room.load_or_fetch_event(&id, None))
        .await
        .ok()?
        .ok()?;
    let json: Value = fetched.raw().deserialize_as_unchecked().ok()?;
    match super::mapping::parse(&json)?.event {
        Event::File { name, content, .. } => Some((name, content)),
        _ => None,
    }
}
