//! Rendering of bot text: Fluent message ids and arguments in, plain text and HTML out.
//!
//! The engine only ever emits [`Msg`] values (an id and typed arguments); this module turns
//! them into words in the garden's language at the transport edge. Locale files
//! (`locales/<lang>/*.ftl`) are embedded at build time by `build.rs`: every `.ftl` file in
//! each language folder is loaded, and editing or adding one rebuilds the crate.
//!
//! Choices made here, and why:
//! - Unicode isolation marks are off: chat clients show them as stray boxes.
//! - A missing message falls back to French (the reference locale), then to the id itself,
//!   with a warning: a gap in a translation must never drop a bot message.
//! - HTML is built by rendering the message with opaque placeholders for people, escaping
//!   the whole result, then substituting escaped pills: user text can never become markup,
//!   whatever the template looks like.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use chrono::{DateTime, Datelike, Timelike, Utc};
use chrono_tz::Tz;
use fluent_templates::fluent_bundle::concurrent::FluentBundle;
use fluent_templates::fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use regex::Regex;

use crate::model::{Arg, Lang, Msg, OwnText, Text, UserId};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/locales.rs"));
}

/// Body (plain text) and HTML of one rendered bot message.
///
/// Matrix messages carry both: `body` for clients without HTML (and for notifications, so it
/// keeps user text exactly as written), `formatted_body` with pills for mentions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// Plain text, lines joined with `\n`.
    pub body: String,
    /// Escaped HTML, lines joined with `<br/>`.
    pub html: String,
}

/// Every language the bot speaks, in fallback order after the garden's own.
const LANGS: [Lang; 2] = [Lang::Fr, Lang::En];

/// The language used when the garden's language lacks a message: the reference locale.
const FALLBACK: Lang = Lang::Fr;

/// Start and end of an HTML placeholder (Unicode private-use characters, never in templates).
const PH_START: char = '\u{E000}';
const PH_END: char = '\u{E001}';

/// The bundles built from the embedded locale files, built once on first use.
static CATALOG: LazyLock<Catalog> = LazyLock::new(|| {
    let catalog = Catalog::from_sources(embedded::LOCALE_FILES.iter().copied());
    for problem in catalog.errors() {
        tracing::error!(%problem, "locale file problem");
    }
    catalog
});

/// Renders a whole bot message in `lang`: one line per [`Msg`].
pub fn render(lang: Lang, tz: Tz, text: &Text) -> Rendered {
    CATALOG.render(lang, tz, text)
}

/// Renders `text` in `lang` and returns every problem met: a message missing in `lang`
/// (shown from the fallback), a Fluent error (an argument the message uses but was not
/// given), an unresolved `{$…}` left in the text. Tests call it on everything the engine
/// says, in every language.
pub fn problems(lang: Lang, tz: Tz, text: &Text) -> Vec<String> {
    let mut problems = CATALOG.render_checked(lang, tz, text).1;
    // Members' words (and a ritual file shown back) may hold `{ $x }` themselves: only
    // what the templates leave unresolved is a problem.
    let skeleton = CATALOG.render(lang, tz, &blank_texts(text)).body;
    if skeleton.contains("{$") || skeleton.contains("{ $") {
        problems.push(format!("unresolved placeholder in: {skeleton}"));
    }
    problems
}

/// `text` with every text argument emptied, nested messages included.
fn blank_texts(text: &Text) -> Text {
    fn blank(msg: &Msg) -> Msg {
        let mut m = msg.clone();
        for (_, arg) in &mut m.args {
            match arg {
                Arg::Text(s) => s.clear(),
                Arg::Nested(inner) => **inner = blank(inner),
                _ => {}
            }
        }
        m
    }
    Text {
        lines: text.lines.iter().map(blank).collect(),
    }
}

/// Plain text of one message in `lang`, for bodies, logs and the terminal.
pub fn tr(lang: Lang, tz: Tz, msg: &Msg) -> String {
    CATALOG.tr(lang, tz, msg)
}

