//! Customers and companies (A1, A4, W3): who a person is, apart from the
//! anonymous visitors they chat as.

pub const COMPANY_NAME_MAX: usize = 128;
pub const EXTERNAL_ID_MAX: usize = 128;
