//! `tuteur.toml` and the secrets it names (see `tuteur.example.toml` and `docs/operate.md`).
//!
//! The file is read strictly (`deny_unknown_fields`): a misspelt key stops start-up
//! instead of being silently ignored. Every problem found names the setting
//! (`matrix.homeserver`, `bot.timezone` ...) so the operator knows what to fix. Secrets
//! never live in the file: each secret setting names an environment variable (`*_env`) or
//! a file (`*_file`, as systemd credentials and container secrets provide them), read here
//! once. Relative paths (`bot.store`, `*_file`, `commons.export_dir`, `bot.rituals`) are
//! resolved against the configuration file's folder, so the bot finds the same files
//! whatever its working directory.

use std::fmt;
use std::path::{Path, PathBuf};

use chrono_tz::Tz;
use serde::Deserialize;

use crate::model::Lang;

/// Why the configuration cannot be used. Each message names the setting at fault.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read the configuration file {path}")]
    Read {
        /// The file.
        path: PathBuf,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// The file is not valid TOML for tuteur (toml names the key and line).
    #[error("configuration file {path}: {message}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// toml's message, with the key and position.
        message: String,
    },
    /// A setting has a value tuteur cannot use.
    #[error("setting {setting}: {problem}")]
    Invalid {
        /// The setting, as written in the file (`bot.language`).
        setting: String,
        /// What is wrong and what is expected.
        problem: String,
    },
}

fn invalid(setting: &str, problem: impl Into<String>) -> ConfigError {
    ConfigError::Invalid {
        setting: setting.to_owned(),
        problem: problem.into(),
    }
}

/// A secret read from the environment: printed as `***` by `Debug`, so it never reaches
/// a log line by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself, for the one call that needs it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// How the bot proves who it is.
#[derive(Debug, Clone)]
pub enum Credentials {
    /// A password (from `matrix.password_env`).
    Password(Secret),
    /// An access token (from `matrix.access_token_env`).
    AccessToken(Secret),
}

/// The `[matrix]` section, checked.
#[derive(Debug, Clone)]
pub struct MatrixConfig {
    /// The homeserver's base URL.
    pub homeserver: String,
    /// The bot's user id (`@tuteur:example.org`).
    pub user: String,
    /// Password or access token.
    pub credentials: Credentials,
    /// The setting that gave them (`matrix.password_file` ...), for messages.
    pub credentials_setting: &'static str,
    /// The device's display name.
    pub device_name: String,
    /// The bot's display name in rooms.
    pub display_name: String,
    /// The recovery key (secret storage), to cross-sign the device and use key backup.
    pub recovery_key: Option<Secret>,
    /// The passphrase that encrypts the SDK's state and crypto stores at rest.
    pub store_passphrase: Option<Secret>,
}

/// The `[bot]` section, checked.
#[derive(Debug, Clone)]
pub struct BotConfig {
    /// The folder holding sled and the Matrix state and crypto stores.
    pub store: PathBuf,
    /// The command prefix.
    pub prefix: String,
    /// Glob patterns over user ids; the bot joins only rooms these users invite it to.
    pub allowed_inviters: Vec<String>,
    /// Members at or above this room power level are facilitators.
    pub facilitator_power_level: i64,
    /// Language of a new garden.
    pub language: Lang,
    /// Timezone of a new garden.
    pub timezone: Tz,
    /// The most rituals a garden may have running at once.
    pub max_active_runs: usize,
    /// A folder of extra ritual files.
    pub rituals: Option<PathBuf>,
    /// sled's page cache, in MiB.
    pub store_cache_mib: u64,
}

/// The `[commons]` section (all optional; used by the harvest).
#[derive(Debug, Clone, Default)]
pub struct CommonsConfig {
    /// The commons room (`#grand-jardin:example.org` or a room id).
    pub room: Option<String>,
    /// Where retours are exported as Markdown and JSON-LD.
    pub export_dir: Option<PathBuf>,
    /// Where retours are POSTed as JSON.
    pub webhook: Option<String>,
    /// The bearer token for the webhook, from `commons.webhook_token_env`.
    pub webhook_token: Option<Secret>,
}

/// The `[metrics]` section: where `/health` and `/metrics` are served (off when absent).
#[derive(Debug, Clone, Default)]
pub struct MetricsConfig {
    /// The address to listen on (`127.0.0.1:9187`).
    pub listen: Option<std::net::SocketAddr>,
}

