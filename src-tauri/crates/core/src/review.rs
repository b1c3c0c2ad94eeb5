//! Where an assessment stands, entry by entry: what is done, what is missing and
//! what needs a second look. The progress list, the "check your answers" page,
//! the completion gate and the CLI's `complete` all read this one review, so a
//! rule about completeness is written once.
//!
//! Saving never refuses a half-done answer; only completion does. A finding is
//! either a gap that blocks completion (no response, N/A without a reason, an
//! action with no lead or date, a response other than the one the training
//! figures propose with no reason in the comment) or a warning that needs attention but does not
//! block it (a date for completion before the assessment date, a policy whose
//! review date has passed). "Today" is a parameter, never read from a clock.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;

use crate::answer::{Answer, missing_reason};
use crate::catalogue::Response;
use crate::catalogue::{AnswerField, Framework, Scale};
use crate::derive::derived_response;
use crate::training::Proposal;

/// A step's state in the progress list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum StepState {
    NotStarted,
    /// Started, with something missing that completion needs.
    Incomplete,
    /// Everything completion needs is there, but something deserves a look.
    NeedsAttention,
    Complete,
}

impl StepState {
    /// In the order a step goes through them.
    pub const ALL: [StepState; 4] = [
        StepState::NotStarted,
        StepState::Incomplete,
        StepState::NeedsAttention,
        StepState::Complete,
    ];

    /// How the progress list, the overview and the review name the state.
    pub fn label(self) -> &'static str {
        match self {
            StepState::NotStarted => "Not started",
            StepState::Incomplete => "Incomplete",
            StepState::NeedsAttention => "Needs attention",
            StepState::Complete => "Complete",
        }
    }
}

/// One thing about one entry that is missing or needs a look.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Finding {
    pub entry_id: String,
    /// The answer field to go to, e.g. `response`, `na_reason`, `lead`, `due_date`.
    pub field: String,
    /// In the person's words, naming the entry, saying how to put it right.
    pub message: String,
    /// Whether it stops the assessment being marked complete.
    pub blocks_completion: bool,
}

/// An entry's place in the review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct EntryReview {
    pub entry_id: String,
    pub state: StepState,
    /// The response: as recorded, or derived from the sub-points.
    pub response: Option<Response>,
    /// Whether `response` was worked out from the entry's sub-points.
    pub derived: bool,
    pub findings: Vec<Finding>,
    /// An answer carried over from another assessment and not yet confirmed
    /// or changed: where it came from. Until then `response` is `None` (it
    /// counts as unanswered) and the carried response is `carried_response`.
    pub carried_from: Option<String>,
    pub carried_response: Option<Response>,
}

/// How many entries of a part have each response.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct ResponseCounts {
    pub yes: u32,
    pub partial: u32,
    pub no: u32,
    pub na: u32,
    pub unanswered: u32,
}

impl ResponseCounts {
    fn add(&mut self, response: Option<Response>) {
        match response {
            Some(Response::Yes) => self.yes += 1,
            Some(Response::Partial) => self.partial += 1,
            Some(Response::No) => self.no += 1,
            Some(Response::Na) => self.na += 1,
            None => self.unanswered += 1,
        }
    }
}

/// A part (section or checklist) in the progress list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PartReview {
    pub key: String,
    pub heading: String,
    pub state: StepState,
    /// Entries a person answers in this part (derived items are not counted).
    pub total: u32,
    pub complete: u32,
    pub answered: u32,
    /// The spread of responses over the entries a person answers.
    pub responses: ResponseCounts,
}

/// The whole assessment's review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Review {
    /// Every entry in reading order, derived items included.
    pub entries: Vec<EntryReview>,
    pub parts: Vec<PartReview>,
    pub answered: u32,
    pub total: u32,
    /// Everything that stops completion, in reading order.
    pub blocking: Vec<Finding>,
    /// Everything that needs a look but does not stop completion.
    pub warnings: Vec<Finding>,
}

impl Review {
    pub fn can_complete(&self) -> bool {
        self.blocking.is_empty()
    }

    pub fn entry(&self, id: &str) -> Option<&EntryReview> {
        self.entries.iter().find(|e| e.entry_id == id)
    }
}

/// Reviews `answers` against `framework`. `assessment_date` is the assessment's
/// own date; `today` decides which review dates have passed.
pub fn review(
    framework: &Framework,
    answers: &[Answer],
    assessment_date: NaiveDate,
    today: NaiveDate,
) -> Review {
    review_with_proposals(framework, answers, assessment_date, today, &[])
}

/// A response proposed for an entry from figures the app keeps (training
/// compliance for the standard on the 85% minimum).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryProposal<'a> {
    pub entry_id: &'a str,
    pub proposal: &'a Proposal,
}

