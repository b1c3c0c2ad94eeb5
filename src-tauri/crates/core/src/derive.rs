//! The response of an item that is answered through its sub-points (item 3 of
//! the 2011 toolkit and its seven protocols, 3a–3g). The item's own response is
//! never typed: it follows from the sub-points by one stated rule, so it cannot
//! disagree with them and nobody answers the same thing twice.

use crate::catalogue::Response;
use crate::catalogue::Scale;

/// The item's response, once every sub-point has one:
/// - every sub-point not applicable → not applicable;
/// - otherwise, ignoring the ones that do not apply: all yes → yes, all no → no;
/// - anything else → partially.
///
/// `None` while any sub-point is unanswered.
pub fn derived_response(sub_point_responses: &[Option<Response>]) -> Option<Response> {
    if sub_point_responses.is_empty() {
        return None;
    }
    let answered: Vec<Response> = sub_point_responses.iter().copied().collect::<Option<_>>()?;
    let applicable: Vec<Response> = answered
        .into_iter()
        .filter(|r| *r != Response::Na)
        .collect();
    Some(if applicable.is_empty() {
        Response::Na
    } else if applicable.iter().all(|r| *r == Response::Yes) {
        Response::Yes
    } else if applicable.iter().all(|r| *r == Response::No) {
        Response::No
    } else {
        Response::Partial
    })
}

/// The rule above in words, with the scale's own labels, as the app shows it
/// beside a derived response. A scale without "does not apply" has no such
/// clause.
pub fn rule_text(scale: &Scale) -> String {
    let yes = scale.label(Response::Yes);
    let no = scale.label(Response::No);
    let partial = scale.label(Response::Partial);
    if scale.offers(Response::Na) {
        format!(
            "Worked out from the answers below once all of them are given: \"{yes}\" if every one that applies is \"{yes}\", \"{no}\" if every one that applies is \"{no}\", \"{na}\" if none applies, and \"{partial}\" otherwise.",
            na = scale.label(Response::Na),
        )
    } else {
        format!(
            "Worked out from the answers below once all of them are given: \"{yes}\" if every one is \"{yes}\", \"{no}\" if every one is \"{no}\", and \"{partial}\" otherwise."
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Response::{Na, No, Partial, Yes};

    fn derive(responses: &[Response]) -> Option<Response> {
        derived_response(&responses.iter().copied().map(Some).collect::<Vec<_>>())
    }

    #[test]
    fn every_yes_is_yes_and_every_no_is_no() {
        assert_eq!(derive(&[Yes; 7]), Some(Yes));
        assert_eq!(derive(&[No; 7]), Some(No));
    }

    #[test]
    fn a_mixture_is_partially() {
        assert_eq!(derive(&[Yes, Yes, No]), Some(Partial));
        assert_eq!(derive(&[Yes, Partial, Yes]), Some(Partial));
        assert_eq!(derive(&[Partial, Partial]), Some(Partial));
        assert_eq!(derive(&[No, Partial]), Some(Partial));
    }

    #[test]
    fn not_applicable_sub_points_are_left_out() {
        assert_eq!(derive(&[Yes, Na, Yes]), Some(Yes));
        assert_eq!(derive(&[No, Na]), Some(No));
        assert_eq!(derive(&[Na, Na, Na]), Some(Na));
    }

    #[test]
    fn nothing_is_derived_until_every_sub_point_is_answered() {
        assert_eq!(derived_response(&[Some(Yes), None, Some(Yes)]), None);
        assert_eq!(derived_response(&[]), None);
    }

    #[test]
    fn the_rule_is_stated_with_the_frameworks_labels() {
        let scale: Scale = serde_json::from_value(serde_json::json!({
            "id": "item",
            "values": [
                {"value": "yes", "label": "Yes", "meaning": "in_place"},
                {"value": "partial", "label": "Partially", "meaning": "partly_in_place"},
                {"value": "no", "label": "No", "meaning": "not_in_place"},
                {"value": "na", "label": "Not applicable", "meaning": "does_not_apply"}
            ]
        }))
        .expect("scale");
        let text = rule_text(&scale);
        assert!(text.contains("\"Partially\" otherwise"), "{text}");
        assert!(
            text.contains("\"Not applicable\" if none applies"),
            "{text}"
        );
    }
}