/// The whole configuration of `tuteur run`, with its secrets resolved.
#[derive(Debug, Clone)]
pub struct Config {
    /// Homeserver and identity.
    pub matrix: MatrixConfig,
    /// Bot behaviour and storage.
    pub bot: BotConfig,
    /// Commons export.
    pub commons: CommonsConfig,
    /// Health and metrics endpoint.
    pub metrics: MetricsConfig,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    matrix: RawMatrix,
    #[serde(default)]
    bot: RawBot,
    #[serde(default)]
    commons: RawCommons,
    #[serde(default)]
    metrics: RawMetrics,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMatrix {
    homeserver: Option<String>,
    user: Option<String>,
    password_env: Option<String>,
    password_file: Option<PathBuf>,
    access_token_env: Option<String>,
    access_token_file: Option<PathBuf>,
    device_name: Option<String>,
    display_name: Option<String>,
    recovery_key_env: Option<String>,
    recovery_key_file: Option<PathBuf>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawBot {
    store: Option<PathBuf>,
    prefix: Option<String>,
    allowed_inviters: Option<Vec<String>>,
    facilitator_power_level: Option<i64>,
    language: Option<String>,
    timezone: Option<String>,
    max_active_runs: Option<i64>,
    store_cache_mib: Option<i64>,
    store_passphrase_env: Option<String>,
    store_passphrase_file: Option<PathBuf>,
    rituals: Option<PathBuf>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawCommons {
    room: Option<String>,
    export_dir: Option<PathBuf>,
    webhook: Option<String>,
    webhook_token_env: Option<String>,
    webhook_token_file: Option<PathBuf>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawMetrics {
    listen: Option<String>,
}

/// How secrets and relative paths are found: the environment, and the configuration
/// file's folder.
struct Ctx<'a> {
    env: &'a dyn Fn(&str) -> Option<String>,
    dir: &'a Path,
}

impl Ctx<'_> {
    /// `path` as written in the file, made absolute against the file's folder.
    fn path(&self, path: &Path) -> PathBuf {
        if path.is_absolute() {
            path.to_owned()
        } else {
            self.dir.join(path)
        }
    }
}

/// The folder relative paths of the file at `path` are resolved against.
fn folder_of(path: &Path) -> PathBuf {
    let dir = path.parent().unwrap_or(Path::new("."));
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    std::path::absolute(dir).unwrap_or_else(|_| dir.to_owned())
}

impl Config {
    /// Reads and checks `path`, reading the secrets from the process environment.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_owned(),
            source,
        })?;
        Config::parse(&text, path, &|name| std::env::var(name).ok())
    }

    /// Checks a configuration text; `env` looks environment variables up (a parameter so
    /// tests need not change the process environment).
    pub fn parse(
        text: &str,
        path: &Path,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Config, ConfigError> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| ConfigError::Parse {
            path: path.to_owned(),
            message: e.to_string().trim_end().to_owned(),
        })?;
        let dir = folder_of(path);
        let ctx = Ctx { env, dir: &dir };
        let store_passphrase = secret_setting(
            raw.bot.store_passphrase_env.as_deref(),
            raw.bot.store_passphrase_file.as_deref(),
            "bot.store_passphrase",
            &ctx,
        )?;
        let mut matrix = matrix(raw.matrix, &ctx)?;
        matrix.store_passphrase = store_passphrase;
        Ok(Config {
            matrix,
            bot: bot(raw.bot, &ctx)?,
            commons: commons(raw.commons, &ctx)?,
            metrics: metrics(raw.metrics)?,
        })
    }
}

/// The settings of the commands that work on the store alone (`tuteur export`,
/// `tuteur digest`): `[bot]` and `[commons]`, checked, without reading any secret.
pub fn load_offline(path: &Path) -> Result<(BotConfig, CommonsConfig), ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
        path: path.to_owned(),
        source,
    })?;
    let raw: RawConfig = toml::from_str(&text).map_err(|e| ConfigError::Parse {
        path: path.to_owned(),
        message: e.to_string().trim_end().to_owned(),
    })?;
    let dir = folder_of(path);
    let ctx = Ctx {
        env: &|_| None,
        dir: &dir,
    };
    let mut raw_commons = raw.commons;
    raw_commons.webhook_token_env = None;
    raw_commons.webhook_token_file = None;
    Ok((bot(raw.bot, &ctx)?, commons(raw_commons, &ctx)?))
}

