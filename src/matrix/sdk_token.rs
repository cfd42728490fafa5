//! The sync token in sled is the only truth: the SDK's own copy is set to it before the
//! session is restored.
//!
//! matrix-sdk 0.18 saves its sync token inside `sync_once`, before tuteur has handled the
//! batch and flushed sled. A kill between the two leaves the SDK's token ahead of sled's.
//! On restart the bot syncs from sled's older token; when nothing new happened on the server,
//! the response's `next_batch` equals the SDK's token, and matrix-sdk-base drops that
//! response whole ("Got the same sync response twice" in `receive_sync_response`): the batch
//! would never reach the engine. The SDK compares with an in-memory copy it loads from its
//! state store only when the session is activated (login or restore), so the store is
//! rewritten here, between building the client and activating it.

use matrix_sdk::Client;
use matrix_sdk::store::{StateStoreDataKey, StateStoreDataValue};

/// Makes the SDK's saved sync token equal to sled's (`sled`: the token of the last batch
/// whose effects are flushed, None before the first one). Call before the session is
/// restored or logged in. Logs at `info` when they differed: the last batch is replayed.
pub async fn align(client: &Client, sled: Option<&str>) -> Result<(), matrix_sdk::StoreError> {
    let store = client.state_store();
    let sdk = store
        .get_kv_data(StateStoreDataKey::SyncToken)
        .await?
        .and_then(|v| v.into_sync_token());
    if sdk.as_deref() == sled {
        return Ok(());
    }
    match sled {
        Some(token) => {
            tracing::info!(
                sled = token,
                sdk = sdk.as_deref().unwrap_or("none"),
                "the last sync batch was not flushed before the bot stopped: replaying it from \
                 sled's sync token"
            );
            store
                .set_kv_data(
                    StateStoreDataKey::SyncToken,
                    StateStoreDataValue::SyncToken(token.to_owned()),
                )
                .await?;
        }
        None => {
            tracing::info!("no batch flushed yet: the SDK's sync token is forgotten");
            store.remove_kv_data(StateStoreDataKey::SyncToken).await?;
        }
    }
    Ok(())
}
