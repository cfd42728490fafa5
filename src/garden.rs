//! A garden's own state: settings, constitution, id counters and the list of active runs.
//! Stored as one value per garden in the `gardens` tree.

use std::collections::BTreeMap;

use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::model::{GardenId, Lang, RunId, RunKind, UserId};

/// The kind of garden, which decides whether its harvest is shared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum GardenType {
    /// A local garden (shares to the commons by default).
    #[default]
    Local,
    /// A thematic garden (shares by default).
    Thematic,
    /// An organisation garden: private, nothing leaves it.
    Organisation,
}

impl GardenType {
    /// Parses `local`, `thématique`/`thematic`, `organisation`/`organization`.
    pub fn parse(s: &str) -> Option<GardenType> {
        match crate::text::fold(s).as_str() {
            "local" | "locale" => Some(GardenType::Local),
            "thematique" | "thematic" => Some(GardenType::Thematic),
            "organisation" | "organization" | "orga" => Some(GardenType::Organisation),
            _ => None,
        }
    }

    /// The Fluent id naming this type.
    pub fn label(self) -> &'static str {
        match self {
            GardenType::Local => "garden-type-local",
            GardenType::Thematic => "garden-type-thematic",
            GardenType::Organisation => "garden-type-organisation",
        }
    }
}

/// Settings changed with `!jardin`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    /// Language of every bot message in this garden.
    pub lang: Lang,
    /// Timezone for dates and schedules.
    pub tz: Tz,
    /// Facilitators named by the garden, in addition to those the transport reports.
    #[serde(default, skip_serializing_if = "crate::model::is_default")]
    pub facilitators: Vec<UserId>,
    /// The garden's kind.
    pub kind: GardenType,
    /// Explicit commons choice; None means the kind's default.
    #[serde(default, skip_serializing_if = "crate::model::is_default")]
    pub commons: Option<bool>,
    /// Digest slot as `(weekday 0=Monday, hour, minute)`.
    pub digest: (u8, u8, u8),
    /// Keep météo contents (off by default: a météo is confidential).
    #[serde(default, skip_serializing_if = "crate::model::is_default")]
    pub meteo_memory: bool,
    /// Weekly check-in slot of the défis as `(weekday 0=Monday, hour, minute)`: each
    /// participant of an active défi is asked for news then.
    #[serde(default = "default_checkin")]
    pub checkin: (u8, u8, u8),
    /// The garden's name as shown in the commons and exports (None: its id).
    #[serde(default)]
    pub name: Option<String>,
    /// The name of the garden's room, as the transport last saw it.
    #[serde(default, skip_serializing_if = "crate::model::is_default")]
    pub room_name: Option<String>,
    /// The context (a concept key of the commons' vocabulary, `contexte:education`) given
    /// to retours that name none.
    #[serde(default, skip_serializing_if = "crate::model::is_default")]
    pub context: Option<String>,
    /// How long an abandoned guided retour is kept for its author, in minutes (None: the
    /// default, `engine::guided_retour::DEFAULT_KEEP`).
    #[serde(default, skip_serializing_if = "crate::model::is_default")]
    pub drafts_kept_minutes: Option<i64>,
}

/// Thursday 10:00: mid-week, so that the check-ins reach the Monday digest.
fn default_checkin() -> (u8, u8, u8) {
    (3, 10, 0)
}

impl Settings {
    /// Defaults for a new garden.
    pub fn new(lang: Lang, tz: Tz) -> Self {
        Settings {
            lang,
            tz,
            facilitators: Vec::new(),
            kind: GardenType::Local,
            commons: None,
            digest: (0, 9, 0),
            meteo_memory: false,
            checkin: default_checkin(),
            name: None,
            room_name: None,
            context: None,
            drafts_kept_minutes: None,
        }
    }

    /// Whether the harvest of this garden is shared to the commons.
    pub fn shares(&self) -> bool {
        match self.kind {
            GardenType::Organisation => false,
            _ => self.commons.unwrap_or(true),
        }
    }
}

/// The garden's constitution.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Constitution {
    /// Raison d'être.
    #[serde(default, skip_serializing_if = "crate::model::is_default")]
    pub raison: Option<String>,
    /// How one enters.
    #[serde(default, skip_serializing_if = "crate::model::is_default")]
    pub entrees: Option<String>,
    /// How one leaves.
    #[serde(default, skip_serializing_if = "crate::model::is_default")]
    pub sorties: Option<String>,
    /// Economic model.
    #[serde(default, skip_serializing_if = "crate::model::is_default")]
    pub economie: Option<String>,
    /// The core members (at least two when set).
    #[serde(default, skip_serializing_if = "crate::model::is_default")]
    pub noyau: Vec<UserId>,
}

/// Everything a garden keeps in one value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GardenState {
    /// Its id.
    pub id: GardenId,
    /// Settings.
    pub settings: Settings,
    /// Constitution.
    pub constitution: Constitution,
    /// Last number given per kind of run or record.
    pub counters: BTreeMap<RunKind, u32>,
    /// Runs not yet finished, in start order.
    pub active: Vec<RunId>,
    /// Défis not yet finished, in creation order (their records live in the registers).
    #[serde(default)]
    pub defis: Vec<RunId>,
    /// Guided retours being written, in opening order (their drafts live in the registers).
    #[serde(default, skip_serializing_if = "crate::model::is_default")]
    pub drafts: Vec<RunId>,
    /// The garden's own rituals (added from its room) and the version of each in use, in
    /// adding order; their files live in the registers (`engine::garden_rituals`).
    #[serde(default, skip_serializing_if = "crate::model::is_default")]
    pub rituals: Vec<(String, u32)>,
}

impl GardenState {
    /// A new garden with default settings.
    pub fn new(id: GardenId, lang: Lang, tz: Tz) -> Self {
        GardenState {
            id,
            settings: Settings::new(lang, tz),
            constitution: Constitution::default(),
            counters: BTreeMap::new(),
            active: Vec::new(),
            defis: Vec::new(),
            drafts: Vec::new(),
            rituals: Vec::new(),
        }
    }

    /// The name shown outside the garden: the one set with `!jardin nom`, else its room's
    /// name, else its id.
    pub fn display_name(&self) -> String {
        self.settings
            .name
            .clone()
            .or_else(|| self.settings.room_name.clone())
            .unwrap_or_else(|| self.id.as_str().to_owned())
    }

    /// Keeps the room's current name (no write when it did not change).
    pub fn note_room_name(&mut self, room_name: Option<&String>) {
        if room_name.is_some() && room_name != self.settings.room_name.as_ref() {
            self.settings.room_name = room_name.cloned();
        }
    }

    /// Gives the next id of a kind (`D4` after `D3`).
    pub fn next_id(&mut self, kind: RunKind) -> RunId {
        let n = self.counters.entry(kind).or_insert(0);
        *n += 1;
        RunId::new(kind, *n)
    }
}