fn required(value: Option<String>, setting: &str) -> Result<String, ConfigError> {
    match value {
        Some(v) if !v.trim().is_empty() => Ok(v.trim().to_owned()),
        _ => Err(invalid(setting, "missing: this setting is required")),
    }
}

/// A secret given by `<setting>_env` (an environment variable's name) or
/// `<setting>_file` (a file holding it, as systemd's `LoadCredential=` and container
/// secrets provide); None when neither is set. Surrounding whitespace (the file's final
/// newline) is not part of the secret.
fn secret_setting(
    var: Option<&str>,
    file: Option<&Path>,
    setting: &str,
    ctx: &Ctx<'_>,
) -> Result<Option<Secret>, ConfigError> {
    let (env_key, file_key) = (format!("{setting}_env"), format!("{setting}_file"));
    match (var, file) {
        (None, None) => Ok(None),
        (Some(_), Some(_)) => Err(invalid(
            &file_key,
            format!("set either {env_key} or {file_key}, not both"),
        )),
        (Some(var), None) => {
            if var.trim().is_empty() {
                return Err(invalid(&env_key, "names no environment variable"));
            }
            match (ctx.env)(var.trim()) {
                Some(v) if !v.trim().is_empty() => Ok(Some(Secret::new(v.trim()))),
                _ => Err(invalid(
                    &env_key,
                    format!(
                        "the environment variable {} is not set or empty",
                        var.trim()
                    ),
                )),
            }
        }
        (None, Some(file)) => {
            let path = ctx.path(file);
            match std::fs::read_to_string(&path) {
                Ok(v) if !v.trim().is_empty() => Ok(Some(Secret::new(v.trim()))),
                Ok(_) => Err(invalid(
                    &file_key,
                    format!("the file {} is empty", path.display()),
                )),
                Err(e) => Err(invalid(
                    &file_key,
                    format!("cannot read {}: {e}", path.display()),
                )),
            }
        }
    }
}

fn http_url(value: &str, setting: &str) -> Result<String, ConfigError> {
    let url = matrix_sdk::reqwest::Url::parse(value)
        .map_err(|e| invalid(setting, format!("{value:?} is not a URL ({e})")))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(invalid(
            setting,
            format!("{value:?} is not an http(s) URL with a host"),
        ));
    }
    Ok(value.trim_end_matches('/').to_owned())
}

fn matrix(raw: RawMatrix, ctx: &Ctx<'_>) -> Result<MatrixConfig, ConfigError> {
    let homeserver = http_url(
        &required(raw.homeserver, "matrix.homeserver")?,
        "matrix.homeserver",
    )?;
    let user = required(raw.user, "matrix.user")?;
    if matrix_sdk::ruma::UserId::parse(&user).is_err() {
        return Err(invalid(
            "matrix.user",
            format!("{user:?} is not a Matrix user id (expected @name:server)"),
        ));
    }
    let password = secret_setting(
        raw.password_env.as_deref(),
        raw.password_file.as_deref(),
        "matrix.password",
        ctx,
    )?;
    let token = secret_setting(
        raw.access_token_env.as_deref(),
        raw.access_token_file.as_deref(),
        "matrix.access_token",
        ctx,
    )?;
    let pick = |env: Option<&String>, env_key: &'static str, file_key: &'static str| {
        if env.is_some() { env_key } else { file_key }
    };
    let (credentials, credentials_setting) = match (password, token) {
        (Some(p), None) => (
            Credentials::Password(p),
            pick(
                raw.password_env.as_ref(),
                "matrix.password_env",
                "matrix.password_file",
            ),
        ),
        (None, Some(t)) => (
            Credentials::AccessToken(t),
            pick(
                raw.access_token_env.as_ref(),
                "matrix.access_token_env",
                "matrix.access_token_file",
            ),
        ),
        (None, None) => {
            return Err(invalid(
                "matrix.password_env",
                "missing: set matrix.password_env or matrix.password_file (or \
                 matrix.access_token_env or matrix.access_token_file)",
            ));
        }
        (Some(_), Some(_)) => {
            return Err(invalid(
                "matrix.access_token_env",
                "give either a password or an access token, not both",
            ));
        }
    };
    let recovery_key = secret_setting(
        raw.recovery_key_env.as_deref(),
        raw.recovery_key_file.as_deref(),
        "matrix.recovery_key",
        ctx,
    )?;
    let device_name = raw.device_name.unwrap_or_else(|| "tuteur".to_owned());
    if device_name.trim().is_empty() {
        return Err(invalid("matrix.device_name", "must not be empty"));
    }
    let display_name = raw.display_name.unwrap_or_else(|| "tuteur".to_owned());
    if display_name.trim().is_empty() {
        return Err(invalid("matrix.display_name", "must not be empty"));
    }
    Ok(MatrixConfig {
        homeserver,
        user,
        credentials,
        credentials_setting,
        device_name: device_name.trim().to_owned(),
        display_name: display_name.trim().to_owned(),
        recovery_key,
        store_passphrase: None,
    })
}