/// Whether `lang`'s own locale defines `id` (without fallback), so checks can find gaps.
pub fn has_message(lang: Lang, id: &str) -> bool {
    CATALOG.has_message(lang, id)
}

/// The placeholders built-in message `id` uses in `lang` (`None` when `lang` lacks it), so
/// a ritual file that reuses an id is checked against what its step provides.
pub fn variables(lang: Lang, id: &str) -> Option<BTreeSet<String>> {
    CATALOG.variables(lang, id)
}

/// Every message id `lang` defines, sorted, so tests can compare locales.
pub fn message_ids(lang: Lang) -> Vec<String> {
    CATALOG.message_ids(lang)
}

/// Problems met while loading the embedded locale files (syntax errors, ids defined twice,
/// unknown language folders): logged at first use, and asserted empty by a test.
pub fn load_errors() -> &'static [String] {
    CATALOG.errors()
}

/// A date and time in the garden's timezone with day and month names in `lang`.
///
/// Names are written out here rather than taken from a locale crate: two languages, and the
/// exact wording (`1er` in French) matters more than breadth.
pub fn format_time(lang: Lang, tz: Tz, at: DateTime<Utc>) -> String {
    const FR_DAYS: [&str; 7] = [
        "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    ];
    const FR_MONTHS: [&str; 12] = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ];
    const EN_DAYS: [&str; 7] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    const EN_MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let local = at.with_timezone(&tz);
    let weekday = local.weekday().num_days_from_monday() as usize;
    let month = local.month0() as usize;
    let (day, year, hour, minute) = (local.day(), local.year(), local.hour(), local.minute());
    match lang {
        Lang::Fr => {
            let day = if day == 1 {
                "1er".to_owned()
            } else {
                day.to_string()
            };
            format!(
                "{} {day} {} {year} à {hour:02}:{minute:02}",
                FR_DAYS[weekday], FR_MONTHS[month]
            )
        }
        Lang::En => format!(
            "{} {day} {} {year} at {hour:02}:{minute:02}",
            EN_DAYS[weekday], EN_MONTHS[month]
        ),
    }
}

/// One language's bundle and the ids it defines.
struct Locale {
    lang: Lang,
    bundle: FluentBundle<FluentResource>,
    ids: BTreeSet<String>,
}

/// A set of Fluent bundles, one per language: the render core.
///
/// The global functions use the catalog built from the embedded locale files; tests (and
/// tools checking a folder of locales) build their own from strings. It is `Sync`: the
/// concurrent bundle memoizes plural rules behind a mutex.
pub struct Catalog {
    locales: Vec<Locale>,
    errors: Vec<String>,
}

/// Whether a message is rendered for the body or for HTML.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Body,
    Html,
}

