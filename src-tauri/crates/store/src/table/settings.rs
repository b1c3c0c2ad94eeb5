//! The `settings` table: what this installation remembers, such as who is
//! using the app. Settings are not part of any assessment, so they are not in
//! an assessment's audit trail; every change made under them is.

use prevent_core::Actor;
use rusqlite::{OptionalExtension, params};

use crate::{Result, Store};

const USER_NAME: &str = "user.name";
const USER_ROLE: &str = "user.role";

impl Store {
    /// A value this installation remembers under `key`.
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        self.conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |row| {
                row.get(0)
            })
            .optional()
            .map_err(|e| self.sqlite(e))
    }

    /// Remembers `value` under `key`.
    pub fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        self.conn
            .execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![key, value],
            )
            .map(|_| ())
            .map_err(|e| self.sqlite(e))
    }

    /// The person using the app on this installation, once they have said.
    pub fn user(&self) -> Result<Option<Actor>> {
        Ok(match (self.setting(USER_NAME)?, self.setting(USER_ROLE)?) {
            (Some(name), role) => Some(Actor {
                name,
                role: role.unwrap_or_default(),
            }),
            (None, _) => None,
        })
    }

    /// Remembers who is using the app (validated by the caller).
    pub fn set_user(&mut self, user: &Actor) -> Result<()> {
        let result = (|| {
            let tx = self.conn.transaction()?;
            for (key, value) in [(USER_NAME, &user.name), (USER_ROLE, &user.role)] {
                tx.execute(
                    "INSERT INTO settings (key, value) VALUES (?1, ?2)
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    params![key, value],
                )?;
            }
            tx.commit()
        })();
        result.map_err(|e| self.sqlite(e))
    }
}
