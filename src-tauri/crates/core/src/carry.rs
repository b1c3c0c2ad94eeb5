//! Starting an assessment from last year's work in another framework: the
//! answers of the source assessment carried over, through the crosswalk that
//! joins the two frameworks, to the entries they are linked to.
//!
//! The rule is the product's own, and it is stated where it applies:
//! - a target entry takes the answers of every source entry linked to it;
//! - their responses combine as an entry's sub-points do (all alike, else
//!   partly; none applies, does not apply), and only where the target's
//!   scale offers the result;
//! - comments and reasons are kept, each led by the entry it came from; the
//!   first lead named is kept, and the earliest date for completion;
//! - every carried answer says where it came from and counts as unanswered
//!   until a person confirms or changes it.
//!
//! Evidence follows its entry the same way (see [`evidence_targets`]).

use chrono::NaiveDate;

use crate::answer::{Answer, COMMENT, NA_REASON};
use crate::catalogue::Response;
use crate::catalogue::{AnswerField, Framework};
use crate::crosswalk::Crosswalk;
use crate::derive::derived_response;
use crate::review::lower_first;
use crate::text::and_list;

/// The answers to carry into an assessment of `to`, from the answers of an
/// assessment of `from` (`source`, dated `source_date`).
pub fn carried_answers(
    crosswalk: &Crosswalk,
    from: &Framework,
    to: &Framework,
    source: &[Answer],
    source_date: NaiveDate,
) -> Vec<Answer> {
    let mut carried = Vec::new();
    for target_id in to.answerable_ids() {
        let Some(target) = to.entry(target_id) else {
            continue;
        };
        let linked: Vec<(&str, &Answer)> = crosswalk
            .links_of(&to.id, target_id)
            .into_iter()
            .filter_map(|link| {
                let answer = source.iter().find(|a| a.entry_id == link.entry_id)?;
                let entry = from.entry(&link.entry_id)?;
                Some((entry.id, answer))
            })
            .collect();
        if linked.is_empty() {
            continue;
        }
        let label = |id: &str| from.entry_label(id);
        let responses: Vec<_> = linked.iter().map(|(_, a)| a.response).collect();
        let response = derived_response(&responses).filter(|r| to.scale_for(&target).offers(*r));
        let led = |text: &dyn Fn(&Answer) -> Option<&str>| -> Vec<String> {
            linked
                .iter()
                .filter_map(|(id, a)| text(a).map(|t| format!("{}: {t}", label(id))))
                .collect()
        };
        let comments = led(&|a| Some(a.comment.as_str()).filter(|c| !c.is_empty()));
        let reasons = led(&|a| a.na_reason.as_deref());
        let first = |field: &dyn Fn(&Answer) -> &str| {
            linked
                .iter()
                .map(|(_, a)| field(a))
                .find(|t| !t.is_empty())
                .unwrap_or_default()
                .to_owned()
        };
        let asks = |field| target.asks_for(field);
        let answer = Answer {
            entry_id: target.id.to_owned(),
            response,
            // A reason why it does not apply counts only with that response.
            na_reason: (response == Some(Response::Na) && !reasons.is_empty())
                .then(|| within(&reasons.join("\n\n"), NA_REASON.max_chars)),
            action_required: response.is_some_and(Response::default_action_required)
                || linked.iter().any(|(_, a)| a.action_required),
            comment: within(&comments.join("\n\n"), COMMENT.max_chars),
            lead: first(&|a| a.lead.as_str()),
            due_date: linked.iter().filter_map(|(_, a)| a.due_date).min(),
            policy_ref: if asks(AnswerField::PolicyRef) {
                first(&|a| a.policy_ref.as_str())
            } else {
                String::new()
            },
            review_date: if asks(AnswerField::ReviewDate) {
                linked.iter().filter_map(|(_, a)| a.review_date).min()
            } else {
                None
            },
            carried_from: Some(format!(
                "{} of the {} assessment of {}",
                and_list(
                    &linked
                        .iter()
                        .map(|(id, _)| lower_first(&label(id)))
                        .collect::<Vec<_>>()
                ),
                from.title,
                source_date.format("%-d %B %Y")
            )),
        };
        if !answer.is_blank() {
            carried.push(answer);
        }
    }
    carried
}

/// For a source entry's evidence: the target entries it follows, through
/// the crosswalk.
pub fn evidence_targets(
    crosswalk: &Crosswalk,
    from: &Framework,
    source_entry: &str,
) -> Vec<String> {
    crosswalk
        .links_of(&from.id, source_entry)
        .into_iter()
        .map(|link| link.entry_id)
        .collect()
}

/// `text` cut to at most `max` characters at a character boundary, marked
/// with an ellipsis when cut.
fn within(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}