/// [`review`], where an entry answered otherwise than `proposals` propose
/// needs a reason in its comment to count as complete.
pub fn review_with_proposals(
    framework: &Framework,
    answers: &[Answer],
    assessment_date: NaiveDate,
    today: NaiveDate,
    proposals: &[EntryProposal<'_>],
) -> Review {
    let by_id: HashMap<&str, &Answer> = answers.iter().map(|a| (a.entry_id.as_str(), a)).collect();
    let mut reviews: HashMap<String, EntryReview> = HashMap::new();

    for entry in framework.entry_list() {
        if !entry.sub_points.is_empty() {
            continue;
        }
        let Some(found) = framework.entry(&entry.id) else {
            continue;
        };
        let review = review_answer(
            &AnswerContext {
                entry_id: &entry.id,
                label: &entry.label,
                scale: framework.scale_for(&found),
                asks_review_date: found.asks_for(AnswerField::ReviewDate),
                proposal: proposals
                    .iter()
                    .find(|p| p.entry_id == entry.id)
                    .map(|p| p.proposal),
            },
            by_id.get(entry.id.as_str()).copied(),
            assessment_date,
            today,
        );
        reviews.insert(entry.id.clone(), review);
    }
    // Items answered through their sub-points take their state and response from them.
    for entry in framework.entry_list() {
        if entry.sub_points.is_empty() {
            continue;
        }
        let children: Vec<&EntryReview> = entry
            .sub_points
            .iter()
            .filter_map(|id| reviews.get(id))
            .collect();
        let responses: Vec<Option<Response>> = children.iter().map(|c| c.response).collect();
        let states: Vec<StepState> = children.iter().map(|c| c.state).collect();
        reviews.insert(
            entry.id.clone(),
            EntryReview {
                entry_id: entry.id.clone(),
                state: combine(&states),
                response: derived_response(&responses),
                derived: true,
                findings: Vec::new(),
                carried_from: None,
                carried_response: None,
            },
        );
    }

    let mut entries = Vec::new();
    let mut parts = Vec::new();
    let (mut answered, mut total) = (0, 0);
    for part in framework.parts() {
        let mut part_review = PartReview {
            key: part.key.clone(),
            heading: part.heading.clone(),
            state: StepState::NotStarted,
            total: 0,
            complete: 0,
            answered: 0,
            responses: ResponseCounts::default(),
        };
        let mut states = Vec::new();
        for id in &part.entry_ids {
            let Some(review) = reviews.remove(id) else {
                continue;
            };
            if !review.derived {
                part_review.total += 1;
                part_review.answered += u32::from(review.response.is_some());
                part_review.complete += u32::from(matches!(
                    review.state,
                    StepState::Complete | StepState::NeedsAttention
                ));
                part_review.responses.add(review.response);
                states.push(review.state);
            }
            entries.push(review);
        }
        part_review.state = combine(&states);
        answered += part_review.answered;
        total += part_review.total;
        parts.push(part_review);
    }
    let (blocking, warnings): (Vec<Finding>, Vec<Finding>) = entries
        .iter()
        .flat_map(|e| e.findings.iter().cloned())
        .partition(|f| f.blocks_completion);
    Review {
        entries,
        parts,
        answered,
        total,
        blocking,
        warnings,
    }
}

/// The state of a group of steps: not started when none is started, complete
/// when all are, needing attention when all are done and one needs a look,
/// incomplete otherwise.
fn combine(states: &[StepState]) -> StepState {
    if states.is_empty() || states.iter().all(|s| *s == StepState::NotStarted) {
        StepState::NotStarted
    } else if states
        .iter()
        .any(|s| matches!(s, StepState::NotStarted | StepState::Incomplete))
    {
        StepState::Incomplete
    } else if states.contains(&StepState::NeedsAttention) {
        StepState::NeedsAttention
    } else {
        StepState::Complete
    }
}

/// What the review needs to know of the entry an answer is for.
struct AnswerContext<'a> {
    entry_id: &'a str,
    label: &'a str,
    scale: &'a Scale,
    asks_review_date: bool,
    /// The response figures propose, if the entry asks for them.
    proposal: Option<&'a Proposal>,
}

