//! Command line and environment configuration of the `portal` binary.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// The Representative Portal server.
#[derive(Debug, Parser)]
#[command(name = "portal", version, about)]
pub struct Cli {
    /// Settings shared by every command.
    #[command(flatten)]
    pub common: Common,
    /// Settings of the server.
    #[command(flatten)]
    pub serve: ServeArgs,
    /// What to do; `serve` when omitted.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web server, the mail delivery worker and the cleanup jobs (the default).
    Serve,
    /// Apply database migrations and exit.
    Migrate,
    /// Fill the database with realistic synthetic representatives and applications.
    Seed(SeedArgs),
    /// Warn of drafts near their last day and delete those past it, once, and exit (the
    /// server also does it hourly).
    ExpireDrafts {
        /// Treat this UTC day (yyyy-mm-dd) as today instead of the real one.
        #[arg(long)]
        today: Option<String>,
    },
    /// Fill an empty database with the guide's examples (an officer, a representative,
    /// the Incredible family's refugee claims) and print how to sign in.
    Demo,
    /// Manage officer accounts.
    Officer {
        /// What to do with officers.
        #[command(subcommand)]
        command: OfficerCommand,
    },
}

/// Officer management.
#[derive(Debug, Subcommand)]
pub enum OfficerCommand {
    /// Create an officer account and print its one-time password.
    Create {
        /// The officer's email address.
        #[arg(long)]
        email: String,
        /// Given name.
        #[arg(long, default_value = "Portal")]
        given_name: String,
        /// Surname.
        #[arg(long, default_value = "Officer")]
        surname: String,
        /// Language of the officer's emails: en or fr.
        #[arg(long, default_value = "en")]
        language: String,
    },
}

/// Settings of `seed`.
#[derive(Debug, Args)]
pub struct SeedArgs {
    /// Representatives to create (approved accounts).
    #[arg(long, default_value_t = 1_000)]
    pub representatives: u32,
    /// Applications to create in all.
    #[arg(long, default_value_t = 1_000_000)]
    pub applications: u64,
    /// Applications of the one heavy representative (part of the total).
    #[arg(long, default_value_t = 20_000)]
    pub heavy: u64,
    /// The password of every seeded representative.
    #[arg(long, default_value = "Seeded#Portal2026")]
    pub password: String,
    /// Seed of the random generator, for reproducible data.
    #[arg(long, default_value_t = 2026)]
    pub seed: u64,
}

/// Log output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line.
    Json,
}

/// Settings every command reads.
#[derive(Debug, Args)]
pub struct Common {
    /// Database URL: `sqlite://path?mode=rwc` or `postgres://user@host/db`.
    #[arg(
        long,
        env = "PORTAL_DATABASE_URL",
        default_value = "sqlite://data/portal.sqlite?mode=rwc",
        global = true
    )]
    pub database_url: String,
    /// Most database connections kept open; by default 4 for SQLite, 10 for PostgreSQL.
    #[arg(long, env = "PORTAL_DATABASE_POOL_SIZE", global = true)]
    pub database_pool_size: Option<u32>,
    /// Log format.
    #[arg(
        long,
        env = "PORTAL_LOG_FORMAT",
        value_enum,
        default_value = "text",
        global = true
    )]
    pub log_format: LogFormat,
    /// Minimum password length.
    #[arg(
        long,
        env = "PORTAL_PASSWORD_MIN_LENGTH",
        default_value_t = 8,
        global = true
    )]
    pub password_min_length: usize,
    /// Maximum password length.
    #[arg(
        long,
        env = "PORTAL_PASSWORD_MAX_LENGTH",
        default_value_t = 16,
        global = true
    )]
    pub password_max_length: usize,
    /// Require upper case, lower case, digit and special characters (true or false).
    #[arg(long, env = "PORTAL_PASSWORD_COMPOSITION", default_value_t = true, action = clap::ArgAction::Set, global = true)]
    pub password_composition: bool,
    /// Minimum zxcvbn score of a password, 0 to 4 (0 turns the check off).
    #[arg(
        long,
        env = "PORTAL_PASSWORD_MIN_SCORE",
        default_value_t = 3,
        global = true
    )]
    pub password_min_score: u8,
    /// Password hashes computed at once (default: the number of cores).
    #[arg(long, env = "PORTAL_HASH_CONCURRENCY", global = true)]
    pub hash_concurrency: Option<usize>,
}

