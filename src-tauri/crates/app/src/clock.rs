//! Time enters the app here and nowhere else: the core and the store take it
//! as a parameter, so a test can fix it and every figure can be reproduced.

use chrono::{DateTime, Local, NaiveDate, Utc};

pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
    /// Today's date where the person is (it decides which review dates have passed).
    fn today(&self) -> NaiveDate;
}

/// The machine's clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
    fn today(&self) -> NaiveDate {
        Local::now().date_naive()
    }
}

/// A clock that says what it is told: for tests and for `--today`.
#[derive(Debug, Clone, Copy)]
pub struct FixedClock {
    pub now: DateTime<Utc>,
    pub today: NaiveDate,
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.now
    }
    fn today(&self) -> NaiveDate {
        self.today
    }
}
