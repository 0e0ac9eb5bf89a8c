//! The soak run: mixed traffic at a steady rate against a fresh database for a long time,
//! then the errors, each operation's p99 at the start and at the end, and the server's
//! resident memory minute by minute.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::measure::Memory;

/// How long and how fast.
#[derive(Debug, Clone, Copy)]
pub struct SoakPlan {
    /// Length of the run.
    pub minutes: u64,
    /// Requests started per second, whatever the answers' speed (an open loop).
    pub rate: u32,
    /// Representatives sharing the traffic.
    pub representatives: usize,
}

const PASSWORD: &str = "Maple#Tundra42x";
const PDF: &[u8] = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n%%EOF\n";

/// Where a representative's current application stands.
#[derive(Debug, Clone)]
enum Step {
    Start,
    Save { id: String, section: usize },
    Checklist { id: String },
    Upload { id: String, items: Vec<String> },
    Submit { id: String },
}

/// A signed-in representative and the application being prepared.
#[derive(Debug)]
struct Representative {
    email: String,
    token: String,
    step: tokio::sync::Mutex<Step>,
}

/// One answer: the operation, when it started (seconds into the run), how long it took,
/// and whether its status was the expected one.
#[derive(Debug, Clone)]
struct Sample {
    operation: &'static str,
    at: f64,
    took: Duration,
    ok: bool,
    /// The status of a failed request (0: no answer), for the report.
    status: u16,
}

/// Runs the soak against the server at `url` (process `pid`) and prints the report.
pub async fn soak(url: &str, pid: u32, officer: &str, plan: SoakPlan) {
    let http = reqwest::Client::new();
    let mut representatives = Vec::new();
    for n in 0..plan.representatives {
        let email = format!("soak{n}@cicc.example.com");
        representatives.push(Arc::new(enrol(&http, url, officer, &email).await));
    }
    let representatives = Arc::new(representatives);
    let samples: Arc<Mutex<Vec<Sample>>> = Arc::default();
    let memory: Arc<Mutex<Vec<(u64, Memory)>>> = Arc::default();
    let started = Instant::now();
    let length = Duration::from_secs(plan.minutes * 60);
    let mut tick = tokio::time::interval(Duration::from_secs(1) / plan.rate.max(1));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
    let mut sequence: u64 = 0;
    let mut tasks = tokio::task::JoinSet::new();
    println!(
        "soak: {} minutes at {} requests/s over {} representatives",
        plan.minutes, plan.rate, plan.representatives
    );
    // Memory once a minute, from minute 0 to the end, beside the traffic.
    let sampler = {
        let memory = memory.clone();
        let samples = samples.clone();
        let minutes = plan.minutes;
        tokio::spawn(async move {
            for minute in 0..=minutes {
                tokio::time::sleep_until((started + Duration::from_secs(minute * 60)).into()).await;
                if let Some(m) = resting_memory(pid).await {
                    println!(
                        "minute {minute:>2}: {} kB resident ({} kB anonymous), {} requests so far",
                        m.rss,
                        m.anonymous,
                        samples.lock().unwrap().len()
                    );
                    memory.lock().unwrap().push((minute, m));
                }
            }
        })
    };
    while started.elapsed() < length {
        tick.tick().await;
        sequence += 1;
        let http = http.clone();
        let url = url.to_owned();
        let representatives = representatives.clone();
        let samples = samples.clone();
        let at = started.elapsed().as_secs_f64();
        tasks.spawn(async move {
            let representative = &representatives[(sequence as usize) % representatives.len()];
            let begun = Instant::now();
            let (operation, status) = one_request(&http, &url, representative, sequence).await;
            samples.lock().unwrap().push(Sample {
                operation,
                at,
                took: begun.elapsed(),
                ok: is_success(status),
                status,
            });
        });
        while tasks.try_join_next().is_some() {}
    }
    while tasks.join_next().await.is_some() {}
    let _ = sampler.await;
    report(&samples.lock().unwrap(), &memory.lock().unwrap(), plan);
}

