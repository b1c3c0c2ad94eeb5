//! Sizes as people read them: "512 bytes", "2.4 KB", "10 MB". One leaf
//! module, so the limits, the rules' messages and evidence can all say a
//! size without reaching into each other.

/// "512 bytes", "2.4 KB", "10 MB": sizes as people read them (1 MB = 1024 KB).
pub fn human_size(bytes: u64) -> String {
    in_units(bytes, |value| value)
}

/// A size rounded up, for a file over a limit: a file one byte over 10 MB
/// reads "10.1 MB", never the same as the limit it broke.
pub fn human_size_rounded_up(bytes: u64) -> String {
    in_units(bytes, |value| (value * 10.0).ceil() / 10.0)
}

/// Bytes, KB or MB, whichever reads best, with `round` applied to the
/// number before it is written to one decimal.
fn in_units(bytes: u64, round: impl Fn(f64) -> f64) -> String {
    const KB: f64 = 1024.0;
    let b = bytes as f64;
    if bytes == 1 {
        "1 byte".to_owned()
    } else if bytes < 1024 {
        format!("{bytes} bytes")
    } else if b < KB * KB {
        trim_decimal(round(b / KB), "KB")
    } else {
        trim_decimal(round(b / (KB * KB)), "MB")
    }
}

fn trim_decimal(value: f64, unit: &str) -> String {
    let text = format!("{value:.1}");
    format!("{} {unit}", text.trim_end_matches(".0"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_say_them() {
        assert_eq!(human_size(1), "1 byte");
        assert_eq!(human_size(512), "512 bytes");
        assert_eq!(human_size(2048), "2 KB");
        assert_eq!(human_size(2458), "2.4 KB");
        assert_eq!(human_size(10 * 1024 * 1024), "10 MB");
        // 15.5 MB keeps its half: the window once said "16 MB" for it.
        assert_eq!(human_size(16_252_928), "15.5 MB");
    }

    #[test]
    fn a_file_just_over_the_limit_never_reads_as_the_limit() {
        let max = 10 * 1024 * 1024;
        assert_eq!(human_size_rounded_up(max + 1), "10.1 MB");
        assert_eq!(human_size_rounded_up(max), "10 MB");
        let message = crate::RuleError::FileTooLarge { size: max + 1, max }.to_string();
        assert!(
            message.starts_with("The file is 10.1 MB and files can be at most 10 MB."),
            "{message}"
        );
    }
}
