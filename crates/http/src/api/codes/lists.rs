//! The codes that are not a domain enumeration: the page sizes, and the request fields
//! that keep a code as typed so that a value outside its list is reported with the other
//! invalid fields of the request.

use std::borrow::Cow;
use std::marker::PhantomData;

use poem_openapi::registry::{MetaSchema, MetaSchemaRef};
use poem_openapi::types::{
    ParseError, ParseFromJSON, ParseFromParameter, ParseResult, ToJSON, Type,
};
use portal_domain::account::{
    EmailUpdates, GoverningBody, Language, TelephoneCountry, TelephoneType,
};
use portal_domain::application::{ApplicationType, PAGE_SIZES, VisaProcessing};
use serde_json::Value;

/// Rows per page of a table: one of [`PAGE_SIZES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageSize(pub u32);

impl Type for PageSize {
    const IS_REQUIRED: bool = true;
    type RawValueType = u32;
    type RawElementValueType = u32;

    fn name() -> Cow<'static, str> {
        "PageSize".into()
    }

    fn schema_ref() -> MetaSchemaRef {
        let mut schema = MetaSchema::new_with_format("integer", "uint32");
        schema.enum_items = PAGE_SIZES.iter().map(|&n| n.into()).collect();
        MetaSchemaRef::Inline(Box::new(schema))
    }

    fn as_raw_value(&self) -> Option<&u32> {
        Some(&self.0)
    }

    fn raw_element_iter<'a>(&'a self) -> Box<dyn Iterator<Item = &'a u32> + 'a> {
        Box::new(std::iter::once(&self.0))
    }
}

impl ParseFromParameter for PageSize {
    fn parse_from_parameter(value: &str) -> ParseResult<Self> {
        value
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|n| PAGE_SIZES.contains(n))
            .map(Self)
            .ok_or_else(|| ParseError::custom("not one of the page sizes"))
    }
}

/// A closed list of codes, for [`Code`].
pub trait CodeList {
    /// The codes, in display order.
    fn codes() -> Vec<&'static str>;
}

/// A request field holding one code of the list `L`, as typed. The document lists the
/// allowed codes; a value outside the list still reaches the operation, which reports it
/// together with every other invalid field of the request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Code<L> {
    raw: String,
    list: PhantomData<L>,
}

impl<L> Code<L> {
    /// The code as typed.
    pub fn as_str(&self) -> &str {
        &self.raw
    }
}

impl<L: CodeList + Send + Sync> Type for Code<L> {
    const IS_REQUIRED: bool = true;
    type RawValueType = String;
    type RawElementValueType = String;

    fn name() -> Cow<'static, str> {
        format!("code({})", L::codes().join("|")).into()
    }

    fn schema_ref() -> MetaSchemaRef {
        let mut schema = MetaSchema::new("string");
        schema.enum_items = L::codes().into_iter().map(Value::from).collect();
        MetaSchemaRef::Inline(Box::new(schema))
    }

    fn as_raw_value(&self) -> Option<&String> {
        Some(&self.raw)
    }

    fn raw_element_iter<'a>(&'a self) -> Box<dyn Iterator<Item = &'a String> + 'a> {
        Box::new(std::iter::once(&self.raw))
    }
}

impl<L: CodeList + Send + Sync> ParseFromJSON for Code<L> {
    fn parse_from_json(value: Option<Value>) -> ParseResult<Self> {
        match value {
            Some(Value::String(raw)) => Ok(Self {
                raw,
                list: PhantomData,
            }),
            other => Err(ParseError::expected_type(other.unwrap_or_default())),
        }
    }
}

impl<L: CodeList + Send + Sync> ToJSON for Code<L> {
    fn to_json(&self) -> Option<Value> {
        Some(Value::String(self.raw.clone()))
    }
}

macro_rules! code_lists {
    ($($(#[$meta:meta])* $name:ident => $codes:expr;)+) => {
        $(
            $(#[$meta])*
            #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
            pub struct $name;

            impl CodeList for $name {
                fn codes() -> Vec<&'static str> {
                    $codes
                }
            }
        )+
    };
}

code_lists! {
    /// The application types.
    ApplicationTypes => ApplicationType::ALL.iter().map(|t| t.code()).collect();
    /// What a visitor visa is for.
    VisitPurposes => vec!["visit", "transit"];
    /// How a visitor visa is processed.
    VisaProcessings => VisaProcessing::ALL.iter().map(|p| p.code()).collect();
    /// Where a refugee claim was made: `new` in Canada, or to the `cbsa`.
    ClaimOrigins => vec!["new", "cbsa"];
    /// The governing bodies.
    GoverningBodies => GoverningBody::ALL.iter().map(|b| b.code()).collect();
    /// The telephone types.
    TelephoneTypes => TelephoneType::ALL.iter().map(|t| t.code()).collect();
    /// Where a telephone number is.
    TelephoneCountries => TelephoneCountry::ALL.iter().map(|c| c.code()).collect();
    /// The languages.
    Languages => Language::ALL.iter().map(|l| l.code()).collect();
    /// Email updates: yes or no.
    EmailUpdateChoices => EmailUpdates::ALL.iter().map(|e| e.code()).collect();
}