fn review_answer(
    context: &AnswerContext<'_>,
    answer: Option<&Answer>,
    assessment_date: NaiveDate,
    today: NaiveDate,
) -> EntryReview {
    let entry_id = context.entry_id;
    let mut findings = Vec::new();
    let mut finding = |field: &str, message: String, blocks: bool| {
        findings.push(Finding {
            entry_id: entry_id.to_owned(),
            field: field.to_owned(),
            message,
            blocks_completion: blocks,
        });
    };
    let subject = lower_first(context.label);
    // A carried answer counts as unanswered until a person confirms or
    // changes it: the review reads it as if it had no response.
    if let Some(from) = answer.and_then(|a| a.carried_from.clone()) {
        finding(
            "carried_from",
            format!("Confirm or change the answer carried over for {subject} from {from}"),
            true,
        );
        return EntryReview {
            entry_id: entry_id.to_owned(),
            state: StepState::Incomplete,
            response: None,
            derived: false,
            findings,
            carried_from: Some(from),
            carried_response: answer.and_then(|a| a.response),
        };
    }
    let started = answer.is_some_and(|a| {
        a.response.is_some()
            || !a.comment.is_empty()
            || !a.lead.is_empty()
            || a.due_date.is_some()
            || !a.policy_ref.is_empty()
            || a.review_date.is_some()
    });
    let response = answer.and_then(|a| a.response);
    match (answer, response) {
        (_, None) => finding("response", format!("Select a response for {subject}"), true),
        (_, Some(response)) if !context.scale.offers(response) => finding(
            "response",
            format!(
                "Select a response for {subject} from {}",
                context.scale.values_in_words()
            ),
            true,
        ),
        (Some(answer), Some(response)) => {
            if response.needs_reason() && answer.na_reason.is_none() {
                finding("na_reason", missing_reason(&subject), true);
            }
            if let Some(proposal) = context.proposal
                && proposal.response != response
                && answer.comment.trim().is_empty()
            {
                finding(
                    "comment",
                    format!(
                        "The training figures of {} propose \"{}\" for {subject}; to answer \"{}\", say why in the comment",
                        proposal.as_of.format("%-d %B %Y"),
                        context.scale.label(proposal.response),
                        context.scale.label(response)
                    ),
                    true,
                );
            }
            if answer.action_required {
                if answer.lead.is_empty() {
                    finding(
                        "lead",
                        format!(
                            "Enter the department lead or nominated lead for {subject}, as action is required"
                        ),
                        true,
                    );
                }
                if answer.due_date.is_none() {
                    finding(
                        "due_date",
                        format!(
                            "Enter the date for completion for {subject}, as action is required"
                        ),
                        true,
                    );
                }
            }
            if let Some(due) = answer.due_date
                && due < assessment_date
            {
                finding(
                    "due_date",
                    format!(
                        "The date for completion for {subject} is before the date of assessment: check it is right"
                    ),
                    false,
                );
            }
            if context.asks_review_date
                && let Some(review_date) = answer.review_date
                && review_date < today
            {
                finding(
                    "review_date",
                    format!(
                        "The policy for {subject} was due for review on {}: review it or record the new review date",
                        review_date.format("%-d %B %Y")
                    ),
                    false,
                );
            }
        }
        (None, Some(_)) => {}
    }
    let state = if !started {
        StepState::NotStarted
    } else if findings.iter().any(|f| f.blocks_completion) {
        StepState::Incomplete
    } else if findings.is_empty() {
        StepState::Complete
    } else {
        StepState::NeedsAttention
    };
    EntryReview {
        entry_id: entry_id.to_owned(),
        state,
        response,
        derived: false,
        findings: if started {
            findings
        } else {
            not_started(findings)
        },
        carried_from: None,
        carried_response: None,
    }
}

/// An entry nobody has touched has one finding: it needs a response.
fn not_started(findings: Vec<Finding>) -> Vec<Finding> {
    findings
        .into_iter()
        .filter(|f| f.field == "response")
        .collect()
}

