//! The `tuteur` command line: `shell`, `run`, `check`, `backup`, `restore`,
//! `rituals check`, `export`, `digest`. Exit codes are those of [`tuteur::ops::exit`].

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};
use tuteur::config::Config;
use tuteur::engine::{Engine, EngineConfig};
use tuteur::harvest::folder::Format;
use tuteur::i18n;
use tuteur::model::{GardenId, Lang, RunId, RunKind};
use tuteur::ops::exit;
use tuteur::rituals::load::{Rituals, check_paths};
use tuteur::shell::{ShellOptions, run as run_shell, shell_clock};
use tuteur::store::{SledStore, Store, Tree};

/// mimalloc: the engine allocates many small short-lived values per event (parsed
/// commands, encoded records); measured with `benches/engine.rs`.
#[cfg(not(feature = "system-alloc"))]
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// tuteur: a Matrix bot that runs the rituals of peer-learning gardens.
#[derive(Debug, Parser)]
#[command(name = "tuteur", version, about)]
struct Cli {
    /// Log format on standard error: text, or json (one object per line) for log collectors.
    #[arg(
        long,
        global = true,
        env = "TUTEUR_LOG_FORMAT",
        value_enum,
        default_value = "text"
    )]
    log_format: LogFormat,
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line.
    Json,
}

/// A language of gardens and of operator output.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum LangArg {
    /// French.
    Fr,
    /// English.
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Fr => Lang::Fr,
            LangArg::En => Lang::En,
        }
    }
}

/// What `tuteur export` writes.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum FormatArg {
    /// One Markdown file per retour, with front matter.
    #[value(alias = "md")]
    Markdown,
    /// index.jsonld, a schema.org index, and the vocabulary beside it (communs.jsonld).
    #[value(alias = "json-ld")]
    Jsonld,
    /// retours.csv, one row per retour, for spreadsheets.
    Csv,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Markdown => Format::Markdown,
            FormatArg::Jsonld => Format::Jsonld,
            FormatArg::Csv => Format::Csv,
        }
    }
}

#[derive(Debug, Subcommand)]
enum Cmd {
    /// Try the rituals in the terminal, with no homeserver (reads standard input to its end).
    Shell {
        /// Store folder (sled).
        #[arg(long, default_value = "./tuteur-data")]
        store: PathBuf,
        /// Garden name.
        #[arg(long, default_value = "demo")]
        garden: String,
        /// The garden's joined members, comma-separated.
        #[arg(
            long,
            value_delimiter = ',',
            default_value = "alice,bob,carol,dominique"
        )]
        members: Vec<String>,
        /// Facilitators, comma-separated (default: the first member).
        #[arg(long, value_delimiter = ',')]
        facilitators: Vec<String>,
        /// Language of a new garden.
        #[arg(long, value_enum, default_value = "fr")]
        lang: LangArg,
        /// Seed of the random speaking orders.
        #[arg(long, default_value_t = 0)]
        seed: u64,
        /// A folder of extra ritual files.
        #[arg(long)]
        rituals: Option<PathBuf>,
    },
    /// Run the Matrix bot (stops on SIGTERM/SIGINT; see docs/operate.md).
    Run {
        /// The configuration file.
        #[arg(long, env = "TUTEUR_CONFIG", default_value = "tuteur.toml")]
        config: PathBuf,
    },
    /// Check a configuration before running it: settings, secrets, homeserver, login,
    /// store, rituals. One line per check; exit 0 when all is well, 78 for a setting or
    /// credential to fix, 69 when the homeserver cannot be reached.
    Check {
        /// The configuration file.
        #[arg(long, env = "TUTEUR_CONFIG", default_value = "tuteur.toml")]
        config: PathBuf,
        /// Language of the report (default: from LANG, else bot.language).
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
    },
    /// Write an archive of the garden memory (asks the running bot when there is one).
    #[command(group = clap::ArgGroup::new("source").required(true).args(["config", "store"]))]
    Backup {
        /// The bot's configuration file: its `bot.store` is saved.
        #[arg(long, env = "TUTEUR_CONFIG")]
        config: Option<PathBuf>,
        /// Store folder (sled).
        #[arg(long)]
        store: Option<PathBuf>,
        /// The archive to write (replaced atomically).
        #[arg(long)]
        out: PathBuf,
        /// Language of the output (default: from LANG).
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
    },
    /// Restore an archive of `tuteur backup` into an empty or missing store folder.
    #[command(group = clap::ArgGroup::new("target").required(true).args(["config", "store"]))]
    Restore {
        /// The bot's configuration file: its `bot.store` is restored into.
        #[arg(long, env = "TUTEUR_CONFIG")]
        config: Option<PathBuf>,
        /// Store folder (sled).
        #[arg(long)]
        store: Option<PathBuf>,
        /// The archive to read.
        #[arg(long)]
        from: PathBuf,
        /// Language of the output (default: from LANG).
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
    },
    /// Write the commons (the retours of gardens that share) from the store to a folder.
    #[command(group = clap::ArgGroup::new("source").required(true).args(["config", "store"]))]
    Export {
        /// The bot's configuration file: its `bot.store` is read.
        #[arg(long)]
        config: Option<PathBuf>,
        /// Store folder (sled), e.g. the shell's `./tuteur-data`.
        #[arg(long)]
        store: Option<PathBuf>,
        /// Only this garden (refused if it does not share with the commons).
        #[arg(long)]
        garden: Option<String>,
        /// What to write.
        #[arg(long, value_enum)]
        format: FormatArg,
        /// Output folder (created if needed).
        #[arg(long)]
        out: PathBuf,
    },
    /// Print the current week's digest of a garden, without posting it.
    Digest {
        /// The garden (its Matrix room id, or the shell's garden name).
        #[arg(long)]
        garden: String,
        /// The bot's configuration file: its `bot.store` is read.
        #[arg(long, conflicts_with = "store")]
        config: Option<PathBuf>,
        /// Store folder (sled).
        #[arg(long, default_value = "./tuteur-data")]
        store: PathBuf,
    },
    /// Ritual files.
    Rituals {
        #[command(subcommand)]
        command: RitualsCmd,
    },
}

