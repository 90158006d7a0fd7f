//! AWS Regions by name: one room with one job. Every commercial Region
//! (partition `aws`) with its name as the AWS console writes it, in English
//! and in Japanese, and the place on-call knows it by. A message shows a
//! Region as `ap-south-1 (Mumbai)` / `ap-south-1（ムンバイ）`: the code to
//! type, and where it is.
//!
//! Names: AWS's Region list ("AWS Region billing codes", AWS General
//! Reference / global-infrastructure, as of 2026) and the Japanese console
//! and documentation (「アジアパシフィック (ムンバイ)」). A code not in the
//! table (a Region launched after this list, another partition) is shown as
//! it is.

use crate::i18n::{ui, Lang};

/// One Region: its code, the console's name and the place, in both
/// languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    pub code: &'static str,
    /// As the English console writes it: `Asia Pacific (Mumbai)`.
    pub name_en: &'static str,
    /// As the Japanese console writes it: `アジアパシフィック (ムンバイ)`.
    pub name_ja: &'static str,
    /// The place: `Mumbai`, `ムンバイ`.
    pub place_en: &'static str,
    pub place_ja: &'static str,
}

impl Region {
    /// The console's name in `lang`.
    pub fn name(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.name_en,
            Lang::Ja => self.name_ja,
        }
    }

    /// The place in `lang`.
    pub fn place(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.place_en,
            Lang::Ja => self.place_ja,
        }
    }
}

macro_rules! regions {
    ($( $code:literal, $en:literal, $place_en:literal, $ja:literal, $place_ja:literal; )*) => {
        /// Every commercial Region, in the order AWS lists them by area.
        pub const ALL: &[Region] = &[ $( Region {
            code: $code, name_en: $en, name_ja: $ja, place_en: $place_en, place_ja: $place_ja,
        }, )* ];
    };
}

regions! {
    // North America
    "us-east-1", "US East (N. Virginia)", "N. Virginia", "米国東部 (バージニア北部)", "バージニア北部";
    "us-east-2", "US East (Ohio)", "Ohio", "米国東部 (オハイオ)", "オハイオ";
    "us-west-1", "US West (N. California)", "N. California", "米国西部 (北カリフォルニア)", "北カリフォルニア";
    "us-west-2", "US West (Oregon)", "Oregon", "米国西部 (オレゴン)", "オレゴン";
    "ca-central-1", "Canada (Central)", "Canada Central", "カナダ (中部)", "カナダ中部";
    "ca-west-1", "Canada West (Calgary)", "Calgary", "カナダ西部 (カルガリー)", "カルガリー";
    "mx-central-1", "Mexico (Central)", "Mexico Central", "メキシコ (中部)", "メキシコ中部";
    // Africa
    "af-south-1", "Africa (Cape Town)", "Cape Town", "アフリカ (ケープタウン)", "ケープタウン";
    // Asia Pacific
    "ap-east-1", "Asia Pacific (Hong Kong)", "Hong Kong", "アジアパシフィック (香港)", "香港";
    "ap-east-2", "Asia Pacific (Taipei)", "Taipei", "アジアパシフィック (台北)", "台北";
    "ap-northeast-1", "Asia Pacific (Tokyo)", "Tokyo", "アジアパシフィック (東京)", "東京";
    "ap-northeast-2", "Asia Pacific (Seoul)", "Seoul", "アジアパシフィック (ソウル)", "ソウル";
    "ap-northeast-3", "Asia Pacific (Osaka)", "Osaka", "アジアパシフィック (大阪)", "大阪";
    "ap-southeast-1", "Asia Pacific (Singapore)", "Singapore", "アジアパシフィック (シンガポール)", "シンガポール";
    "ap-southeast-2", "Asia Pacific (Sydney)", "Sydney", "アジアパシフィック (シドニー)", "シドニー";
    "ap-south-1", "Asia Pacific (Mumbai)", "Mumbai", "アジアパシフィック (ムンバイ)", "ムンバイ";
    "ap-southeast-3", "Asia Pacific (Jakarta)", "Jakarta", "アジアパシフィック (ジャカルタ)", "ジャカルタ";
    "ap-south-2", "Asia Pacific (Hyderabad)", "Hyderabad", "アジアパシフィック (ハイデラバード)", "ハイデラバード";
    "ap-southeast-4", "Asia Pacific (Melbourne)", "Melbourne", "アジアパシフィック (メルボルン)", "メルボルン";
    "ap-southeast-5", "Asia Pacific (Malaysia)", "Malaysia", "アジアパシフィック (マレーシア)", "マレーシア";
    "ap-southeast-6", "Asia Pacific (New Zealand)", "New Zealand", "アジアパシフィック (ニュージーランド)", "ニュージーランド";
    "ap-southeast-7", "Asia Pacific (Thailand)", "Thailand", "アジアパシフィック (タイ)", "タイ";
    // Europe
    "eu-central-1", "Europe (Frankfurt)", "Frankfurt", "欧州 (フランクフルト)", "フランクフルト";
    "eu-central-2", "Europe (Zurich)", "Zurich", "欧州 (チューリッヒ)", "チューリッヒ";
    "eu-west-1", "Europe (Ireland)", "Ireland", "欧州 (アイルランド)", "アイルランド";
    "eu-west-2", "Europe (London)", "London", "欧州 (ロンドン)", "ロンドン";
    "eu-west-3", "Europe (Paris)", "Paris", "欧州 (パリ)", "パリ";
    "eu-south-1", "Europe (Milan)", "Milan", "欧州 (ミラノ)", "ミラノ";
    "eu-south-2", "Europe (Spain)", "Spain", "欧州 (スペイン)", "スペイン";
    "eu-north-1", "Europe (Stockholm)", "Stockholm", "欧州 (ストックホルム)", "ストックホルム";
    // Middle East
    "il-central-1", "Israel (Tel Aviv)", "Tel Aviv", "イスラエル (テルアビブ)", "テルアビブ";
    "me-south-1", "Middle East (Bahrain)", "Bahrain", "中東 (バーレーン)", "バーレーン";
    "me-central-1", "Middle East (UAE)", "UAE", "中東 (UAE)", "アラブ首長国連邦";
    // South America
    "sa-east-1", "South America (São Paulo)", "São Paulo", "南米 (サンパウロ)", "サンパウロ";
}

