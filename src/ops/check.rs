//! `tuteur check --config FILE`: everything `tuteur run` needs, checked before it runs,
//! one line per check in the operator's language (✓ fine, ⚠ works but look at it, ✗ to fix,
//! with what to do), and an exit code that says what kind of problem stopped it.
//!
//! Nothing is changed: the garden memory is opened only when no bot holds it, the Matrix
//! stores are opened without logging in, and a password is checked with a throw-away
//! login that is logged out at once (a saved session's token is checked with `whoami`
//! instead, so a check never adds a device).

use std::path::Path;

use super::exit;
use super::say;
use crate::config::{Config, load_offline};
use crate::matrix::{LoginError, verify_account};
use crate::model::Lang;
use crate::rituals::load::check_paths;
use crate::store_dir::{OpenError, open_store};

/// One line of the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    /// ✓
    Ok(String),
    /// ⚠: does not stop the bot.
    Warn(String),
    /// ✗, with the exit code it leads to.
    Bad(String, u8),
}

impl Line {
    /// The line as printed.
    pub fn shown(&self) -> String {
        match self {
            Line::Ok(t) => format!("✓ {t}"),
            Line::Warn(t) => format!("⚠ {t}"),
            Line::Bad(t, _) => format!("✗ {t}"),
        }
    }
}

/// The whole report.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// In the order checked.
    pub lines: Vec<Line>,
}

impl Report {
    /// The exit code: that of the first ✗, else 0.
    pub fn code(&self) -> u8 {
        self.lines
            .iter()
            .find_map(|l| match l {
                Line::Bad(_, code) => Some(*code),
                _ => None,
            })
            .unwrap_or(exit::OK)
    }
}

/// The operator's language for a configuration file: `--lang`, `LANG`, else the file's
/// `bot.language` when it can be read.
pub fn lang_for(path: &Path, flag: Option<Lang>) -> Lang {
    let config = load_offline(path).ok().map(|(bot, _)| bot.language);
    super::operator_lang(flag, config)
}

