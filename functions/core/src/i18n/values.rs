//! Enumerated values from events, in the console's words: one mechanism
//! for every source. A source declares a table of the values an event field
//! takes (`open`, `ACCOUNT_SPECIFIC`, `DNS_REQUEST`) with the words the AWS
//! console shows for them in English and Japanese; a message shows the
//! console's word, and a value the table does not know stays as it is
//! (the renderer shows fact values as code spans), so nothing is dropped
//! when AWS adds a value.
//!
//! ```
//! respondby_core::values! {
//!     /// Health's `statusCode`.
//!     STATUS {
//!         "open": "Open" => "未解決";
//!         "closed": "Closed" => "クローズ済み";
//!     }
//! }
//! use respondby_core::Lang;
//! assert_eq!(STATUS.show("open", Lang::Ja), "未解決");
//! assert_eq!(STATUS.show("someday", Lang::Ja), "someday");
//! ```

use super::{Lang, T};

/// The values one event field takes, with the console's words for them.
#[derive(Debug, Clone, Copy)]
pub struct Values {
    /// The table's name (for the completeness tests).
    pub name: &'static str,
    /// `(raw value, the console's words)`.
    pub entries: &'static [(&'static str, T)],
}

impl Values {
    /// The console's word for `raw` in `lang`; `None` for a value the
    /// table does not know. Matched exactly, else ignoring ASCII case
    /// (`OPEN` and `open` are one value).
    pub fn word(&self, raw: &str, lang: Lang) -> Option<&'static str> {
        let raw = raw.trim();
        self.entries
            .iter()
            .find(|(r, _)| *r == raw)
            .or_else(|| {
                self.entries
                    .iter()
                    .find(|(r, _)| r.eq_ignore_ascii_case(raw))
            })
            .map(|(_, t)| t.get(lang))
    }

    /// `raw` as a message shows it: the console's word, or the value as it
    /// is when the table does not know it.
    pub fn show(&self, raw: &str, lang: Lang) -> String {
        self.word(raw, lang)
            .map_or_else(|| raw.to_owned(), str::to_owned)
    }

    /// The table as catalogue entries (`NAME.raw`), for [`super::check`].
    pub fn as_texts(&self) -> Vec<(&'static str, T)> {
        self.entries.iter().map(|(r, t)| (*r, *t)).collect()
    }
}

/// Declares value tables: `NAME { "raw": "English" => "日本語"; … }`
/// entries become `pub const NAME: Values`, and `VALUES` lists the tables
/// of this block for the completeness tests.
#[macro_export]
macro_rules! values {
    ($( $(#[$m:meta])* $name:ident { $( $raw:literal : $en:literal => $ja:literal ; )* } )*) => {
        $( $(#[$m])* pub const $name: $crate::i18n::values::Values = $crate::i18n::values::Values {
            name: stringify!($name),
            entries: &[ $( ($raw, $crate::i18n::T { en: $en, ja: $ja }), )* ],
        }; )*
        /// Every value table of this block.
        pub const VALUES: &[$crate::i18n::values::Values] = &[ $( $name, )* ];
    };
}

/// Enumerations that are AWS's, not one source's: shared by the sources
/// that show them.
pub mod aws {
    crate::values! {
        /// An IAM identity's type, as GuardDuty (`accessKeyDetails.userType`)
        /// and CloudTrail (`userIdentity.type`) write it. English keeps
        /// AWS's code, as the CloudTrail console shows it.
        IDENTITY_TYPE {
            "Root": "Root" => "ルートユーザー";
            "IAMUser": "IAMUser" => "IAMユーザー";
            "AssumedRole": "AssumedRole" => "引き受けたロール";
            "Role": "Role" => "ロール";
            "FederatedUser": "FederatedUser" => "フェデレーティッドユーザー";
            "AWSAccount": "AWSAccount" => "AWSアカウント";
            "AWSService": "AWSService" => "AWSのサービス";
            "IdentityCenterUser": "IdentityCenterUser" => "IAM Identity Centerのユーザー";
            "Directory": "Directory" => "ディレクトリ";
            "SAMLUser": "SAMLUser" => "SAMLユーザー";
            "WebIdentityUser": "WebIdentityUser" => "ウェブIDユーザー";
            "Unknown": "Unknown" => "不明";
        }
    }
}

/// What is wrong with value tables (empty when nothing is): a Japanese word
/// that is not Japanese (other than kept words such as `OK`), a raw value
/// listed twice in one table, an empty word.
pub fn check(tables: &[Values]) -> Vec<String> {
    let mut problems = Vec::new();
    for table in tables {
        let texts: Vec<(&str, T)> = table.as_texts();
        for p in super::check(&texts) {
            problems.push(format!("{}.{p}", table.name));
        }
        let mut raws: Vec<String> = table
            .entries
            .iter()
            .map(|(r, _)| r.to_ascii_lowercase())
            .collect();
        raws.sort_unstable();
        let n = raws.len();
        raws.dedup();
        if raws.len() != n {
            problems.push(format!("{}: a value is listed twice", table.name));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    crate::values! {
        /// A table for the tests.
        SAMPLE {
            "open": "Open" => "未解決";
            "ACCOUNT_SPECIFIC": "Account-specific" => "アカウント固有";
            "OK": "OK" => "OK";
        }
        BAD {
            "x": "X" => "X marks";
            "y": "Y" => "ワイ";
            "Y": "Y" => "ワイ";
        }
    }

    #[test]
    fn known_values_read_as_the_console_writes_them_unknown_ones_stay() {
        assert_eq!(SAMPLE.show("open", Lang::Ja), "未解決");
        assert_eq!(SAMPLE.show("OPEN", Lang::En), "Open");
        assert_eq!(
            SAMPLE.show(" ACCOUNT_SPECIFIC ", Lang::Ja),
            "アカウント固有"
        );
        assert_eq!(SAMPLE.show("NEW_SCOPE", Lang::Ja), "NEW_SCOPE");
        assert_eq!(SAMPLE.word("NEW_SCOPE", Lang::En), None);
    }

    #[test]
    fn awss_shared_tables_are_complete() {
        let p = check(aws::VALUES);
        assert!(p.is_empty(), "{p:#?}");
        assert_eq!(aws::IDENTITY_TYPE.show("IAMUser", Lang::Ja), "IAMユーザー");
        assert_eq!(aws::IDENTITY_TYPE.show("IAMUser", Lang::En), "IAMUser");
    }

    #[test]
    fn the_checks_find_english_left_and_values_listed_twice() {
        assert!(check(&[SAMPLE]).is_empty(), "{:?}", check(&[SAMPLE]));
        let p = check(&[BAD]);
        assert!(p.iter().any(|x| x.starts_with("BAD.x")), "{p:?}");
        assert!(p.iter().any(|x| x.contains("twice")), "{p:?}");
        assert_eq!(VALUES.len(), 2);
    }
}