/// "Item 3b" as said mid-sentence: "item 3b".
pub(crate) fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_lowercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Frameworks, PREVENT_TOOLKIT_2011};

    fn toolkit() -> &'static Framework {
        Frameworks::embedded()
            .expect("frameworks")
            .get(PREVENT_TOOLKIT_2011)
            .expect("toolkit")
    }

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date")
    }

    fn answer(id: &str, response: Response) -> Answer {
        Answer {
            entry_id: id.to_owned(),
            response: Some(response),
            na_reason: (response == Response::Na).then(|| "Not our service".to_owned()),
            action_required: response.default_action_required(),
            comment: String::new(),
            lead: if response.default_action_required() {
                "Head of Safeguarding".to_owned()
            } else {
                String::new()
            },
            due_date: response
                .default_action_required()
                .then(|| date("2027-03-31")),
            policy_ref: String::new(),
            review_date: None,
            carried_from: None,
        }
    }

    fn all_yes() -> Vec<Answer> {
        toolkit()
            .answerable_ids()
            .into_iter()
            .map(|id| answer(id, Response::Yes))
            .collect()
    }

    fn run(answers: &[Answer]) -> Review {
        review(toolkit(), answers, date("2026-11-20"), date("2026-11-21"))
    }

    #[test]
    fn an_empty_assessment_lists_every_entry_as_missing_a_response() {
        let review = run(&[]);
        assert_eq!((review.answered, review.total), (0, 46));
        assert_eq!(review.blocking.len(), 46);
        assert!(!review.can_complete());
        assert_eq!(review.blocking[0].message, "Select a response for item 1");
        assert!(
            review
                .parts
                .iter()
                .all(|p| p.state == StepState::NotStarted)
        );
    }

    #[test]
    fn every_entry_answered_yes_can_be_completed() {
        let review = run(&all_yes());
        assert!(review.can_complete(), "{:?}", review.blocking);
        assert_eq!((review.answered, review.total), (46, 46));
        assert_eq!(
            review.entry("3").map(|e| e.response),
            Some(Some(Response::Yes))
        );
        assert!(review.parts.iter().all(|p| p.state == StepState::Complete));
        assert_eq!(review.parts[0].responses.yes, 17);
    }

    #[test]
    fn the_gate_asks_for_a_reason_a_lead_and_a_date() {
        let mut answers = all_yes();
        answers[0] = Answer {
            na_reason: None,
            ..answer("1", Response::Na)
        };
        answers[1] = Answer {
            lead: String::new(),
            due_date: None,
            ..answer("2", Response::No)
        };
        let review = run(&answers);
        let fields: Vec<(&str, &str)> = review
            .blocking
            .iter()
            .map(|f| (f.entry_id.as_str(), f.field.as_str()))
            .collect();
        assert_eq!(
            fields,
            [("1", "na_reason"), ("2", "lead"), ("2", "due_date")]
        );
        assert_eq!(
            review.entry("1").map(|e| e.state),
            Some(StepState::Incomplete)
        );
        assert_eq!(review.parts[0].state, StepState::Incomplete);
        assert_eq!(
            review.blocking[0].message,
            "Enter why item 1 does not apply"
        );
    }

    #[test]
    fn early_due_dates_and_passed_reviews_need_attention_but_do_not_block() {
        let mut answers = all_yes();
        answers[1] = Answer {
            due_date: Some(date("2026-01-01")),
            ..answer("2", Response::No)
        };
        let c4 = answers.iter_mut().find(|a| a.entry_id == "C4").expect("C4");
        c4.review_date = Some(date("2026-11-20"));
        let review = run(&answers);
        assert!(review.can_complete());
        assert_eq!(review.warnings.len(), 2, "{:?}", review.warnings);
        assert_eq!(
            review.entry("2").map(|e| e.state),
            Some(StepState::NeedsAttention)
        );
        assert_eq!(
            review.entry("C4").map(|e| e.state),
            Some(StepState::NeedsAttention)
        );
        assert!(review.warnings[1].message.contains("20 November 2026"));
        // A review date of today has not passed.
        let c4 = answers.iter_mut().find(|a| a.entry_id == "C4").expect("C4");
        c4.review_date = Some(date("2026-11-21"));
        assert_eq!(run(&answers).warnings.len(), 1);
    }

    #[test]
    fn item_3_takes_its_state_and_response_from_its_protocols() {
        let mut answers = all_yes();
        answers.retain(|a| a.entry_id != "3b");
        let review = run(&answers);
        let item3 = review.entry("3").expect("item 3");
        assert!(item3.derived);
        assert_eq!(item3.response, None);
        assert_eq!(item3.state, StepState::Incomplete);
        assert_eq!(review.blocking.len(), 1);
        assert_eq!(review.blocking[0].entry_id, "3b");

        answers.push(answer("3b", Response::No));
        let review = run(&answers);
        assert_eq!(
            review.entry("3").and_then(|e| e.response),
            Some(Response::Partial)
        );
        assert_eq!(
            review.entry("3").map(|e| e.state),
            Some(StepState::Complete)
        );
    }

    #[test]
    fn a_touched_entry_without_a_response_is_incomplete() {
        let answers = vec![Answer {
            entry_id: "5".to_owned(),
            response: None,
            na_reason: None,
            action_required: false,
            comment: "Started on this".to_owned(),
            lead: String::new(),
            due_date: None,
            policy_ref: String::new(),
            review_date: None,
            carried_from: None,
        }];
        let review = run(&answers);
        assert_eq!(
            review.entry("5").map(|e| e.state),
            Some(StepState::Incomplete)
        );
        assert_eq!(
            review.entry("6").map(|e| e.state),
            Some(StepState::NotStarted)
        );
        assert_eq!(review.parts[0].state, StepState::Incomplete);
    }
}