/// The lowest of five reads 50 ms apart: a hash in progress holds 19 MiB of working memory
/// for some 15 ms, which is not what stays resident.
async fn resting_memory(pid: u32) -> Option<Memory> {
    let mut lowest: Option<Memory> = None;
    for _ in 0..5 {
        if let Some(now) = Memory::of(pid)
            && lowest.is_none_or(|l| now.rss < l.rss)
        {
            lowest = Some(now);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    lowest
}

/// Enrols, approves and signs in one representative.
async fn enrol(http: &reqwest::Client, url: &str, officer: &str, email: &str) -> Representative {
    let client = portal_e2e::Client {
        http: http.clone(),
        url: url.to_owned(),
    };
    client.enrol_and_approve(officer, email).await;
    let token = sign_in(http, url, email)
        .await
        .expect("the representative signs in");
    Representative {
        email: email.to_owned(),
        token,
        step: tokio::sync::Mutex::new(Step::Start),
    }
}

async fn sign_in(http: &reqwest::Client, url: &str, email: &str) -> Result<String, u16> {
    let response = http
        .post(format!("{url}/api/v1/sessions"))
        .json(&json!({"email": email, "password": PASSWORD}))
        .send()
        .await
        .map_err(|_| 0u16)?;
    let status = response.status().as_u16();
    let body: Value = response.json().await.map_err(|_| status)?;
    body["token"].as_str().map(str::to_owned).ok_or(status)
}

/// The sections of a visitor visa, in order.
fn sections() -> [(&'static str, Value); 4] {
    [
        (
            "identity",
            json!({"date_of_birth": "1985-04-12", "sex": "female", "country_of_birth": "France", "citizenship": "France", "marital_status": "married"}),
        ),
        (
            "contact",
            json!({"address": "12 rue des Lilas", "city": "Lyon", "country": "France", "telephone": "33472000000"}),
        ),
        (
            "passport",
            json!({"number": "18AB12345", "issuing_country": "France", "issue_date": "2020-02-01", "expiry_date": "2035-02-01"}),
        ),
        (
            "visit",
            json!({"purpose": "tourism", "arrival_date": "2035-06-01", "departure_date": "2035-06-20", "funds": "8000"}),
        ),
    ]
}

const SEARCHES: [&str; 5] = [
    "/api/v1/applications",
    "/api/v1/applications?status=submitted&sort=date_submitted&order=desc",
    "/api/v1/applications?applicant_name=hel&per_page=10",
    "/api/v1/applications?application_type=visitor_visa&status=submitted",
    "/api/v1/applications?status=in_progress&page=2&per_page=5",
];

/// Sends the request that `sequence` calls for; returns its operation and whether it
/// succeeded. The mix: 40% preparing and submitting applications, 30% table searches,
/// 10% sign-in and sign-out, 10% reset requests, 10% the account profile.
async fn one_request(
    http: &reqwest::Client,
    url: &str,
    representative: &Representative,
    sequence: u64,
) -> (&'static str, u16) {
    let slot = sequence % 10;
    if slot < 4
        && let Ok(mut step) = representative.step.try_lock()
    {
        return lifecycle(http, url, representative, &mut step, sequence).await;
    }
    let token = &representative.token;
    let get = |path: String| http.get(format!("{url}{path}")).bearer_auth(token).send();
    match slot {
        0..=6 => {
            let path = SEARCHES[(sequence / 10) as usize % SEARCHES.len()];
            ("search", status_of(get(path.to_owned()).await))
        }
        7 => match sign_in(http, url, &representative.email).await {
            Ok(session) => {
                let out = http
                    .delete(format!("{url}/api/v1/sessions/current"))
                    .bearer_auth(&session)
                    .send()
                    .await;
                ("sign-in and sign-out", status_of(out))
            }
            Err(status) => ("sign-in and sign-out", status),
        },
        8 => {
            let reset = http
                .post(format!("{url}/api/v1/password-resets"))
                .json(&json!({"email": representative.email}))
                .send()
                .await;
            ("reset request", status_of(reset))
        }
        _ => (
            "profile",
            status_of(get("/api/v1/account".to_owned()).await),
        ),
    }
}

/// The answer's status, 0 when there was none.
fn status_of(response: reqwest::Result<reqwest::Response>) -> u16 {
    response.map_or(0, |r| r.status().as_u16())
}

fn is_success(status: u16) -> bool {
    (200..300).contains(&status)
}

/// One request of the representative's application: start, a section, the checklist, an
/// upload or the submission.
async fn lifecycle(
    http: &reqwest::Client,
    url: &str,
    representative: &Representative,
    step: &mut Step,
    sequence: u64,
) -> (&'static str, u16) {
    let token = &representative.token;
    let applications = format!("{url}/api/v1/applications");
    match step.clone() {
        Step::Start => {
            let body = json!({"application_type": "visitor_visa", "acknowledged": true,
                "principal": {"given_name": "Hélène", "family_name": family_name(sequence)}});
            let response = http
                .post(&applications)
                .bearer_auth(token)
                .json(&body)
                .send()
                .await;
            let Ok(response) = response else {
                return ("start", 0);
            };
            let status = response.status().as_u16();
            let body: Value = response.json().await.unwrap_or_default();
            if let Some(id) = body["applications"][0]["id"].as_str() {
                *step = Step::Save {
                    id: id.to_owned(),
                    section: 0,
                };
            }
            ("start", status)
        }
        Step::Save { id, section } => {
            let (name, answers) = sections()[section].clone();
            let response = http
                .put(format!("{applications}/{id}/sections/{name}"))
                .bearer_auth(token)
                .json(&json!({"answers": answers}))
                .send()
                .await;
            let status = status_of(response);
            let ok = is_success(status);
            if ok {
                *step = if section + 1 < sections().len() {
                    Step::Save {
                        id,
                        section: section + 1,
                    }
                } else {
                    Step::Checklist { id }
                };
            }
            ("save section", status)
        }
        Step::Checklist { id } => {
            let response = http
                .get(format!("{applications}/{id}"))
                .bearer_auth(token)
                .send()
                .await;
            let Ok(response) = response else {
                return ("application detail", 0);
            };
            let status = response.status().as_u16();
            let ok = is_success(status);
            let body: Value = response.json().await.unwrap_or_default();
            let items: Vec<String> = body["checklist"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|e| e["required"] == true && e["uploaded"] == false)
                .filter_map(|e| e["key"].as_str().map(str::to_owned))
                .collect();
            if ok {
                *step = if items.is_empty() {
                    Step::Submit { id }
                } else {
                    Step::Upload { id, items }
                };
            }
            ("application detail", status)
        }
        Step::Upload { id, mut items } => {
            let Some(item) = items.pop() else {
                *step = Step::Submit { id };
                return ("upload", 200);
            };
            let form = reqwest::multipart::Form::new()
                .text("item", item.clone())
                .part(
                    "file",
                    reqwest::multipart::Part::bytes(PDF.to_vec()).file_name(format!("{item}.pdf")),
                );
            let response = http
                .post(format!("{applications}/{id}/documents"))
                .bearer_auth(token)
                .multipart(form)
                .send()
                .await;
            let status = status_of(response);
            let ok = is_success(status);
            if ok {
                *step = if items.is_empty() {
                    Step::Submit { id }
                } else {
                    Step::Upload { id, items }
                };
            }
            ("upload", status)
        }
        Step::Submit { id } => {
            let response = http
                .post(format!("{applications}/{id}/submit"))
                .bearer_auth(token)
                .send()
                .await;
            let status = status_of(response);
            let ok = is_success(status);
            if ok {
                *step = Step::Start;
            }
            ("submit", status)
        }
    }
}

/// A family name of letters only, different for each sequence number ("Soakbcd" for 123).
fn family_name(sequence: u64) -> String {
    let letters: String = sequence
        .to_string()
        .bytes()
        .map(|d| char::from(b'a' + (d - b'0')))
        .collect();
    format!("Soak{letters}")
}

fn p99(mut took: Vec<Duration>) -> String {
    if took.is_empty() {
        return "-".into();
    }
    took.sort();
    let index = ((took.len() as f64 - 1.0) * 0.99).round() as usize;
    format!("{:.1} ms", took[index].as_secs_f64() * 1000.0)
}

fn report(samples: &[Sample], memory: &[(u64, Memory)], plan: SoakPlan) {
    let window = 300.0_f64.min(plan.minutes as f64 * 60.0 / 3.0);
    let end_from = plan.minutes as f64 * 60.0 - window;
    let mut by_operation: BTreeMap<&str, Vec<&Sample>> = BTreeMap::new();
    for sample in samples {
        by_operation
            .entry(sample.operation)
            .or_default()
            .push(sample);
    }
    let errors = samples.iter().filter(|s| !s.ok).count();
    let mut failures: BTreeMap<(&str, u16), usize> = BTreeMap::new();
    for sample in samples.iter().filter(|s| !s.ok) {
        *failures
            .entry((sample.operation, sample.status))
            .or_default() += 1;
    }
    println!(
        "\n{} requests in {} minutes, {} errors",
        samples.len(),
        plan.minutes,
        errors
    );
    for ((operation, status), n) in &failures {
        println!("  {n} x {operation} answered {status}");
    }
    println!(
        "\n| operation | requests | errors | p99, first {w:.0} min | p99, last {w:.0} min |",
        w = window / 60.0
    );
    println!("|---|---|---|---|---|");
    for (operation, list) in &by_operation {
        let first = list
            .iter()
            .filter(|s| s.at < window)
            .map(|s| s.took)
            .collect();
        let last = list
            .iter()
            .filter(|s| s.at >= end_from)
            .map(|s| s.took)
            .collect();
        println!(
            "| {operation} | {} | {} | {} | {} |",
            list.len(),
            list.iter().filter(|s| !s.ok).count(),
            p99(first),
            p99(last)
        );
    }
    println!("\n| minute | resident kB | anonymous kB |");
    println!("|---|---|---|");
    for (minute, m) in memory {
        println!("| {minute} | {} | {} |", m.rss, m.anonymous);
    }
    let last_ten: Vec<u64> = memory.iter().rev().take(10).map(|(_, m)| m.rss).collect();
    if let (Some(low), Some(high)) = (last_ten.iter().min(), last_ten.iter().max()) {
        println!(
            "\nresident memory over the last {} samples: {low} to {high} kB, a spread of {:.1}% (target: within 5%)",
            last_ten.len(),
            (*high - *low) as f64 * 100.0 / *low as f64
        );
    }
}

/// Creates an officer with the command line, signs it in and changes its one-time password;
/// returns its token.
pub async fn officer(binary: &Path, work: &Path, database_url: &str, url: &str) -> String {
    let email = "soak-officer@ircc.example.ca";
    let output = std::process::Command::new(binary)
        .current_dir(work)
        .env("PORTAL_DATABASE_URL", database_url)
        .env("RUST_LOG", "warn")
        .args(["officer", "create", "--email", email])
        .output()
        .unwrap();
    assert!(output.status.success(), "officer create failed");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let one_time = stdout
        .lines()
        .find_map(|l| l.strip_prefix("One-time password: "))
        .expect("the one-time password is printed")
        .trim()
        .to_owned();
    let client = portal_e2e::Client {
        http: reqwest::Client::new(),
        url: url.to_owned(),
    };
    client.first_officer_sign_in(email, &one_time).await
}