fn bot(raw: RawBot, ctx: &Ctx<'_>) -> Result<BotConfig, ConfigError> {
    let store = raw.store.unwrap_or_else(|| PathBuf::from("./tuteur-data"));
    if store.as_os_str().is_empty() {
        return Err(invalid("bot.store", "must not be empty"));
    }
    let store = ctx.path(&store);
    let rituals = raw.rituals.map(|r| ctx.path(&r));
    let prefix = raw.prefix.unwrap_or_else(|| "!".to_owned());
    if prefix.is_empty() || prefix.chars().any(char::is_whitespace) || prefix.chars().count() > 3 {
        return Err(invalid(
            "bot.prefix",
            format!("{prefix:?}: expected one to three non-space characters, like \"!\""),
        ));
    }
    let allowed_inviters = raw.allowed_inviters.unwrap_or_default();
    for (i, g) in allowed_inviters.iter().enumerate() {
        if !g.starts_with('@') || !g.contains(':') {
            return Err(invalid(
                &format!("bot.allowed_inviters[{i}]"),
                format!("{g:?}: expected a user id pattern such as \"@*:example.org\""),
            ));
        }
    }
    let facilitator_power_level = raw.facilitator_power_level.unwrap_or(50);
    if !(0..=1_000_000).contains(&facilitator_power_level) {
        return Err(invalid(
            "bot.facilitator_power_level",
            format!("{facilitator_power_level}: expected a power level between 0 and 1000000"),
        ));
    }
    let language = match raw.language {
        None => Lang::Fr,
        Some(l) => Lang::parse(&l)
            .ok_or_else(|| invalid("bot.language", format!("{l:?}: expected \"fr\" or \"en\"")))?,
    };
    let timezone = match raw.timezone {
        None => chrono_tz::Europe::Paris,
        Some(t) => t.trim().parse::<Tz>().map_err(|_| {
            invalid(
                "bot.timezone",
                format!("{t:?}: expected an IANA timezone such as \"Europe/Paris\""),
            )
        })?,
    };
    let max_active_runs = raw
        .max_active_runs
        .unwrap_or(crate::engine::limits::DEFAULT_MAX_ACTIVE_RUNS as i64);
    if !(1..=100).contains(&max_active_runs) {
        return Err(invalid(
            "bot.max_active_runs",
            format!("{max_active_runs}: expected a number of rituals between 1 and 100"),
        ));
    }
    let store_cache_mib = raw
        .store_cache_mib
        .unwrap_or((crate::store::DEFAULT_CACHE_BYTES >> 20) as i64);
    if !(8..=65_536).contains(&store_cache_mib) {
        return Err(invalid(
            "bot.store_cache_mib",
            format!("{store_cache_mib}: expected a size in MiB between 8 and 65536"),
        ));
    }
    Ok(BotConfig {
        store,
        prefix,
        allowed_inviters,
        facilitator_power_level,
        language,
        timezone,
        max_active_runs: max_active_runs as usize,
        rituals,
        store_cache_mib: store_cache_mib as u64,
    })
}

fn commons(raw: RawCommons, ctx: &Ctx<'_>) -> Result<CommonsConfig, ConfigError> {
    // Room ids of room version 12 and later have no server part (`!opaque`).
    if let Some(room) = &raw.room
        && matrix_sdk::ruma::RoomOrAliasId::parse(room).is_err()
    {
        return Err(invalid(
            "commons.room",
            format!("{room:?}: expected a room alias (#name:server) or id (!id)"),
        ));
    }
    let webhook = raw
        .webhook
        .as_deref()
        .map(|w| http_url(w, "commons.webhook"))
        .transpose()?;
    let webhook_token = secret_setting(
        raw.webhook_token_env.as_deref(),
        raw.webhook_token_file.as_deref(),
        "commons.webhook_token",
        ctx,
    )?;
    Ok(CommonsConfig {
        room: raw.room,
        export_dir: raw.export_dir.map(|d| ctx.path(&d)),
        webhook,
        webhook_token,
    })
}