/// Runs every check of the configuration at `path`.
pub async fn run(path: &Path, lang: Lang) -> Report {
    let mut report = Report::default();
    let lines = &mut report.lines;
    let shown = path.display().to_string();
    let config = match Config::load(path) {
        Ok(c) => c,
        Err(e) => {
            lines.push(Line::Bad(
                say(lang, "check-config-bad", &[("problem", &e.to_string())]),
                exit::CONFIG,
            ));
            return report;
        }
    };
    lines.push(Line::Ok(say(lang, "check-config-ok", &[("path", &shown)])));
    if config.bot.allowed_inviters.is_empty() {
        let server = config.matrix.user.split_once(':').map_or("", |(_, s)| s);
        lines.push(Line::Warn(say(
            lang,
            "check-inviters-empty",
            &[("server", server)],
        )));
    }
    if config.matrix.store_passphrase.is_none() {
        lines.push(Line::Warn(say(lang, "check-passphrase-missing", &[])));
    }

    // The garden memory, only when no bot holds it.
    let store = config.bot.store.display().to_string();
    let free = match open_store(&config.bot.store, false) {
        Ok(s) => {
            drop(s);
            lines.push(Line::Ok(say(lang, "check-store-ok", &[("path", &store)])));
            true
        }
        Err(OpenError::Missing(_)) => {
            lines.push(Line::Ok(say(lang, "check-store-new", &[("path", &store)])));
            true
        }
        Err(e @ OpenError::Locked(_)) => {
            lines.push(Line::Bad(
                say(lang, "check-store-bad", &[("problem", &e.to_string())]),
                exit::TEMP,
            ));
            false
        }
        Err(e) => {
            let code = match e {
                OpenError::Version { .. } => exit::CONFIG,
                _ => exit::FAILURE,
            };
            lines.push(Line::Bad(
                say(lang, "check-store-bad", &[("problem", &error_chain(&e))]),
                code,
            ));
            false
        }
    };
    let matrix_dir = config.bot.store.join("matrix");
    if free {
        match crate::matrix::open_sdk_store(&config.matrix, &matrix_dir).await {
            Ok(Some(())) => lines.push(Line::Ok(say(lang, "check-sdk-store-ok", &[]))),
            Ok(None) => {}
            Err(e) => lines.push(login_line(lang, &e)),
        }
    }

    // The homeserver and the account.
    match verify_account(&config.matrix, &matrix_dir).await {
        Ok(v) => {
            let resolved = v.homeserver.trim_end_matches('/');
            let id = if resolved == config.matrix.homeserver {
                "check-homeserver-ok"
            } else {
                "check-homeserver-delegated"
            };
            lines.push(Line::Ok(say(
                lang,
                id,
                &[
                    ("url", resolved),
                    ("configured", &config.matrix.homeserver),
                    ("versions", v.versions.last().map_or("?", String::as_str)),
                ],
            )));
            let device = v.device.map(|d| d.to_string()).unwrap_or_default();
            lines.push(Line::Ok(say(
                lang,
                if device.is_empty() {
                    "check-login-ok"
                } else {
                    "check-login-device"
                },
                &[("user", v.user.as_str()), ("device", &device)],
            )));
        }
        Err(e) => lines.push(login_line(lang, &e)),
    }

    if let Some(dir) = &config.bot.rituals {
        let diags = check_paths(std::slice::from_ref(dir));
        let path = dir.display().to_string();
        if !dir.is_dir() {
            lines.push(Line::Bad(
                say(lang, "check-rituals-missing", &[("path", &path)]),
                exit::CONFIG,
            ));
        } else if !diags.iter().any(|d| d.is_error()) {
            let mut ok = say(lang, "check-rituals-ok", &[("path", &path)]);
            for d in &diags {
                ok.push_str(&format!("\n  {}", d.render(lang)));
            }
            lines.push(Line::Ok(ok));
        } else {
            let list: Vec<String> = diags
                .iter()
                .map(|d| format!("  {}", d.render(lang)))
                .collect();
            lines.push(Line::Bad(
                format!(
                    "{}\n{}",
                    crate::i18n::tr(
                        lang,
                        chrono_tz::UTC,
                        &crate::model::Msg::new("check-rituals-bad")
                            .text("path", &path)
                            .num("count", diags.len() as i64),
                    ),
                    list.join("\n")
                ),
                exit::DATA,
            ));
        }
    }
    if let Some(addr) = config.metrics.listen {
        lines.push(Line::Ok(say(
            lang,
            "check-metrics",
            &[("address", &addr.to_string())],
        )));
    }
    report
}

fn login_line(lang: Lang, e: &LoginError) -> Line {
    match e {
        LoginError::Unreachable { url, problem } => Line::Bad(
            say(
                lang,
                "check-homeserver-bad",
                &[("url", url), ("problem", problem)],
            ),
            exit::UNAVAILABLE,
        ),
        LoginError::Refused { setting, problem } => Line::Bad(
            say(
                lang,
                "check-login-bad",
                &[("setting", setting), ("problem", problem)],
            ),
            exit::CONFIG,
        ),
        other => Line::Bad(
            say(lang, "check-store-bad", &[("problem", &error_chain(other))]),
            exit::CONFIG,
        ),
    }
}

/// An error and its causes on one line.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut cause = e.source();
    // Bounded by the chain's length.
    while let Some(c) = cause {
        out.push_str(": ");
        out.push_str(&c.to_string());
        cause = c.source();
    }
    out
}

/// The summary line after the report.
pub fn summary(lang: Lang, report: &Report) -> String {
    let bad = report
        .lines
        .iter()
        .filter(|l| matches!(l, Line::Bad(..)))
        .count();
    if bad == 0 {
        say(lang, "check-summary-ok", &[])
    } else {
        crate::i18n::tr(
            lang,
            chrono_tz::UTC,
            &crate::model::Msg::new("check-summary-bad")
                .num("count", bad as i64)
                .num("code", i64::from(report.code())),
        )
    }
}