/// The Region with this code, if it is a commercial Region this list knows.
pub fn lookup(code: &str) -> Option<&'static Region> {
    let code = code.trim();
    ALL.iter().find(|r| r.code.eq_ignore_ascii_case(code))
}

/// A Region as a message shows it: `ap-south-1 (Mumbai)`,
/// `ap-south-1（ムンバイ）`; an unknown code as it is.
pub fn shown(code: &str, lang: Lang) -> String {
    match lookup(code) {
        Some(r) => match lang {
            Lang::En => format!("{} ({})", r.code, r.place_en),
            Lang::Ja => format!("{}（{}）", r.code, r.place_ja),
        },
        None => code.to_owned(),
    }
}

/// Where an alert's subject is, as a message shows it: its Region, or,
/// for a subject that works in every Region (an IAM access key or user:
/// `global` names the service, `IAM`), "all Regions (IAM is global)" and
/// the Region it was seen in.
pub fn subject(code: &str, global: Option<&str>, lang: Lang) -> String {
    match global.map(str::trim).filter(|g| !g.is_empty()) {
        None => shown(code, lang),
        Some(service) if code.trim().is_empty() => {
            ui::REGION_ALL.fill(lang, &[("service", &service)])
        }
        Some(service) => ui::REGION_ALL_SEEN_IN.fill(
            lang,
            &[("service", &service), ("region", &shown(code, lang))],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::has_japanese;

    /// Every commercial Region (partition `aws`) AWS lists, 2026: the
    /// "AWS Region billing codes" page of the AWS global infrastructure
    /// documentation. A Region missing from the table fails here.
    const COMMERCIAL: &[&str] = &[
        "us-east-1",
        "us-east-2",
        "us-west-1",
        "us-west-2",
        "ca-central-1",
        "ca-west-1",
        "mx-central-1",
        "af-south-1",
        "ap-east-1",
        "ap-east-2",
        "ap-northeast-1",
        "ap-northeast-2",
        "ap-northeast-3",
        "ap-southeast-1",
        "ap-southeast-2",
        "ap-south-1",
        "ap-southeast-3",
        "ap-south-2",
        "ap-southeast-4",
        "ap-southeast-5",
        "ap-southeast-6",
        "ap-southeast-7",
        "eu-central-1",
        "eu-central-2",
        "eu-west-1",
        "eu-west-2",
        "eu-west-3",
        "eu-south-1",
        "eu-south-2",
        "eu-north-1",
        "il-central-1",
        "me-south-1",
        "me-central-1",
        "sa-east-1",
    ];

    #[test]
    fn every_commercial_region_is_named_in_both_languages() {
        for code in COMMERCIAL {
            let r = lookup(code).unwrap_or_else(|| panic!("{code} has no name"));
            assert!(
                r.name_en.ends_with(')') && r.name_ja.ends_with(')'),
                "{r:?}"
            );
            assert!(has_japanese(r.name_ja) && has_japanese(r.place_ja), "{r:?}");
            assert!(!r.place_en.trim().is_empty(), "{r:?}");
            assert_eq!(shown(code, Lang::En), format!("{code} ({})", r.place_en));
            assert_eq!(shown(code, Lang::Ja), format!("{code}（{}）", r.place_ja));
        }
        assert_eq!(
            ALL.len(),
            COMMERCIAL.len(),
            "a Region in the table AWS does not list"
        );
        let mut codes: Vec<&str> = ALL.iter().map(|r| r.code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), ALL.len(), "a code twice");
    }

    #[test]
    fn the_issue_s_examples_read_as_written() {
        assert_eq!(shown("ap-south-1", Lang::En), "ap-south-1 (Mumbai)");
        assert_eq!(shown("ap-south-1", Lang::Ja), "ap-south-1（ムンバイ）");
        assert_eq!(shown("sa-east-1", Lang::En), "sa-east-1 (São Paulo)");
        assert_eq!(shown("sa-east-1", Lang::Ja), "sa-east-1（サンパウロ）");
        assert_eq!(
            lookup("ap-south-1").unwrap().name(Lang::Ja),
            "アジアパシフィック (ムンバイ)"
        );
    }

    #[test]
    fn unknown_codes_and_global_subjects() {
        assert_eq!(shown("global", Lang::Ja), "global");
        assert_eq!(shown("", Lang::En), "");
        assert_eq!(
            subject("eu-central-1", Some("IAM"), Lang::En),
            "all Regions (IAM is global) · seen in eu-central-1 (Frankfurt)"
        );
        assert_eq!(
            subject("eu-central-1", Some("IAM"), Lang::Ja),
            "全リージョン（IAMはグローバル）・eu-central-1（フランクフルト）で検知"
        );
        assert_eq!(
            subject("", Some("IAM"), Lang::En),
            "all Regions (IAM is global)"
        );
        assert_eq!(
            subject("eu-central-1", None, Lang::En),
            "eu-central-1 (Frankfurt)"
        );
    }
}