impl Catalog {
    /// Builds bundles from `(language tag, file name, Fluent source)` triples.
    ///
    /// Never fails: a broken entry is skipped and reported in [`Catalog::errors`], so one
    /// typo in a locale file costs one message, not the bot.
    pub fn from_sources<'a>(
        sources: impl IntoIterator<Item = (&'a str, &'a str, &'a str)>,
    ) -> Self {
        static MESSAGE_LINE: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"(?m)^([a-zA-Z][a-zA-Z0-9_-]*)[ \t]*=").expect("valid regex")
        });
        let mut locales: Vec<Locale> = LANGS
            .iter()
            .map(|&lang| {
                let mut bundle =
                    FluentBundle::new_concurrent(vec![lang.tag().parse().unwrap_or_default()]);
                bundle.set_use_isolating(false);
                Locale {
                    lang,
                    bundle,
                    ids: BTreeSet::new(),
                }
            })
            .collect();
        let mut errors = Vec::new();
        for (tag, name, source) in sources {
            let Some(locale) = locales.iter_mut().find(|l| l.lang.tag() == tag) else {
                errors.push(format!("{tag}/{name}: no such language in model::Lang"));
                continue;
            };
            let resource = match FluentResource::try_new(source.to_owned()) {
                Ok(r) => r,
                Err((r, errs)) => {
                    for e in errs {
                        let upto = e.pos.start.min(source.len());
                        let line = source.as_bytes()[..upto]
                            .iter()
                            .filter(|&&b| b == b'\n')
                            .count()
                            + 1;
                        errors.push(format!("{tag}/{name}:{line}: {e}"));
                    }
                    r
                }
            };
            // Fluent entries start at column 0; the bundle confirms each candidate below.
            let candidates: Vec<String> = MESSAGE_LINE
                .captures_iter(source)
                .map(|c| c[1].to_owned())
                .collect();
            if let Err(errs) = locale.bundle.add_resource(resource) {
                for e in errs {
                    errors.push(format!("{tag}/{name}: {e}"));
                }
            }
            let bundle = &locale.bundle;
            let found: Vec<String> = candidates
                .into_iter()
                .filter(|id| defines(bundle, id))
                .collect();
            locale.ids.extend(found);
        }
        Catalog { locales, errors }
    }

    /// Problems met while loading: empty when every file parsed and no id is defined twice.
    pub fn errors(&self) -> &[String] {
        &self.errors
    }

    fn locale(&self, lang: Lang) -> Option<&Locale> {
        self.locales.iter().find(|l| l.lang == lang)
    }

    /// Whether `lang` itself defines `id` (with a value), ignoring fallback.
    pub fn has_message(&self, lang: Lang, id: &str) -> bool {
        self.locale(lang).is_some_and(|l| defines(&l.bundle, id))
    }

    /// Every message id `lang` defines, sorted.
    pub fn message_ids(&self, lang: Lang) -> Vec<String> {
        self.locale(lang)
            .map(|l| l.ids.iter().cloned().collect())
            .unwrap_or_default()
    }

    /// Renders every line of `text`: body lines joined by `\n`, HTML lines by `<br/>`.
    pub fn render(&self, lang: Lang, tz: Tz, text: &Text) -> Rendered {
        self.render_checked(lang, tz, text).0
    }

    /// Renders every line of `text`, and lists the problems met (see [`problems`]).
    pub fn render_checked(&self, lang: Lang, tz: Tz, text: &Text) -> (Rendered, Vec<String>) {
        let mut body = Vec::with_capacity(text.lines.len());
        let mut html = Vec::with_capacity(text.lines.len());
        let mut problems = Vec::new();
        for msg in &text.lines {
            body.push(self.message(lang, tz, msg, Mode::Body, &mut problems));
            html.push(self.message(lang, tz, msg, Mode::Html, &mut problems));
        }
        let rendered = Rendered {
            body: body.join("\n"),
            html: html.join("<br/>"),
        };
        (rendered, problems)
    }

    /// Plain text of one message.
    pub fn tr(&self, lang: Lang, tz: Tz, msg: &Msg) -> String {
        self.message(lang, tz, msg, Mode::Body, &mut Vec::new())
    }

    /// One message in the given mode. In HTML mode people become placeholders, and the
    /// escaped result has them replaced by their (escaped) fragments in a single pass, so
    /// nothing inserted is ever scanned again.
    fn message(
        &self,
        lang: Lang,
        tz: Tz,
        msg: &Msg,
        mode: Mode,
        problems: &mut Vec<String>,
    ) -> String {
        let mut args = FluentArgs::with_capacity(msg.args.len());
        let mut fragments = Vec::new();
        for (name, arg) in &msg.args {
            let value: FluentValue<'_> = match arg {
                Arg::Num(n) => FluentValue::from(*n),
                Arg::Text(s) => match mode {
                    Mode::Body => FluentValue::from(s.as_str()),
                    // A user typing our placeholder characters must not summon a pill.
                    Mode::Html => FluentValue::from(s.replace([PH_START, PH_END], "\u{FFFD}")),
                },
                Arg::Time(at) => FluentValue::from(format_time(lang, tz, *at)),
                Arg::Label(id) => FluentValue::from(self.lookup(lang, id, None, problems)),
                Arg::Own(own) => FluentValue::from(own_text(lang, own, None, problems)),
                Arg::Nested(inner) => {
                    let text = self.message(lang, tz, inner, Mode::Body, problems);
                    match mode {
                        Mode::Body => FluentValue::from(text),
                        Mode::Html => {
                            FluentValue::from(text.replace([PH_START, PH_END], "\u{FFFD}"))
                        }
                    }
                }
                Arg::User { id, name } => match mode {
                    Mode::Body => FluentValue::from(display_name(id, name)),
                    Mode::Html => {
                        fragments.push(pill(id, name));
                        FluentValue::from(placeholder(fragments.len() - 1))
                    }
                },
                Arg::Users(people) => match mode {
                    Mode::Body => FluentValue::from(join_list(
                        lang,
                        people
                            .iter()
                            .map(|(id, name)| display_name(id, name).to_owned()),
                    )),
                    Mode::Html => {
                        fragments.push(join_list(
                            lang,
                            people.iter().map(|(id, name)| pill(id, name)),
                        ));
                        FluentValue::from(placeholder(fragments.len() - 1))
                    }
                },
            };
            if let Arg::User { id, name: display } = arg {
                // French elides "de" before a vowel (d'alice, de bob): the locale chooses,
                // from the sound the name starts with.
                args.set(
                    format!("{name}_elision"),
                    FluentValue::from(initial_sound(display_name(id, display))),
                );
            }
            args.set(name.as_str(), value);
        }
        let text = match &msg.own {
            Some(own) => own_text(lang, own, Some(&args), problems),
            None => self.lookup(lang, &msg.id, Some(&args), problems),
        };
        match mode {
            Mode::Body => text,
            Mode::Html => substitute(&escape_html(&text), &fragments),
        }
    }

    /// The placeholders message `id` of `lang` uses (those of the messages it refers to
    /// included); `None` when `lang` does not define it.
    pub fn variables(&self, lang: Lang, id: &str) -> Option<BTreeSet<String>> {
        let locale = self.locale(lang)?;
        let mut variables = BTreeSet::new();
        let mut pending = vec![id.to_owned()];
        let mut seen = BTreeSet::new();
        // Bounded: each message id is read once.
        while let Some(next) = pending.pop() {
            if !seen.insert(next.clone()) {
                continue;
            }
            let Some(pattern) = locale.bundle.get_message(&next).and_then(|m| m.value()) else {
                if next == id {
                    return None;
                }
                continue;
            };
            let mut references = Vec::new();
            crate::own_text::collect(pattern, &mut variables, &mut references);
            pending.extend(references.into_iter().filter(|r| !r.starts_with('-')));
        }
        Some(variables)
    }

    /// Formats `id` in `lang`, else in French, else returns the id itself.
    fn lookup(
        &self,
        lang: Lang,
        id: &str,
        args: Option<&FluentArgs<'_>>,
        problems: &mut Vec<String>,
    ) -> String {
        let fallback = (lang != FALLBACK).then_some(FALLBACK);
        for candidate in std::iter::once(lang).chain(fallback) {
            let Some(locale) = self.locale(candidate) else {
                continue;
            };
            let Some(pattern) = locale.bundle.get_message(id).and_then(|m| m.value()) else {
                continue;
            };
            if candidate != lang {
                problems.push(format!("{id}: missing in {}", lang.tag()));
                tracing::warn!(
                    id,
                    lang = lang.tag(),
                    fallback = candidate.tag(),
                    "message missing, using fallback language"
                );
            }
            let mut errors = Vec::new();
            let text = locale.bundle.format_pattern(pattern, args, &mut errors);
            if !errors.is_empty() {
                problems.push(format!("{id} ({}): {errors:?}", candidate.tag()));
                tracing::warn!(
                    id,
                    lang = candidate.tag(),
                    ?errors,
                    "message formatted with errors"
                );
            }
            return text.into_owned();
        }
        problems.push(format!("{id}: missing in every language"));
        tracing::warn!(
            id,
            lang = lang.tag(),
            "message missing in every language, showing its id"
        );
        id.to_owned()
    }
}

