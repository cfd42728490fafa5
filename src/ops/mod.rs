//! The operator's commands: `tuteur check`, `tuteur backup`, `tuteur restore`, and the
//! exit codes of every command.
//!
//! Operator-facing lines are rendered from `locales/<lang>/ops.ftl` in the operator's
//! language ([`operator_lang`]); log lines stay in English for log collectors.

pub mod backup;
pub mod check;
pub mod exit;

use crate::model::Lang;

/// The language of operator output: `--lang` when given, else the `LANG` environment
/// variable when it names French or English, else the bot's `bot.language`, else French.
pub fn operator_lang(flag: Option<Lang>, config: Option<Lang>) -> Lang {
    flag.or_else(|| {
        std::env::var("LANG")
            .ok()
            .and_then(|l| Lang::parse(l.get(..2).unwrap_or_default()))
    })
    .or(config)
    .unwrap_or(Lang::Fr)
}

/// One operator line from `ops.ftl`, with its text arguments.
pub fn say(lang: Lang, id: &str, args: &[(&str, &str)]) -> String {
    let mut msg = crate::model::Msg::new(id);
    for (name, value) in args {
        msg = msg.text(name, *value);
    }
    crate::i18n::tr(lang, chrono_tz::UTC, &msg)
}
