//! The `tuteur` command line: `shell`, `run`, `rituals check` (and, in later issues,
//! `export`, `digest`).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};
use tuteur::config::Config;
use tuteur::model::Lang;
use tuteur::rituals::load::check_paths;
use tuteur::shell::{ShellOptions, run as run_shell};

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
fn run_bot(path: &std::path::Path) -> anyhow::Result<()> {
    let config = Config::load(path)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(tuteur::matrix::run(config))?;
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