#[derive(Debug, Subcommand)]
enum RitualsCmd {
    /// Check ritual files: the built-ins, and every *.toml of the folders given. Every
    /// problem at once, as file:line:column; exit 0 when there is no error (warnings are
    /// shown), 65 otherwise.
    Check {
        /// Folders or files to check.
        paths: Vec<PathBuf>,
        /// Language of the report (default: from LANG).
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
    },
}

/// How often, at most, a worker going idle gives free pages back.
#[cfg(not(feature = "system-alloc"))]
const GIVE_BACK_EVERY: std::time::Duration = std::time::Duration::from_secs(1);

/// A worker thread going idle gives the allocator's free pages back to the system, at
/// most every [`GIVE_BACK_EVERY`]. mimalloc frees a block that another thread freed (an
/// async task's blocks often are) only when the thread that allocated it looks at that page
/// again, and a worker idle after a burst does not: without this, the memory of a
/// catch-up stays resident (`scripts/bench-scale`: a minute after a catch-up over 200
/// gardens, 44–54% above rest without it, 21–27% with it).
fn give_back_free_pages() {
    #[cfg(not(feature = "system-alloc"))]
    {
        use std::cell::Cell;
        use std::time::Instant;
        thread_local!(static LAST: Cell<Option<Instant>> = const { Cell::new(None) });
        let now = Instant::now();
        if LAST
            .get()
            .is_none_or(|at| now.duration_since(at) >= GIVE_BACK_EVERY)
        {
            LAST.set(Some(now));
            // SAFETY: mi_collect has no preconditions: it walks and frees the calling
            // thread's own pages and purges the free ones.
            #[allow(unsafe_code)]
            unsafe {
                libmimalloc_sys::mi_collect(true)
            };
        }
    }
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .on_thread_park(give_back_free_pages)
        .enable_all()
        .build()
        .context("starting the async runtime")
}

/// Loads the configuration (a bad setting stops here, named) and runs the bot.
fn run_bot(path: &Path) -> anyhow::Result<()> {
    let config = Config::load(path)?;
    runtime()?.block_on(tuteur::matrix::run(config))?;
    Ok(())
}

/// `tuteur check`: prints the report; its exit code.
fn check(path: &Path, lang: Option<LangArg>) -> anyhow::Result<u8> {
    let lang = tuteur::ops::check::lang_for(path, lang.map(Lang::from));
    let report = runtime()?.block_on(tuteur::ops::check::run(path, lang));
    for line in &report.lines {
        println!("{}", line.shown());
    }
    println!("{}", tuteur::ops::check::summary(lang, &report));
    Ok(report.code())
}

/// Opens an existing store (never creates one: a typo in `--store` must not look like an
/// empty garden).
fn open_store(dir: &Path) -> anyhow::Result<SledStore> {
    Ok(tuteur::store_dir::open_store(dir, false)?)
}

/// The store folder named by `--store`, or by `bot.store` of `--config`.
fn store_dir(config: Option<&Path>, store: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    match (config, store) {
        (Some(path), _) => Ok(tuteur::config::load_offline(path)?.0.store),
        (None, Some(store)) => Ok(store),
        (None, None) => anyhow::bail!("give --config FILE or --store DIR"),
    }
}