fn metrics(raw: RawMetrics) -> Result<MetricsConfig, ConfigError> {
    let listen = match raw.listen {
        None => None,
        Some(l) => Some(l.trim().parse().map_err(|_| {
            invalid(
                "metrics.listen",
                format!("{l:?}: expected an address and port such as \"127.0.0.1:9187\""),
            )
        })?),
    };
    Ok(MetricsConfig { listen })
}

/// Whether `user` matches one of the `allowed_inviters` globs (`*` any run of
/// characters, `?` one character), case-sensitively as user ids are.
pub fn inviter_allowed(patterns: &[String], user: &str) -> bool {
    patterns
        .iter()
        .any(|p| wildmatch::WildMatch::new(p).matches(user))
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r##"
[matrix]
homeserver = "https://matrix.example.org"
user = "@tuteur:example.org"
password_env = "TUTEUR_PASSWORD"
device_name = "tuteur"
[bot]
store = "./tuteur-data"
prefix = "!"
allowed_inviters = ["@*:example.org"]
facilitator_power_level = 50
language = "fr"
timezone = "Europe/Paris"
[commons]
room = "#grand-jardin:example.org"
export_dir = "./communs"
webhook = "https://wiki.example.org/api/retours"
"##;

    fn env(name: &str) -> Option<String> {
        (name == "TUTEUR_PASSWORD").then(|| "s3cret".to_owned())
    }

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(text, Path::new("tuteur.toml"), &env)
    }

    fn setting_of(err: ConfigError) -> String {
        match err {
            ConfigError::Invalid { setting, .. } => setting,
            other => panic!("expected an invalid setting, got {other}"),
        }
    }

    #[test]
    fn the_spec_example_is_accepted_and_the_secret_hidden() {
        let c = parse(GOOD).expect("valid");
        assert_eq!(c.matrix.homeserver, "https://matrix.example.org");
        assert_eq!(c.bot.facilitator_power_level, 50);
        assert_eq!(c.bot.timezone, chrono_tz::Europe::Paris);
        let shown = format!("{c:?}");
        assert!(!shown.contains("s3cret"), "{shown}");
        assert!(
            matches!(c.matrix.credentials, Credentials::Password(ref s) if s.expose() == "s3cret")
        );
    }

    #[test]
    fn each_bad_setting_is_named() {
        let cases = [
            (
                "homeserver = \"https://matrix.example.org\"",
                "homeserver = \"matrix\"",
                "matrix.homeserver",
            ),
            (
                "user = \"@tuteur:example.org\"",
                "user = \"tuteur\"",
                "matrix.user",
            ),
            (
                "password_env = \"TUTEUR_PASSWORD\"",
                "password_env = \"NOPE\"",
                "matrix.password_env",
            ),
            (
                "timezone = \"Europe/Paris\"",
                "timezone = \"Mars/Olympus\"",
                "bot.timezone",
            ),
            ("language = \"fr\"", "language = \"de\"", "bot.language"),
            (
                "[\"@*:example.org\"]",
                "[\"everyone\"]",
                "bot.allowed_inviters[0]",
            ),
            (
                "webhook = \"https://wiki.example.org/api/retours\"",
                "webhook = \"ftp://x\"",
                "commons.webhook",
            ),
        ];
        for (from, to, setting) in cases {
            let text = GOOD.replace(from, to);
            assert_eq!(setting_of(parse(&text).expect_err(setting)), setting);
        }
        let text = GOOD.replace("password_env = \"TUTEUR_PASSWORD\"\n", "");
        assert_eq!(
            setting_of(parse(&text).expect_err("no secret")),
            "matrix.password_env"
        );
    }

    #[test]
    fn the_commons_room_is_an_alias_or_a_room_id_of_any_room_version() {
        for room in [
            "!abc:example.org",
            "!8FQ8yzfsd_lC6qjJKHhFEkAkhxDAJSuXTnYAIClV6IA",
        ] {
            let text = GOOD.replace("#grand-jardin:example.org", room);
            assert_eq!(
                parse(&text).expect(room).commons.room.as_deref(),
                Some(room)
            );
        }
        for room in ["grand-jardin", "#grand-jardin", ""] {
            let text = GOOD.replace("#grand-jardin:example.org", room);
            assert_eq!(setting_of(parse(&text).expect_err(room)), "commons.room");
        }
    }

    #[test]
    fn an_unknown_key_is_refused_with_its_name() {
        let text = GOOD.replace("prefix = \"!\"", "prefx = \"!\"");
        let err = parse(&text).expect_err("unknown key").to_string();
        assert!(err.contains("prefx"), "{err}");
    }

    #[test]
    fn secrets_come_from_files_and_relative_paths_from_the_file_folder() {
        let dir = tempfile::tempdir().expect("dir");
        std::fs::write(dir.path().join("password"), "from-a-file\n").expect("write");
        std::fs::write(dir.path().join("passphrase"), "store secret").expect("write");
        let text = GOOD
            .replace(
                "password_env = \"TUTEUR_PASSWORD\"",
                "password_file = \"password\"",
            )
            .replace(
                "timezone = \"Europe/Paris\"",
                "timezone = \"Europe/Paris\"\nstore_passphrase_file = \"passphrase\"",
            );
        let path = dir.path().join("tuteur.toml");
        let c = Config::parse(&text, &path, &env).expect("valid");
        assert!(
            matches!(c.matrix.credentials, Credentials::Password(ref s) if s.expose() == "from-a-file")
        );
        assert_eq!(
            c.matrix.store_passphrase.as_ref().map(Secret::expose),
            Some("store secret")
        );
        let folder = std::path::absolute(dir.path()).expect("absolute");
        assert_eq!(c.bot.store, folder.join("./tuteur-data"));
        assert_eq!(c.commons.export_dir, Some(folder.join("./communs")));
    }

    #[test]
    fn a_secret_file_that_cannot_be_read_or_a_secret_given_twice_is_named() {
        let text = GOOD.replace(
            "password_env = \"TUTEUR_PASSWORD\"",
            "password_file = \"/nonexistent/password\"",
        );
        let err = parse(&text).expect_err("no file");
        assert!(err.to_string().contains("/nonexistent/password"), "{err}");
        assert_eq!(setting_of(err), "matrix.password_file");
        let text = GOOD.replace(
            "password_env = \"TUTEUR_PASSWORD\"",
            "password_env = \"TUTEUR_PASSWORD\"\npassword_file = \"x\"",
        );
        assert_eq!(
            setting_of(parse(&text).expect_err("twice")),
            "matrix.password_file"
        );
    }

    #[test]
    fn the_metrics_address_is_checked() {
        let with = |listen: &str| format!("{GOOD}[metrics]\nlisten = {listen:?}\n");
        let c = parse(&with("127.0.0.1:9187")).expect("valid");
        assert_eq!(c.metrics.listen.map(|a| a.port()), Some(9187));
        assert_eq!(
            setting_of(parse(&with("localhost")).expect_err("no port")),
            "metrics.listen"
        );
        assert!(parse(GOOD).expect("valid").metrics.listen.is_none());
    }

    #[test]
    fn inviter_globs() {
        let p = vec!["@*:example.org".to_owned(), "@alice:other.net".to_owned()];
        assert!(inviter_allowed(&p, "@bob:example.org"));
        assert!(inviter_allowed(&p, "@alice:other.net"));
        assert!(!inviter_allowed(&p, "@bob:other.net"));
        assert!(!inviter_allowed(&p, "@bob:example.org.evil"));
        assert!(!inviter_allowed(&[], "@bob:example.org"));
    }

    #[test]
    fn max_active_runs_defaults_to_eight_and_is_bounded() {
        assert_eq!(parse(GOOD).expect("valid").bot.max_active_runs, 8);
        let with = |n: &str| {
            GOOD.replace(
                "language = \"fr\"",
                &format!("max_active_runs = {n}\nlanguage = \"fr\""),
            )
        };
        assert_eq!(parse(&with("3")).expect("3").bot.max_active_runs, 3);
        for bad in ["0", "-1", "101"] {
            assert_eq!(
                setting_of(parse(&with(bad)).expect_err(bad)),
                "bot.max_active_runs"
            );
        }
    }

    #[test]
    fn store_cache_defaults_to_64_mib_and_is_bounded() {
        assert_eq!(parse(GOOD).expect("valid").bot.store_cache_mib, 64);
        let with = |n: &str| {
            GOOD.replace(
                "language = \"fr\"",
                &format!("store_cache_mib = {n}\nlanguage = \"fr\""),
            )
        };
        assert_eq!(parse(&with("16")).expect("16").bot.store_cache_mib, 16);
        for bad in ["0", "7", "-1", "100000"] {
            assert_eq!(
                setting_of(parse(&with(bad)).expect_err(bad)),
                "bot.store_cache_mib"
            );
        }
    }
}
