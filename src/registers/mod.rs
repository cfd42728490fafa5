//! The garden's registers: decisions, roles, météo history, custom records.
