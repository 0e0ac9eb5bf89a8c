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
    let mut memory: Vec<(u64, Memory)> = Vec::new();
    let started = Instant::now();
    let length = Duration::from_secs(plan.minutes * 60);
    let mut tick = tokio::time::interval(Duration::from_secs(1) / plan.rate.max(1));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
    let mut next_sample = Duration::ZERO;
    let mut sequence: u64 = 0;
    let mut tasks = tokio::task::JoinSet::new();
    println!(
        "soak: {} minutes at {} requests/s over {} representatives",
        plan.minutes, plan.rate, plan.representatives
    );
    while started.elapsed() < length {
        tick.tick().await;
        if started.elapsed() >= next_sample {
            if let Some(m) = Memory::of(pid) {
                println!(
                    "minute {:>2}: {} kB resident ({} kB anonymous), {} requests so far",
                    next_sample.as_secs() / 60,
                    m.rss,
                    m.anonymous,
                    samples.lock().unwrap().len()
                );
                memory.push((next_sample.as_secs() / 60, m));
            }
            next_sample += Duration::from_secs(60);
        }
        sequence += 1;
        let http = http.clone();
        let url = url.to_owned();
        let representatives = representatives.clone();
        let samples = samples.clone();
        let at = started.elapsed().as_secs_f64();
        tasks.spawn(async move {
            let representative = &representatives[(sequence as usize) % representatives.len()];
            let begun = Instant::now();
            let (operation, ok) = one_request(&http, &url, representative, sequence).await;
            samples.lock().unwrap().push(Sample {
                operation,
                at,
                took: begun.elapsed(),
                ok,
            });
        });
        while tasks.try_join_next().is_some() {}
    }
    while tasks.join_next().await.is_some() {}
    if let Some(m) = Memory::of(pid) {
        memory.push((plan.minutes, m));
    }
    report(&samples.lock().unwrap(), &memory, plan);
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

async fn sign_in(http: &reqwest::Client, url: &str, email: &str) -> Option<String> {
    let response = http
        .post(format!("{url}/api/v1/sessions"))
        .json(&json!({"email": email, "password": PASSWORD}))
        .send()
        .await
        .ok()?;
    let body: Value = response.json().await.ok()?;
    Some(body["token"].as_str()?.to_owned())
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
) -> (&'static str, bool) {
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
            ("search", succeeded(get(path.to_owned()).await))
        }
        7 => match sign_in(http, url, &representative.email).await {
            Some(session) => {
                let out = http
                    .delete(format!("{url}/api/v1/sessions/current"))
                    .bearer_auth(&session)
                    .send()
                    .await;
                ("sign-in and sign-out", succeeded(out))
            }
            None => ("sign-in and sign-out", false),
        },
        8 => {
            let reset = http
                .post(format!("{url}/api/v1/password-resets"))
                .json(&json!({"email": representative.email}))
                .send()
                .await;
            ("reset request", succeeded(reset))
        }
        _ => (
            "profile",
            succeeded(get("/api/v1/account".to_owned()).await),
        ),
    }
}

fn succeeded(response: reqwest::Result<reqwest::Response>) -> bool {
    response.is_ok_and(|r| r.status().is_success())
}

/// One request of the representative's application: start, a section, the checklist, an
/// upload or the submission.
async fn lifecycle(
    http: &reqwest::Client,
    url: &str,
    representative: &Representative,
    step: &mut Step,
    sequence: u64,
) -> (&'static str, bool) {
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
                return ("start", false);
            };
            let ok = response.status().is_success();
            let body: Value = response.json().await.unwrap_or_default();
            if let Some(id) = body["applications"][0]["id"].as_str() {
                *step = Step::Save {
                    id: id.to_owned(),
                    section: 0,
                };
            }
            ("start", ok)
        }
        Step::Save { id, section } => {
            let (name, answers) = sections()[section].clone();
            let response = http
                .put(format!("{applications}/{id}/sections/{name}"))
                .bearer_auth(token)
                .json(&json!({"answers": answers}))
                .send()
                .await;
            let ok = succeeded(response);
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
            ("save section", ok)
        }
        Step::Checklist { id } => {
            let response = http
                .get(format!("{applications}/{id}"))
                .bearer_auth(token)
                .send()
                .await;
            let Ok(response) = response else {
                return ("application detail", false);
            };
            let ok = response.status().is_success();
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
            ("application detail", ok)
        }
        Step::Upload { id, mut items } => {
            let Some(item) = items.pop() else {
                *step = Step::Submit { id };
                return ("upload", true);
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
            let ok = succeeded(response);
            if ok {
                *step = if items.is_empty() {
                    Step::Submit { id }
                } else {
                    Step::Upload { id, items }
                };
            }
            ("upload", ok)
        }
        Step::Submit { id } => {
            let response = http
                .post(format!("{applications}/{id}/submit"))
                .bearer_auth(token)
                .send()
                .await;
            let ok = succeeded(response);
            if ok {
                *step = Step::Start;
            }
            ("submit", ok)
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
    println!(
        "\n{} requests in {} minutes, {} errors",
        samples.len(),
        plan.minutes,
        errors
    );
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