/// Formats a ritual's own text in `lang`, else in the other language (a problem, as a
/// missing translation is), with the message's arguments.
fn own_text(
    lang: Lang,
    own: &OwnText,
    args: Option<&FluentArgs<'_>>,
    problems: &mut Vec<String>,
) -> String {
    let other = LANGS.into_iter().filter(|l| *l != lang);
    let Some((used, source)) = std::iter::once(lang)
        .chain(other)
        .find_map(|l| own.get(l).map(|s| (l, s)))
    else {
        problems.push("own text: empty in every language".to_owned());
        return String::new();
    };
    if used != lang {
        problems.push(format!("own text: missing in {}", lang.tag()));
    }
    let bundle = own_bundle(used, source);
    let Some(pattern) = bundle
        .get_message(crate::own_text::OWN_ID)
        .and_then(|m| m.value())
    else {
        problems.push(format!("own text ({}): not Fluent: {source}", used.tag()));
        tracing::warn!(lang = used.tag(), "a ritual's own text is not valid Fluent");
        return source.to_owned();
    };
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, args, &mut errors);
    if !errors.is_empty() {
        problems.push(format!("own text ({}): {errors:?}", used.tag()));
        tracing::warn!(lang = used.tag(), ?errors, "own text formatted with errors");
    }
    text.into_owned()
}

