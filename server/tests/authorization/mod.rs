//! The authorization matrix. Two tables list who may call what: every
//! `/api/v1` operation (`rest.rs`, checked against the API document) and
//! every server function (`functions.rs`, checked against the registry of
//! server functions), each called as nobody signed in, the visitor whose
//! conversation it is, another visitor, an agent whose role grants nothing,
//! one agent per permission whose role grants only it, and an admin. An allowed caller gets past authorization; a refused one
//! gets 401, 403 or 404 and every table row is exactly as it was
//! (`fixture::snapshot`). An operation or function without a row fails the
//! test, so a new feature cannot forget its row.

mod fixture;
mod functions;
mod functions_qa;
mod rest;
