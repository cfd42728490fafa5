//! The commands as values. Parsing (`parse.rs`) turns text into these; the engine
//! dispatches on them. Nothing here resolves people or runs: that needs the garden's state.

use serde::{Deserialize, Serialize};

use crate::model::RunId;

/// A person as the user wrote them, resolved later against the garden's members.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum UserRef {
    /// An MXID, from plain text or from a matrix.to mention pill.
    Id(String),
    /// A display name or shell name (`bob`, `@bob`, `Bob Martin`), leading `@` removed.
    Name(String),
}

/// A span of time given in a command (`48h`, `3j`, `6 mois`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// Length in minutes (months count 30 days, years 365).
    pub minutes: i64,
}

impl Span {
    /// As a chrono duration.
    pub fn duration(self) -> chrono::Duration {
        chrono::Duration::minutes(self.minutes)
    }
}

/// Each command's canonical name; `!aide` and errors refer to commands by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CommandName {
    /// `!aide` / `!help`
    Help,
    /// `!météo` / `!weather`
    Meteo,
    /// `!décision` / `!proposal`
    Decision,
    /// `!élection` / `!election`
    Election,
    /// `!rituel` / `!ritual`
    Ritual,
    /// `!suivant` / `!next`
    Next,
    /// `!passe` / `!pass`
    Pass,
    /// `!consens` / `!consent`
    Consent,
    /// `!objection` / `!object`
    Objection,
    /// `!amender` / `!amend`
    Amend,
    /// `!retirer` / `!withdraw`
    Withdraw,
    /// `!nomine` / `!nominate`
    Nominate,
    /// `!propose` / `!propose`
    Propose,
    /// `!annuler` / `!cancel`
    Cancel,
    /// `!où` / `!status`
    Status,
    /// `!défi` / `!challenge`
    Defi,
    /// `!point` / `!checkin`
    Checkin,
    /// `!défis` / `!challenges`
    Defis,
    /// `!retour` / `!share`
    Retour,
    /// `!récolte` / `!digest`
    Recolte,
    /// `!décisions` / `!decisions`
    Decisions,
    /// `!rôles` / `!roles`
    Roles,
    /// `!retours` / `!shares`
    Retours,
    /// `!constitution`
    Constitution,
    /// `!jardin` / `!garden`
    Jardin,
    /// `!oublie-moi` / `!forget-me`
    OublieMoi,
}

impl CommandName {
    /// Every command, in the order `!aide` lists them.
    pub const ALL: [CommandName; 26] = [
        CommandName::Help,
        CommandName::Meteo,
        CommandName::Decision,
        CommandName::Election,
        CommandName::Ritual,
        CommandName::Next,
        CommandName::Pass,
        CommandName::Consent,
        CommandName::Objection,
        CommandName::Amend,
        CommandName::Withdraw,
        CommandName::Nominate,
        CommandName::Propose,
        CommandName::Cancel,
        CommandName::Status,
        CommandName::Defi,
        CommandName::Checkin,
        CommandName::Defis,
        CommandName::Retour,
        CommandName::Recolte,
        CommandName::Decisions,
        CommandName::Roles,
        CommandName::Retours,
        CommandName::Constitution,
        CommandName::Jardin,
        CommandName::OublieMoi,
    ];