/// Most own texts kept parsed: a garden network's rituals, with room to spare. Past it the
/// cache starts again, so memory stays bounded whatever is loaded.
const OWN_CACHE: usize = 1024;

/// The one-message bundle of an own text, parsed once.
fn own_bundle(lang: Lang, source: &str) -> std::sync::Arc<FluentBundle<FluentResource>> {
    type Cache =
        std::collections::HashMap<(Lang, String), std::sync::Arc<FluentBundle<FluentResource>>>;
    static BUNDLES: LazyLock<std::sync::Mutex<Cache>> = LazyLock::new(Default::default);
    let key = (lang, source.to_owned());
    if let Some(b) = BUNDLES
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .get(&key)
    {
        return b.clone();
    }
    let mut bundle = FluentBundle::new_concurrent(vec![lang.tag().parse().unwrap_or_default()]);
    bundle.set_use_isolating(false);
    let resource = match FluentResource::try_new(crate::own_text::to_ftl(source)) {
        Ok(r) | Err((r, _)) => r,
    };
    // One resource with one id: adding it cannot collide.
    let _ = bundle.add_resource(resource);
    let bundle = std::sync::Arc::new(bundle);
    let mut cache = BUNDLES
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if cache.len() >= OWN_CACHE {
        cache.clear();
    }
    cache.insert(key, bundle.clone());
    bundle
}

/// Whether `bundle` can render `id`: a message with a value (attributes alone are not text).
fn defines(bundle: &FluentBundle<FluentResource>, id: &str) -> bool {
    bundle.get_message(id).is_some_and(|m| m.value().is_some())
}

/// `vowel` when `name` starts with a vowel sound a locale may elide before (alice, Émile,
/// Yves), else `consonant`.
fn initial_sound(name: &str) -> &'static str {
    let first = crate::text::fold(name.trim_start_matches('@'))
        .chars()
        .next()
        .unwrap_or('x');
    if matches!(first, 'a' | 'e' | 'i' | 'o' | 'u' | 'y') {
        "vowel"
    } else {
        "consonant"
    }
}

/// The name to show for a person: their display name, or their id if they have none.
fn display_name<'a>(id: &'a UserId, name: &'a str) -> &'a str {
    if name.trim().is_empty() {
        id.as_str()
    } else {
        name
    }
}

/// `a`, `a et b`, `a, b et c` (`and` in English): how people are listed in a sentence.
fn join_list(lang: Lang, items: impl Iterator<Item = String>) -> String {
    let items: Vec<String> = items.collect();
    let and = match lang {
        Lang::Fr => " et ",
        Lang::En => " and ",
    };
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{}{and}{last}", rest.join(", ")),
    }
}

