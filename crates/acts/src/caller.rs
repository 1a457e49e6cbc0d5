//! Who acts: the employee behind a request or a command, with the moment.

use time::{Date, OffsetDateTime};
use zicht_domain::{
    access::Viewer, handover::Actor, organisation::Employee, EmployeeId, OrganisationId,
};
use zicht_storage::{Ctx, Store};

/// The employee an act is done by, resolved once per request or command.
#[derive(Debug, Clone)]
pub struct Caller {
    pub organisation_id: OrganisationId,
    pub employee: Employee,
    /// The context storage commands record with every event.
    pub ctx: Ctx,
}

impl Caller {
    /// Looks the employee up; an unknown one is [`crate::Error::NotFound`].
    pub async fn resolve(
        store: &dyn Store,
        employee: EmployeeId,
        at: OffsetDateTime,
    ) -> crate::Result<Caller> {
        let (organisation_id, employee) = store.employee(employee).await?;
        let ctx = Ctx {
            organisation_id,
            actor: Actor {
                employee_id: employee.id,
                team_id: employee.team_id,
            },
            at,
        };
        Ok(Caller {
            organisation_id,
            employee,
            ctx,
        })
    }

    /// Today in the Netherlands.
    pub fn today(&self) -> Date {
        self.ctx.today()
    }

    /// What the access rules look at.
    pub fn viewer(&self) -> Viewer {
        Viewer {
            role: self.employee.role,
            employee: self.employee.id,
            team: self.employee.team_id,
        }
    }
}
