//! The `tuteur` command line: `shell`, `run`, `rituals check`, `export`, `digest`.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};
use tuteur::config::Config;
use tuteur::engine::{Engine, EngineConfig};
use tuteur::harvest::folder::Format;
use tuteur::i18n;
use tuteur::model::{GardenId, Lang, RunId, RunKind};
use tuteur::rituals::load::{Rituals, check_paths};
use tuteur::shell::{ShellOptions, run as run_shell, shell_clock};
use tuteur::store::{SledStore, Store, Tree};

/// mimalloc: the engine allocates many small short-lived values per event (parsed
/// commands, encoded records); measured with `benches/engine.rs`.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// tuteur: a Matrix bot that runs the rituals of peer-learning gardens.
#[derive(Debug, Parser)]
#[command(name = "tuteur", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
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
        /// Language of a new garden: fr or en.
        #[arg(long, default_value = "fr", value_parser = parse_lang)]
        lang: Lang,
        /// Seed of the random speaking orders.
        #[arg(long, default_value_t = 0)]
        seed: u64,
        /// A folder of extra ritual files.
        #[arg(long)]
        rituals: Option<PathBuf>,
    },
    /// Run the Matrix bot (reads the configuration of SPEC §5; stops on SIGTERM/SIGINT).
    Run {
        /// The configuration file (tuteur.toml).
        #[arg(long, default_value = "tuteur.toml")]
        config: PathBuf,
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
        /// markdown (one file per retour, with front matter), jsonld (index.jsonld and the
        /// vocabulary, communs.jsonld) or csv (retours.csv).
        #[arg(long, value_parser = parse_format)]
        format: Format,
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
    /// Check ritual files: the built-ins, and every *.toml of the folders given.
    Check {
        /// Folders or files to check.
        paths: Vec<PathBuf>,
    },
}

/// Loads the configuration (a bad setting stops here, named) and runs the bot.
fn run_bot(path: &Path) -> anyhow::Result<()> {
    let config = Config::load(path)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(tuteur::matrix::run(config))?;
    Ok(())
}

fn parse_format(s: &str) -> Result<Format, String> {
    match s.trim().to_ascii_lowercase().as_str() {
        "markdown" | "md" => Ok(Format::Markdown),
        "jsonld" | "json-ld" => Ok(Format::Jsonld),
        "csv" => Ok(Format::Csv),
        _ => Err(format!(
            "unknown format {s:?}: expected markdown, jsonld or csv"
        )),
    }
}

/// Opens an existing store (never creates one: a typo in `--store` must not look like an
/// empty garden).
fn open_store(dir: &Path) -> anyhow::Result<SledStore> {
    if !dir.is_dir() {
        anyhow::bail!("no store at {}", dir.display());
    }
    SledStore::open(dir).with_context(|| {
        format!(
            "opening the store at {} (a running `tuteur run` keeps it locked: stop it first; \
             it writes commons.export_dir itself)",
            dir.display()
        )
    })
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
    println!("{n} retour(s) exported to {}", out.display());
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

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| format!("unknown language {s:?}: expected fr or en"))
}

/// The default log filter of `tuteur run`: the bot's own news, the SDK's warnings, and
/// none of its per-request or crypto chatter.
const RUN_LOG: &str =
    "info,matrix_sdk=warn,matrix_sdk::http_client=off,matrix_sdk_crypto=error,matrix_sdk_base=warn";

fn main() -> ExitCode {
    let cli = Cli::parse();
    let default_log = match cli.command {
        Cmd::Run { .. } => RUN_LOG,
        _ => "warn",
    };
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("TUTEUR_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default_log)),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
    let result = match cli.command {
        Cmd::Run { config } => run_bot(&config),
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
            lang,
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
            .and_then(|store| export(&store, garden, format, &out)),
        Cmd::Digest {
            garden,
            config,
            store,
        } => store_dir(config.as_deref(), Some(store)).and_then(|store| digest(&store, &garden)),
        Cmd::Rituals {
            command: RitualsCmd::Check { paths },
        } => {
            let diags = check_paths(&paths);
            for d in &diags {
                println!("{d}");
            }
            if diags.is_empty() {
                println!("ok");
                Ok(())
            } else {
                return ExitCode::FAILURE;
            }
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("tuteur: {e:#}");
            ExitCode::FAILURE
        }
    }
}
