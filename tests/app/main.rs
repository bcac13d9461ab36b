//! Murphy's integration tests: the real router over a real PostgreSQL, one database per test.

mod accounts;
mod alertmanager;
mod alerts;
mod api;
mod browser;
mod caching;
mod commander;
mod email;
mod embedded;
mod incidents;
mod list;
mod live;
mod postmortems;
mod races;
mod reports;
mod resilience;
mod response;
mod security;
mod services;
mod statements;
mod status;
mod support;
mod telemetry;
mod transfer;
mod web;
mod webhooks;