    /// The French name as typed (with accents), without prefix: `météo`.
    pub fn french(self) -> &'static str {
        match self {
            CommandName::Help => "aide",
            CommandName::Meteo => "météo",
            CommandName::Decision => "décision",
            CommandName::Election => "élection",
            CommandName::Ritual => "rituel",
            CommandName::Next => "suivant",
            CommandName::Pass => "passe",
            CommandName::Consent => "consens",
            CommandName::Objection => "objection",
            CommandName::Amend => "amender",
            CommandName::Withdraw => "retirer",
            CommandName::Nominate => "nomine",
            CommandName::Propose => "propose",
            CommandName::Cancel => "annuler",
            CommandName::Status => "où",
            CommandName::Defi => "défi",
            CommandName::Checkin => "point",
            CommandName::Defis => "défis",
            CommandName::Retour => "retour",
            CommandName::Recolte => "récolte",
            CommandName::Decisions => "décisions",
            CommandName::Roles => "rôles",
            CommandName::Retours => "retours",
            CommandName::Constitution => "constitution",
            CommandName::Jardin => "jardin",
            CommandName::OublieMoi => "oublie-moi",
        }
    }

    /// The English alias: `weather`.
    pub fn english(self) -> &'static str {
        match self {
            CommandName::Help => "help",
            CommandName::Meteo => "weather",
            CommandName::Decision => "proposal",
            CommandName::Election => "election",
            CommandName::Ritual => "ritual",
            CommandName::Next => "next",
            CommandName::Pass => "pass",
            CommandName::Consent => "consent",
            CommandName::Objection => "object",
            CommandName::Amend => "amend",
            CommandName::Withdraw => "withdraw",
            CommandName::Nominate => "nominate",
            CommandName::Propose => "propose",
            CommandName::Cancel => "cancel",
            CommandName::Status => "status",
            CommandName::Defi => "challenge",
            CommandName::Checkin => "checkin",
            CommandName::Defis => "challenges",
            CommandName::Retour => "share",
            CommandName::Recolte => "digest",
            CommandName::Decisions => "decisions",
            CommandName::Roles => "roles",
            CommandName::Retours => "shares",
            CommandName::Constitution => "constitution",
            CommandName::Jardin => "garden",
            CommandName::OublieMoi => "forget-me",
        }
    }

    /// The name in a garden's language.
    pub fn local(self, lang: crate::model::Lang) -> &'static str {
        match lang {
            crate::model::Lang::Fr => self.french(),
            crate::model::Lang::En => self.english(),
        }
    }

    /// True for commands reserved to facilitators (editing the constitution is checked
    /// separately: viewing it is open to all).
    pub fn facilitator_only(self) -> bool {
        matches!(
            self,
            CommandName::Decision
                | CommandName::Election
                | CommandName::Ritual
                | CommandName::Next
                | CommandName::Propose
                | CommandName::Cancel
                | CommandName::Recolte
                | CommandName::Jardin
        )
    }

    /// The Fluent id of this command's usage line: `usage-meteo`.
    pub fn usage_id(self) -> String {
        format!("usage-{}", self.slug())
    }

    /// A stable ASCII slug: `meteo`, `oublie-moi`.
    pub fn slug(self) -> &'static str {
        match self {
            CommandName::Help => "aide",
            CommandName::Meteo => "meteo",
            CommandName::Decision => "decision",
            CommandName::Election => "election",
            CommandName::Ritual => "rituel",
            CommandName::Next => "suivant",
            CommandName::Pass => "passe",
            CommandName::Consent => "consens",
            CommandName::Objection => "objection",
            CommandName::Amend => "amender",
            CommandName::Withdraw => "retirer",
            CommandName::Nominate => "nomine",
            CommandName::Propose => "propose",
            CommandName::Cancel => "annuler",
            CommandName::Status => "ou",
            CommandName::Defi => "defi",
            CommandName::Checkin => "point",
            CommandName::Defis => "defis",
            CommandName::Retour => "retour",
            CommandName::Recolte => "recolte",
            CommandName::Decisions => "decisions",
            CommandName::Roles => "roles",
            CommandName::Retours => "retours",
            CommandName::Constitution => "constitution",
            CommandName::Jardin => "jardin",
            CommandName::OublieMoi => "oublie-moi",
        }
    }
}

/// A field of the garden's constitution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConstitutionField {
    /// `raison` / `purpose`: raison d'être.
    Raison,
    /// `entrées` / `entries`: how one enters the garden.
    Entrees,
    /// `sorties` / `exits`: how one leaves.
    Sorties,
    /// `économie` / `economy`: economic model.
    Economie,
    /// `noyau` / `core`: the core members (at least two).
    Noyau,
}

/// A garden setting changed with `!jardin`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum GardenSetting {
    /// `langue fr|en`
    Langue(String),
    /// `fuseau Europe/Paris`
    Fuseau(String),
    /// `récolte lundi 09:00` (raw, read by `parse_slot`)
    Recolte(String),
    /// `type local|thématique|organisation`
    Type(String),
    /// `communs oui|non`
    Communs(String),
    /// `facilitateur @x` (adds; `facilitateur -@x` removes)
    Facilitateur {
        /// Whom.
        who: UserRef,
        /// True to remove them from the list.
        remove: bool,
    },
    /// `météo-mémoire oui|non`
    MeteoMemoire(String),
    /// `points jeudi 10:00`: the weekly check-in slot of the défis
    Points(String),
    /// `nom <texte>`: the garden's name in the commons and exports
    Nom(String),
}

/// What `!défi` asks for (handled by a later issue).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum DefiAction {
    /// `!défi <titre> | <échéance>`
    Create {
        /// The title.
        title: String,
        /// The deadline as typed.
        deadline: String,
    },
    /// `!défi rejoindre F1`
    Join(RunId),
    /// `!défi quitter F1`
    Leave(RunId),
    /// `!défi fini F1`
    Done(RunId),
}