fn export(store: &Path, garden: Option<String>, format: Format, out: &Path) -> anyhow::Result<()> {
    let store = open_store(store)?;
    let garden = garden.map(GardenId::new);
    let n = tuteur::harvest::folder::export(&store, garden.as_ref(), format, out)?;
    let noun = if n == 1 { "retour" } else { "retours" };
    println!("{n} {noun} exported to {}", out.display());
    Ok(())
}

fn digest(store: &Path, garden: &str) -> anyhow::Result<()> {
    let store = open_store(store)?;
    let id = GardenId::new(garden);
    if store.get(Tree::Gardens, id.as_str().as_bytes())?.is_none() {
        anyhow::bail!("no garden {garden:?} in this store");
    }
    let engine = Engine::new(Rituals::builtin(), EngineConfig::default());
    let clock = shell_clock(&store, &id)?;
    let (digest, g) = engine.current_digest(&store, &clock, &id)?;
    let (lang, tz) = (g.settings.lang, g.settings.tz);
    // A preview has no number yet: it is shown as the next one the garden will post.
    let next = RunId::new(
        RunKind::Digest,
        g.counters.get(&RunKind::Digest).copied().unwrap_or(0) + 1,
    );
    println!("{}", i18n::render(lang, tz, &digest.summary(next)).body);
    println!();
    println!("{}", i18n::render(lang, tz, &digest.details(next)).body);
    Ok(())
}

/// The language of a command's output: `--lang`, else `LANG`, else the config's.
fn out_lang(flag: Option<LangArg>, config: Option<&Path>) -> Lang {
    let from_config = config
        .and_then(|p| tuteur::config::load_offline(p).ok())
        .map(|(bot, _)| bot.language);
    tuteur::ops::operator_lang(flag.map(Lang::from), from_config)
}

fn init_logs(format: LogFormat, default: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("TUTEUR_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Json => logs.json().init(),
        LogFormat::Text => logs.with_ansi(std::io::stderr().is_terminal()).init(),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let default_log = match cli.command {
        Cmd::Run { .. } => tuteur::matrix::RUN_LOG,
        _ => "warn",
    };
    init_logs(cli.log_format, default_log);
    let result = match cli.command {
        Cmd::Run { config } => run_bot(&config),
        Cmd::Check { config, lang } => match check(&config, lang) {
            Ok(code) => return ExitCode::from(code),
            Err(e) => Err(e),
        },
        Cmd::Backup {
            config,
            store,
            out,
            lang,
        } => {
            let lang = out_lang(lang, config.as_deref());
            store_dir(config.as_deref(), store).and_then(|store| {
                let done = runtime()?.block_on(tuteur::ops::backup::backup(&store, &out, lang))?;
                println!(
                    "{}",
                    tuteur::ops::backup::done_line(lang, "backup-done", &out, &done)
                );
                Ok(())
            })
        }
        Cmd::Restore {
            config,
            store,
            from,
            lang,
        } => {
            let lang = out_lang(lang, config.as_deref());
            store_dir(config.as_deref(), store).and_then(|store| {
                let done = tuteur::ops::backup::restore(&store, &from, lang)?;
                println!(
                    "{}",
                    tuteur::ops::backup::done_line(lang, "restore-done", &store, &done)
                );
                Ok(())
            })
        }
        Cmd::Shell {
            store,
            garden,
            members,
            facilitators,
            lang,
            seed,
            rituals,
        } => run_shell(ShellOptions {
            store,
            garden,
            members: members
                .into_iter()
                .filter(|m| !m.trim().is_empty())
                .collect(),
            facilitators,
            lang: lang.into(),
            seed,
            rituals,
        }),
        Cmd::Export {
            config,
            store,
            garden,
            format,
            out,
        } => store_dir(config.as_deref(), store)
            .and_then(|store| export(&store, garden, format.into(), &out)),
        Cmd::Digest {
            garden,
            config,
            store,
        } => store_dir(config.as_deref(), Some(store)).and_then(|store| digest(&store, &garden)),
        Cmd::Rituals {
            command: RitualsCmd::Check { paths, lang },
        } => {
            let lang = out_lang(lang, None);
            let diags = check_paths(&paths);
            for d in &diags {
                println!("{}", d.render(lang));
            }
            if !diags.iter().any(|d| d.is_error()) {
                println!("ok");
                Ok(())
            } else {
                return ExitCode::from(exit::DATA);
            }
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("tuteur: {e:#}");
            ExitCode::from(exit::code_of(&e))
        }
    }
}
