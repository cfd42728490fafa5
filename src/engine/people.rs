//! Naming people: an MXID, a mention pill (already turned into an MXID by the parser), a
//! display name unique in the room, or a shell name.

use super::ctx::Ctx;
use crate::command::UserRef;
use crate::model::{Msg, UserId};
use crate::text::fold;

/// Finds the member a reference names, or explains why it cannot.
pub fn resolve(ctx: &Ctx<'_>, r: &UserRef) -> Result<UserId, Msg> {
    let members = &ctx.roster.members;
    match r {
        UserRef::Id(id) => members
            .iter()
            .find(|m| m.id.as_str() == id)
            .map(|m| m.id.clone())
            .ok_or_else(|| Msg::new("person-not-member").text("who", id.clone())),
        UserRef::Name(name) => {
            let wanted = fold(name);
            let by_name: Vec<_> = members.iter().filter(|m| fold(&m.name) == wanted).collect();
            match by_name.as_slice() {
                [one] => return Ok(one.id.clone()),
                [] => {}
                _ => return Err(Msg::new("person-ambiguous").text("who", name.clone())),
            }
            let by_local: Vec<_> = members
                .iter()
                .filter(|m| fold(m.id.localpart()) == wanted || fold(m.id.as_str()) == wanted)
                .collect();
            match by_local.as_slice() {
                [one] => Ok(one.id.clone()),
                [] => Err(Msg::new("person-not-member").text("who", name.clone())),
                _ => Err(Msg::new("person-ambiguous").text("who", name.clone())),
            }
        }
    }
}