/// One parsed command with its arguments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Command {
    /// `!aide [commande]`: the topic is resolved to a command when it names one.
    Help(Option<CommandName>),
    /// `!météo`
    Meteo,
    /// `!décision [pour @x :] <proposition> [--délai 48h] [--silence-consent]`
    Decision {
        /// The proposer when not the sender.
        proposer: Option<UserRef>,
        /// The proposal.
        text: String,
        /// A deadline for every step (asynchronous gardens).
        delay: Option<Span>,
        /// After the reminder, silence counts as consent.
        silence_consent: bool,
    },
    /// `!élection <rôle> [pour <durée>]`
    Election {
        /// The role.
        role: String,
        /// The term.
        term: Option<Span>,
    },
    /// `!rituel <nom> [texte]`
    Ritual {
        /// The ritual's name.
        name: String,
        /// Free text for the announcement.
        text: Option<String>,
    },
    /// `!suivant [id]`
    Next(Option<RunId>),
    /// `!passe [id]`
    Pass(Option<RunId>),
    /// `!consens [id]`
    Consent(Option<RunId>),
    /// `!objection [id] <raison>`
    Objection {
        /// Which run.
        run: Option<RunId>,
        /// The reason (never empty).
        reason: String,
    },
    /// `!amender [id] <texte>`
    Amend {
        /// Which run.
        run: Option<RunId>,
        /// The new text (never empty).
        text: String,
    },
    /// `!retirer [id]`
    Withdraw(Option<RunId>),
    /// `!nomine [id] @x [raison]`
    Nominate {
        /// Which run.
        run: Option<RunId>,
        /// Whom.
        who: UserRef,
        /// Why.
        reason: Option<String>,
    },
    /// `!propose [id] @x`
    Propose {
        /// Which run.
        run: Option<RunId>,
        /// Whom.
        who: UserRef,
    },
    /// `!annuler [id]`
    Cancel(Option<RunId>),
    /// `!où`
    Status,
    /// `!défi ...`
    Defi(DefiAction),
    /// `!point F1 <texte>`
    Checkin {
        /// The défi.
        defi: RunId,
        /// The check-in.
        text: String,
    },
    /// `!défis`
    Defis,
    /// `!retour <texte>`
    Retour(String),
    /// `!récolte`
    Recolte,
    /// `!décisions`
    Decisions,
    /// `!rôles`
    Roles,
    /// `!retours`
    Retours,
    /// `!constitution [champ texte]`
    Constitution(Option<(ConstitutionField, String)>),
    /// `!jardin <réglage> <valeur>`
    Jardin(GardenSetting),
    /// `!oublie-moi`
    OublieMoi,
}

impl Command {
    /// The command's canonical name.
    pub fn name(&self) -> CommandName {
        match self {
            Command::Help(_) => CommandName::Help,
            Command::Meteo => CommandName::Meteo,
            Command::Decision { .. } => CommandName::Decision,
            Command::Election { .. } => CommandName::Election,
            Command::Ritual { .. } => CommandName::Ritual,
            Command::Next(_) => CommandName::Next,
            Command::Pass(_) => CommandName::Pass,
            Command::Consent(_) => CommandName::Consent,
            Command::Objection { .. } => CommandName::Objection,
            Command::Amend { .. } => CommandName::Amend,
            Command::Withdraw(_) => CommandName::Withdraw,
            Command::Nominate { .. } => CommandName::Nominate,
            Command::Propose { .. } => CommandName::Propose,
            Command::Cancel(_) => CommandName::Cancel,
            Command::Status => CommandName::Status,
            Command::Defi(_) => CommandName::Defi,
            Command::Checkin { .. } => CommandName::Checkin,
            Command::Defis => CommandName::Defis,
            Command::Retour(_) => CommandName::Retour,
            Command::Recolte => CommandName::Recolte,
            Command::Decisions => CommandName::Decisions,
            Command::Roles => CommandName::Roles,
            Command::Retours => CommandName::Retours,
            Command::Constitution(_) => CommandName::Constitution,
            Command::Jardin(_) => CommandName::Jardin,
            Command::OublieMoi => CommandName::OublieMoi,
        }
    }
}

/// Why a known command's arguments were refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum ArgError {
    /// A required argument is missing; the value names it (`proposition`, `raison`...), and
    /// is also a Fluent id suffix `arg-<name>`.
    Missing(&'static str),
    /// An argument is present but unreadable (`--délai abc`); names it likewise.
    Invalid(&'static str),
}

/// The result of reading one message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Parsed {
    /// Not a command: plain text (a contribution, or chatter).
    Text,
    /// A command with valid arguments.
    Command(Command),
    /// A known command with bad arguments: answer with its usage.
    Invalid {
        /// Which command.
        name: CommandName,
        /// What is wrong.
        error: ArgError,
    },
    /// The prefix followed by an unknown word.
    Unknown {
        /// The word as typed (truncated to 40 characters).
        word: String,
        /// The nearest command, when one is close enough.
        suggestion: Option<CommandName>,
    },
}