/// The HTML for a person: a matrix.to pill when the id is an MXID, else the escaped name.
/// ruma builds the link (percent-encoding what a path segment may not hold); it is escaped
/// again for the attribute, where a historical user id may still carry `&` or `'`.
fn pill(id: &UserId, name: &str) -> String {
    let shown = escape_html(display_name(id, name));
    match matrix_sdk::ruma::UserId::parse(id.as_str()) {
        Ok(user) => format!(
            "<a href=\"{}\">{shown}</a>",
            escape_html(&user.matrix_to_uri().to_string())
        ),
        Err(_) => shown,
    }
}

/// Escapes text for HTML content and attributes, and turns newlines into `<br/>`.
pub(crate) fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' => out.push_str("<br/>"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// The placeholder standing for fragment `i` while a message is rendered for HTML.
fn placeholder(i: usize) -> String {
    format!("{PH_START}{i}{PH_END}")
}

/// Replaces each placeholder in already-escaped `html` with its fragment, in one pass.
/// A malformed or unknown placeholder is dropped rather than shown.
fn substitute(html: &str, fragments: &[String]) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find(PH_START) {
        out.push_str(&rest[..start]);
        let after = &rest[start + PH_START.len_utf8()..];
        match after.find(PH_END) {
            Some(end) => {
                if let Some(fragment) = after[..end]
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| fragments.get(i))
                {
                    out.push_str(fragment);
                }
                rest = &after[end + PH_END.len_utf8()..];
            }
            None => rest = after,
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use chrono_tz::Europe::Paris;

    const FR: &str = "\
say = { $who } dit : { $words }
seeds = { $n ->
    [one] { $n } graine
   *[other] { $n } graines
}
step = Étape : { $step }
step-round = tour de parole
people = Présent·es : { $people }
only-fr = seulement en français
two-lines = première
    seconde
when = Rendez-vous { $at }
-brand = tuteur
uses-term = Je suis { -brand }
";

    const EN: &str = "\
say = { $who } says: { $words }
seeds = { $n ->
    [one] { $n } seed
   *[other] { $n } seeds
}
step = Step: { $step }
step-round = speaking round
people = Present: { $people }
two-lines = first
    second
when = Meet { $at }
-brand = tuteur
uses-term = I am { -brand }
";

    fn catalog() -> Catalog {
        let c = Catalog::from_sources([("fr", "test.ftl", FR), ("en", "test.ftl", EN)]);
        assert!(c.errors().is_empty(), "{:?}", c.errors());
        c
    }

    fn alice() -> UserId {
        UserId::new("@alice:example.org")
    }

    #[test]
    fn catalog_is_shareable_between_threads() {
        fn assert_sync_send<T: Sync + Send>() {}
        assert_sync_send::<Catalog>();
    }

    #[test]
    fn user_text_is_escaped_in_html_and_kept_in_body() {
        let c = catalog();
        let msg = Msg::new("say")
            .user("who", &alice(), "Alice")
            .text("words", "<b>x</b> & @room \"'");
        let r = c.render(Lang::Fr, Paris, &Text::one(msg));
        assert_eq!(r.body, "Alice dit : <b>x</b> & @room \"'");
        assert_eq!(
            r.html,
            "<a href=\"https://matrix.to/#/@alice:example.org\">Alice</a> dit : \
             &lt;b&gt;x&lt;/b&gt; &amp; @room &quot;&#39;"
        );
    }

    #[test]
    fn names_are_escaped_and_only_mxids_become_pills() {
        let c = catalog();
        let msg = Msg::new("say")
            .user("who", &UserId::new("bob"), "<i>Bob</i>")
            .text("words", "hi");
        let r = c.render(Lang::En, Paris, &Text::one(msg));
        assert_eq!(r.body, "<i>Bob</i> says: hi");
        assert_eq!(r.html, "&lt;i&gt;Bob&lt;/i&gt; says: hi");

        let odd = UserId::new("@a\"b<c:ex.org");
        let msg = Msg::new("say").user("who", &odd, "").text("words", "hi");
        let r = c.render(Lang::En, Paris, &Text::one(msg));
        assert_eq!(
            r.html,
            "<a href=\"https://matrix.to/#/@a%22b%3Cc:ex.org\">@a&quot;b&lt;c:ex.org</a> says: hi"
        );
    }

    #[test]
    fn user_text_cannot_forge_a_placeholder() {
        let c = catalog();
        let forged = format!("{PH_START}0{PH_END}");
        let msg = Msg::new("say")
            .user("who", &alice(), "Alice")
            .text("words", forged.clone());
        let r = c.render(Lang::En, Paris, &Text::one(msg));
        assert_eq!(r.html.matches("<a ").count(), 1, "{}", r.html);
        assert!(r.body.ends_with(&forged));
    }

    #[test]
    fn people_are_listed_with_the_language_conjunction() {
        let c = catalog();
        let people = vec![
            (alice(), "Alice".to_owned()),
            (UserId::new("bob"), "Bob".to_owned()),
            (UserId::new("@cleo:ex.org"), "Cléo & co".to_owned()),
        ];
        let msg = Msg::new("people").users("people", people.clone());
        assert_eq!(
            c.tr(Lang::Fr, Paris, &msg),
            "Présent·es : Alice, Bob et Cléo & co"
        );
        assert_eq!(
            c.tr(Lang::En, Paris, &msg),
            "Present: Alice, Bob and Cléo & co"
        );
        let r = c.render(Lang::Fr, Paris, &Text::one(msg));
        assert_eq!(
            r.html,
            "Présent·es : <a href=\"https://matrix.to/#/@alice:example.org\">Alice</a>, Bob et \
             <a href=\"https://matrix.to/#/@cleo:ex.org\">Cléo &amp; co</a>"
        );
        let two = Msg::new("people").users("people", people[..2].to_vec());
        assert_eq!(c.tr(Lang::En, Paris, &two), "Present: Alice and Bob");
        let none = Msg::new("people").users("people", Vec::new());
        assert_eq!(c.tr(Lang::En, Paris, &none), "Present: ");
    }

    #[test]
    fn plural_forms_follow_each_language() {
        let c = catalog();
        let seeds = |lang, n| c.tr(lang, Paris, &Msg::new("seeds").num("n", n));
        assert_eq!(seeds(Lang::Fr, 0), "0 graine");
        assert_eq!(seeds(Lang::Fr, 1), "1 graine");
        assert_eq!(seeds(Lang::Fr, 2), "2 graines");
        assert_eq!(seeds(Lang::En, 0), "0 seeds");
        assert_eq!(seeds(Lang::En, 1), "1 seed");
        assert_eq!(seeds(Lang::En, 12), "12 seeds");
    }

    #[test]
    fn missing_messages_fall_back_to_french_then_to_the_id() {
        let c = catalog();
        assert_eq!(
            c.tr(Lang::En, Paris, &Msg::new("only-fr")),
            "seulement en français"
        );
        assert_eq!(c.tr(Lang::En, Paris, &Msg::new("no-such-id")), "no-such-id");
        let r = c.render(Lang::Fr, Paris, &Text::one(Msg::new("no-<such>-id")));
        assert_eq!(r.body, "no-<such>-id");
        assert_eq!(r.html, "no-&lt;such&gt;-id");
        assert!(c.has_message(Lang::Fr, "only-fr"));
        assert!(!c.has_message(Lang::En, "only-fr"));
    }

    #[test]
    fn output_has_no_isolation_marks() {
        let c = catalog();
        let msg = Msg::new("say")
            .user("who", &alice(), "Alice")
            .text("words", "salut");
        for lang in LANGS {
            let r = c.render(lang, Paris, &Text::one(msg.clone()));
            for s in [&r.body, &r.html] {
                assert!(!s.contains(['\u{2068}', '\u{2069}']), "{s:?}");
            }
        }
        assert_eq!(
            c.tr(Lang::Fr, Paris, &Msg::new("uses-term")),
            "Je suis tuteur"
        );
    }

    #[test]
    fn labels_render_in_the_same_language() {
        let c = catalog();
        let msg = Msg::new("step").label("step", "step-round");
        assert_eq!(c.tr(Lang::Fr, Paris, &msg), "Étape : tour de parole");
        assert_eq!(c.tr(Lang::En, Paris, &msg), "Step: speaking round");
    }

    #[test]
    fn lines_and_newlines_become_breaks_in_html() {
        let c = catalog();
        let mut text = Text::one(Msg::new("two-lines"));
        text.push(
            Msg::new("say")
                .user("who", &UserId::new("bob"), "Bob")
                .text("words", "a\nb"),
        );
        let r = c.render(Lang::Fr, Paris, &text);
        assert_eq!(r.body, "première\nseconde\nBob dit : a\nb");
        assert_eq!(r.html, "première<br/>seconde<br/>Bob dit : a<br/>b");
    }

    #[test]
    fn times_use_the_garden_timezone_and_language() {
        let c = catalog();
        // Europe/Paris moves to summer time on 29 March 2026 and back on 25 October 2026.
        let before = Utc.with_ymd_and_hms(2026, 3, 28, 8, 0, 0).unwrap();
        let after = Utc.with_ymd_and_hms(2026, 3, 29, 8, 0, 0).unwrap();
        let autumn = Utc.with_ymd_and_hms(2026, 10, 26, 8, 0, 0).unwrap();
        assert_eq!(
            format_time(Lang::Fr, Paris, before),
            "samedi 28 mars 2026 à 09:00"
        );
        assert_eq!(
            format_time(Lang::Fr, Paris, after),
            "dimanche 29 mars 2026 à 10:00"
        );
        assert_eq!(
            format_time(Lang::Fr, Paris, autumn),
            "lundi 26 octobre 2026 à 09:00"
        );
        assert_eq!(
            format_time(Lang::En, Paris, before),
            "Saturday 28 March 2026 at 09:00"
        );
        assert_eq!(
            format_time(Lang::En, Paris, after),
            "Sunday 29 March 2026 at 10:00"
        );
        let nov = Utc.with_ymd_and_hms(2026, 11, 23, 8, 0, 0).unwrap();
        assert_eq!(
            format_time(Lang::Fr, Paris, nov),
            "lundi 23 novembre 2026 à 09:00"
        );
        assert_eq!(
            format_time(Lang::En, Paris, nov),
            "Monday 23 November 2026 at 09:00"
        );
        let first = Utc.with_ymd_and_hms(2026, 6, 1, 7, 30, 0).unwrap();
        assert_eq!(
            format_time(Lang::Fr, Paris, first),
            "lundi 1er juin 2026 à 09:30"
        );
        let msg = Msg::new("when").time("at", after);
        assert_eq!(
            c.tr(Lang::En, chrono_tz::UTC, &msg),
            "Meet Sunday 29 March 2026 at 08:00"
        );
    }

    #[test]
    fn ids_are_listed_and_load_problems_reported() {
        let c = catalog();
        let ids = c.message_ids(Lang::En);
        assert!(ids.windows(2).all(|w| w[0] < w[1]));
        assert!(ids.contains(&"seeds".to_owned()));
        assert!(
            !ids.iter().any(|id| id.starts_with('-')),
            "terms are not messages"
        );
        assert!(!c.message_ids(Lang::Fr).contains(&"two".to_owned()));

        let broken = Catalog::from_sources([
            ("fr", "a.ftl", "ok = bien\nbroken = { $\n"),
            ("fr", "b.ftl", "ok = encore\n"),
            ("de", "c.ftl", "hallo = Hallo\n"),
        ]);
        assert_eq!(broken.errors().len(), 3, "{:?}", broken.errors());
        assert!(
            broken.errors()[0].starts_with("fr/a.ftl:2:"),
            "{:?}",
            broken.errors()
        );
        assert_eq!(broken.message_ids(Lang::Fr), vec!["ok".to_owned()]);
        assert_eq!(broken.tr(Lang::Fr, Paris, &Msg::new("ok")), "bien");
    }
}