/// Settings of `serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on; port 0 picks a free port (the address is printed).
    #[arg(
        long,
        global = true,
        env = "PORTAL_LISTEN",
        default_value = "127.0.0.1:8080"
    )]
    pub listen: SocketAddr,
    /// The portal's public address, written into emails (default: http://<listen>).
    #[arg(long, global = true, env = "PORTAL_PUBLIC_BASE_URL")]
    pub public_base_url: Option<String>,
    /// Send mail by SMTP, e.g. `smtp://127.0.0.1:25` or `smtps://user:pass@host`.
    #[arg(long, global = true, env = "PORTAL_SMTP_URL")]
    pub smtp_url: Option<String>,
    /// Without SMTP, write mail as .eml files into this folder.
    #[arg(
        long,
        global = true,
        env = "PORTAL_OUTBOX_DIR",
        default_value = "data/outbox"
    )]
    pub outbox_dir: PathBuf,
    /// The From address of outgoing mail.
    #[arg(
        long,
        global = true,
        env = "PORTAL_MAIL_FROM",
        default_value = "Representative Portal <no-reply@portal.localhost>"
    )]
    pub mail_from: String,
    /// How often the mail worker looks for queued mail, in milliseconds.
    #[arg(
        long,
        global = true,
        env = "PORTAL_OUTBOX_POLL_MS",
        default_value_t = 500
    )]
    pub outbox_poll_ms: u64,
    /// Minutes without a request after which a session ends.
    #[arg(
        long,
        global = true,
        env = "PORTAL_SESSION_IDLE_MINUTES",
        default_value_t = 30
    )]
    pub session_idle_minutes: i64,
    /// Hours after sign-in after which a session ends whatever its use.
    #[arg(
        long,
        global = true,
        env = "PORTAL_SESSION_ABSOLUTE_HOURS",
        default_value_t = 12
    )]
    pub session_absolute_hours: i64,
    /// Seconds of each wait imposed after the free sign-in failures of an email (from one
    /// address, or from every address), the last repeating.
    #[arg(
        long,
        global = true,
        env = "PORTAL_SIGN_IN_WAITS",
        value_delimiter = ',',
        default_value = "1,3,5,10,30,60"
    )]
    pub sign_in_waits: Vec<u32>,
    /// Minutes a password reset code stays valid.
    #[arg(
        long,
        global = true,
        env = "PORTAL_RESET_CODE_MINUTES",
        default_value_t = 10
    )]
    pub reset_code_minutes: i64,
    /// Sign-in, enrolment and reset requests per minute from one address (0: no limit).
    #[arg(
        long,
        global = true,
        env = "PORTAL_AUTH_RATE_LIMIT",
        default_value_t = 30
    )]
    pub auth_rate_limit: u32,
    /// The key (64 hexadecimal digits) that seals the pages' form tokens. Every process of
    /// one deployment must be given the same key; unset, each process draws its own.
    #[arg(long, global = true, env = "PORTAL_FORM_KEY", value_parser = parse_form_key, hide_env_values = true)]
    pub form_key: Option<FormKeyArg>,
    /// Folder where uploaded documents are stored (under generated names).
    #[arg(
        long,
        global = true,
        env = "PORTAL_DOCUMENTS_DIR",
        default_value = "data/documents"
    )]
    pub documents_dir: PathBuf,
    /// Days after creation a draft can still be submitted.
    #[arg(
        long,
        global = true,
        env = "PORTAL_DRAFT_LIFETIME_DAYS",
        default_value_t = 60
    )]
    pub draft_lifetime_days: u16,
    /// Largest document upload, in megabytes.
    #[arg(long, global = true, env = "PORTAL_MAX_UPLOAD_MB", default_value_t = 4)]
    pub max_upload_mb: u64,
    /// Days before a draft's last day that its owner is warned, once, by message and email.
    #[arg(
        long,
        global = true,
        env = "PORTAL_EXPIRY_WARNING_DAYS",
        default_value_t = 7
    )]
    pub expiry_warning_days: u16,
    /// Seconds between runs of the draft expiry job (warnings, then deletions).
    #[arg(
        long,
        global = true,
        env = "PORTAL_EXPIRY_INTERVAL_SECONDS",
        default_value_t = 3600
    )]
    pub expiry_interval_seconds: u64,
    /// Where `/metrics` (with `/healthz` and `/readyz`) is served, apart from the public
    /// listener; `off` serves no metrics. Port 0 picks a free one (printed on stdout).
    #[arg(
        long,
        global = true,
        env = "PORTAL_METRICS_LISTEN",
        default_value = "127.0.0.1:9180"
    )]
    pub metrics_listen: MetricsListen,
    /// Seconds a client has to send a complete request head.
    #[arg(
        long,
        global = true,
        env = "PORTAL_HEADER_TIMEOUT_SECONDS",
        default_value_t = 10
    )]
    pub header_timeout_seconds: u64,
    /// Seconds a client has to send a request's whole body, counted from its arrival.
    #[arg(
        long,
        global = true,
        env = "PORTAL_BODY_TIMEOUT_SECONDS",
        default_value_t = 60
    )]
    pub body_timeout_seconds: u64,
    /// Seconds an idle keep-alive connection stays open.
    #[arg(
        long,
        global = true,
        env = "PORTAL_KEEP_ALIVE_SECONDS",
        default_value_t = 30
    )]
    pub keep_alive_seconds: u64,
    /// Most connections open at once (lowered to what the open-file limit allows).
    #[arg(
        long,
        global = true,
        env = "PORTAL_MAX_CONNECTIONS",
        default_value_t = 4096
    )]
    pub max_connections: usize,
    /// Seconds to let open requests finish on shutdown.
    #[arg(
        long,
        global = true,
        env = "PORTAL_SHUTDOWN_GRACE_SECONDS",
        default_value_t = 10
    )]
    pub shutdown_grace_seconds: u64,
}

