//! The department's casework on submitted applications (F23): receipt with the client's UCI,
//! biometrics, processing steps, document statuses and requests, the decision, issued
//! documents and closing the file. Every action is checked against the application's stage,
//! sends the representative an application message in their language, and is audited.

mod actions;
mod notices;
mod ports;
mod service;

#[cfg(test)]
mod tests;

pub use actions::{CaseAction, CaseRefusal, MAX_REQUEST_CHARS};
#[cfg(any(test, feature = "mocks"))]
pub use ports::MockCaseworkRepository;
pub use ports::{CaseChange, CaseQuery, CaseSummary, CaseworkRepository};
pub use service::{CaseworkError, CaseworkPorts, CaseworkService};
