//! Code enums: closed sets of values, each stored and sent as a fixed code
//! (in the database, the event JSON, the API and forms). One macro writes
//! the mapping, so a code is spelled once, next to its variant.

/// Declares a code enum from `Variant => "code"` pairs. It writes:
///
/// - the enum, deriving `Debug, Clone, Copy, PartialEq, Eq, Hash` and serde,
///   serialised as exactly these codes (extra attributes pass through, such
///   as `#[derive(PartialOrd, Ord)]` or a variant's `#[serde(alias = ..)]`);
/// - `ALL`, every value in declaration order;
/// - `as_str`, the code, and `from_code`, its inverse (the code as is);
/// - `parse`, when a `parse:` line asks for one:
///   - `parse: exact` — `Option<Self>`, the code as is (stored values);
///   - `parse: trimmed` — `Option<Self>`, ignoring surrounding white space;
///   - `parse: invalid("field", "error_code")` — `Result<Self, DomainError>`
///     for input, ignoring surrounding white space.
///
///   Without a `parse:` line the type writes its own `parse`, if any.
///
/// A code used twice does not compile (an unreachable pattern in `from_code`).
macro_rules! code_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident => $code:literal ),+ $(,)?
        }
        $(parse: $($parse:tt)+)?
    ) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ::serde::Serialize, ::serde::Deserialize)]
        $(#[$meta])*
        $vis enum $name {
            $( $(#[$vmeta])* #[serde(rename = $code)] $variant, )+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: [$name; [$($code),+].len()] = [$($name::$variant),+];

            /// The code, as stored and sent.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $( $name::$variant => $code, )+
                }
            }

            /// The value with exactly this code.
            pub fn from_code(code: &str) -> Option<$name> {
                match code {
                    $( $code => Some($name::$variant), )+
                    _ => None,
                }
            }
        }

        $($crate::code::code_enum!(@parse $name $($parse)+);)?
    };

    (@parse $name:ident exact) => {
        impl $name {
            /// Reads a code as stored.
            pub fn parse(s: &str) -> Option<$name> {
                $name::from_code(s)
            }
        }
    };
    (@parse $name:ident trimmed) => {
        impl $name {
            /// Reads a code, ignoring surrounding white space.
            pub fn parse(s: &str) -> Option<$name> {
                $name::from_code(s.trim())
            }
        }
    };
    (@parse $name:ident invalid($field:literal, $error:literal)) => {
        impl $name {
            /// Reads a code from input, ignoring surrounding white space.
            pub fn parse(s: &str) -> Result<$name, $crate::error::DomainError> {
                $name::from_code(s.trim()).ok_or($crate::error::DomainError::invalid($field, $error))
            }
        }
    };
}

pub(crate) use code_enum;

#[cfg(test)]
mod tests {
    use std::{collections::HashSet, fmt::Debug};

    use serde::{de::DeserializeOwned, Serialize};

    use crate::{
        access::Role,
        client::{BenefitStatus, Phase},
        contact::ContactKind,
        effects::{AgreementKind, Indicator},
        error::DomainError,
        handover::HandoverStatus,
        organisation::TeamKind,
        reintegration::{
            care::{ArrivalConfirmation, CareKind, ReferralStatus},
            diagnosis::{DiagnosisSource, Instrument, ZrmVersion},
            outflow::{Durability, OutflowKind, OutflowReason},
            sanction::LegalBasis,
            trajectory::{CatalogueKind, InterventionOutcome},
            work::{EmployerContactKind, MediationResult, MediationStep, Sector, VacancyStatus},
        },
        roster::{GuardReason, RosterRunStatus},
        skills::{Skill, Trend},
    };

    /// `parse` answers an `Option` or a `Result`; either way, did it read a value.
    trait Parsed<T> {
        fn parsed(self) -> Option<T>;
    }
    impl<T> Parsed<T> for Option<T> {
        fn parsed(self) -> Option<T> {
            self
        }
    }
    impl<T> Parsed<T> for Result<T, DomainError> {
        fn parsed(self) -> Option<T> {
            self.ok()
        }
    }

    /// Every code is unique, `parse` and `from_code` read back what `as_str`
    /// wrote, and the JSON of a value is its code.
    fn check<T>(
        name: &str,
        all: &[T],
        as_str: fn(T) -> &'static str,
        from_code: fn(&str) -> Option<T>,
        parse: impl Fn(&str) -> Option<T>,
    ) where
        T: Copy + Eq + Debug + Serialize + DeserializeOwned,
    {
        assert!(!all.is_empty(), "{name}: no values");
        let mut seen = HashSet::new();
        for &v in all {
            let code = as_str(v);
            assert!(!code.is_empty(), "{name}::{v:?}: empty code");
            assert!(seen.insert(code), "{name}: code {code:?} used twice");
            assert_eq!(parse(code), Some(v), "{name}: parse({code:?})");
            assert_eq!(from_code(code), Some(v), "{name}: from_code({code:?})");
            let json = serde_json::to_string(&v).unwrap();
            assert_eq!(json, format!("\"{code}\""), "{name}::{v:?} as JSON");
            assert_eq!(
                serde_json::from_str::<T>(&json).unwrap(),
                v,
                "{name}: {json}"
            );
        }
        assert_eq!(from_code("no_such_code"), None, "{name}");
        assert_eq!(parse("no_such_code"), None, "{name}");
    }

    macro_rules! check {
        ($($t:ident),+ $(,)?) => {$(
            check(stringify!($t), &$t::ALL, $t::as_str, $t::from_code, |s| $t::parse(s).parsed());
        )+};
    }

    #[test]
    fn codes_are_unique_and_read_back() {
        check!(
            Role,
            Phase,
            BenefitStatus,
            ContactKind,
            AgreementKind,
            Indicator,
            TeamKind,
            HandoverStatus,
            GuardReason,
            RosterRunStatus,
            CareKind,
            ReferralStatus,
            ArrivalConfirmation,
            DiagnosisSource,
            ZrmVersion,
            Instrument,
            OutflowKind,
            OutflowReason,
            LegalBasis,
            CatalogueKind,
            InterventionOutcome,
            Sector,
            EmployerContactKind,
            VacancyStatus,
            MediationStep,
            MediationResult,
        );
        // These have no `parse` of their own (a goal target reads a skill).
        macro_rules! check_without_parse {
            ($($t:ident),+) => {$(
                check(stringify!($t), &$t::ALL, $t::as_str, $t::from_code, $t::from_code);
            )+};
        }
        check_without_parse!(Skill, Trend, Durability);
    }

    #[test]
    fn old_names_still_read() {
        assert_eq!(
            serde_json::from_str::<ZrmVersion>("\"domains13\"").unwrap(),
            ZrmVersion::Domains13
        );
        assert_eq!(
            serde_json::from_str::<LegalBasis>("\"pw18_lid4\"").unwrap(),
            LegalBasis::Pw18Lid4
        );
    }
}
