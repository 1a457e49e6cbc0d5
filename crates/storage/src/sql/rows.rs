//! Reading rows shared by the commands, the reads and the checks: named
//! references, corrupt values, handovers and skills as the projection holds
//! them; and numbering new rows. Imports no other `sql/` module but the
//! backend's `dialect`.

use sqlx::Row;
use zicht_domain::{
    client::Owner,
    event::{PendingHandover, ReturnedHandover},
    skills::SkillSet,
    EmployeeId, HandoverId, TeamId,
};

use super::{dialect, DbConnection, DbRow};
use crate::{NamedRef, Result, StoreError};

pub(crate) fn named<Id>(
    row: &DbRow,
    id: &str,
    name: &str,
    wrap: fn(i64) -> Id,
) -> Result<NamedRef<Id>> {
    Ok(NamedRef {
        id: wrap(row.try_get(id)?),
        name: row.try_get(name)?,
    })
}

pub(crate) fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Corrupt(format!("{what} {value}"))
}

/// A returned handover as the projection holds it, from a `handovers` row.
pub(crate) fn returned_from_row(r: &DbRow) -> Result<ReturnedHandover> {
    Ok(ReturnedHandover {
        id: HandoverId(r.try_get("id")?),
        by_team: TeamId(r.try_get("to_team_id")?),
        reason: r
            .try_get::<Option<String>, _>("return_reason")?
            .unwrap_or_default(),
    })
}

/// A pending handover as the projection holds it, from a `handovers` row.
pub(crate) fn pending_from_row(r: &DbRow) -> Result<PendingHandover> {
    Ok(PendingHandover {
        id: HandoverId(r.try_get("id")?),
        from: Owner {
            team_id: TeamId(r.try_get("from_team_id")?),
            employee_id: EmployeeId(r.try_get("from_employee_id")?),
        },
        to_team: TeamId(r.try_get("to_team_id")?),
        to_employee: r
            .try_get::<Option<i64>, _>("to_employee_id")?
            .map(EmployeeId),
    })
}

pub(crate) fn skills_from_row(r: &DbRow) -> Result<SkillSet> {
    Ok(SkillSet {
        on_time: r.try_get("on_time")?,
        commitment: r.try_get("commitment")?,
        accepts_direction: r.try_get("accepts_direction")?,
        says_in_time: r.try_get("says_in_time")?,
        dresses_for_work: r.try_get("dresses_for_work")?,
    })
}

pub(crate) async fn next_id(conn: &mut DbConnection, table: &str) -> Result<i64> {
    dialect::reserve_ids(conn, table, 1)
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| StoreError::Corrupt(format!("no id reserved for {table}")))
}