/// The address of the operations listener, or none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MetricsListen {
    /// Serve the operations endpoints here.
    At(SocketAddr),
    /// Do not serve them.
    Off,
}

impl std::str::FromStr for MetricsListen {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.eq_ignore_ascii_case("off") {
            return Ok(Self::Off);
        }
        s.parse()
            .map(Self::At)
            .map_err(|_| format!("expected an address such as 127.0.0.1:9180, or off; got {s:?}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }

    #[test]
    fn the_metrics_listener_is_an_address_or_off() {
        assert_eq!("off".parse::<MetricsListen>(), Ok(MetricsListen::Off));
        assert_eq!(
            "127.0.0.1:0".parse::<MetricsListen>(),
            Ok(MetricsListen::At(SocketAddr::from(([127, 0, 0, 1], 0))))
        );
        assert!("nowhere".parse::<MetricsListen>().is_err());
    }
}

/// A form key given on the command line or in the environment.
#[derive(Clone)]
pub struct FormKeyArg(pub [u8; 32]);

impl std::fmt::Debug for FormKeyArg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FormKeyArg([redacted])")
    }
}

fn parse_form_key(raw: &str) -> Result<FormKeyArg, String> {
    let raw = raw.trim();
    if raw.len() != 64 || !raw.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err("the form key must be 64 hexadecimal digits (32 bytes)".to_owned());
    }
    let mut key = [0_u8; 32];
    for (i, byte) in key.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&raw[2 * i..2 * i + 2], 16).map_err(|e| e.to_string())?;
    }
    Ok(FormKeyArg(key))
}
