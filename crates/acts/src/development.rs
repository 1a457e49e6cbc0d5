//! Professional development: an employee's POP (goals, dated actions,
//! reviews with the team lead), trainings and intervision attendance. The
//! employee reads and adds their own; their team lead the team's and records
//! reviews; management sees aggregates per team only. Whatever someone other
//! than the employee reads or records of it is written to the processing
//! log, with the employee as the subject (`medewerker:<id>`).

use serde::{Deserialize, Serialize};
use time::{Date, Duration};
use zicht_domain::{
    access::Role,
    development::{self, NewReview, NewTraining},
    intervision::quarter,
    organisation::Employee,
    EmployeeId, IntervisionId, PopGoalId, TeamId,
};
use zicht_storage::{Development, LogStatus, NamedRef, StoreError};

use crate::{door::forbidden, security, Acts, Caller};

/// The hours of a full-time week, for training hours per FTE (the municipal
/// collective agreement's 36).
pub const FULL_TIME_HOURS: f64 = 36.0;

/// The subject of the processing log for an employee's own data.
pub fn subject(employee: EmployeeId) -> String {
    format!("medewerker:{}", employee.0)
}

/// An employee's development as shown to who may read it.
#[derive(Debug, Clone, Serialize)]
pub struct DevelopmentView {
    pub employee: NamedRef<EmployeeId>,
    pub team: NamedRef<TeamId>,
    #[serde(flatten)]
    pub development: Development,
    /// Intervision sessions attended in the last twelve months, latest first.
    pub intervision: Vec<AttendedSession>,
    /// Whether the reader may record a review (the team lead).
    pub may_review: bool,
}

/// An intervision session the employee took part in.
#[derive(Debug, Clone, Serialize)]
pub struct AttendedSession {
    pub session_id: IntervisionId,
    pub team: NamedRef<TeamId>,
    pub held_on: Date,
    pub quarter: String,
}

/// A goal as typed in.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct GoalInput {
    pub description: String,
}

/// An action as typed in.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ActionInput {
    pub description: String,
    pub due_on: String,
}

/// A review as typed in.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ReviewInput {
    pub reviewed_on: String,
    pub notes: String,
}

/// A training as typed in.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct TrainingInput {
    pub course: String,
    pub completed_on: String,
    #[serde(deserialize_with = "crate::input::text_or_number")]
    pub hours: String,
    pub certificate: bool,
}

/// The aggregates of one team, for the effectenkaart.
#[derive(Debug, Clone, Serialize)]
pub struct TeamDevelopment {
    pub team: NamedRef<TeamId>,
    pub employees: i64,
    /// Contract hours over [`FULL_TIME_HOURS`], to one decimal.
    pub fte: f64,
    /// Employees whose POP was reviewed in the twelve months up to today.
    pub pops_reviewed: i64,
    /// Training hours completed in the twelve months up to today.
    pub training_hours: i64,
    pub training_hours_per_employee: f64,
    pub training_hours_per_fte: f64,
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

impl Acts {
    /// The employee `id` of the caller's organisation, and whether the caller
    /// may do what `allowed` says with their development; refused otherwise
    /// (a security event).
    async fn employee_for(
        &self,
        who: &Caller,
        id: EmployeeId,
        operation: &str,
        allowed: fn(&zicht_domain::access::Viewer, EmployeeId, TeamId) -> bool,
    ) -> crate::Result<Employee> {
        let (org, e) = self.store.employee(id).await?;
        if org != who.organisation_id {
            return Err(StoreError::NotFound("employee"));
        }
        if !allowed(&who.viewer(), e.id, e.team_id) {
            security::refused_act(who, operation);
            return Err(forbidden());
        }
        Ok(e)
    }

    /// Logs a read or change of `employee`'s development by someone else.
    async fn log_other(
        &self,
        who: &Caller,
        employee: EmployeeId,
        operation: &str,
    ) -> crate::Result<()> {
        if who.employee.id == employee {
            return Ok(());
        }
        self.record(who, operation, LogStatus::Ok, [subject(employee).as_str()])
            .await
    }

    /// An employee's POP, reviews, trainings and intervision attendance:
    /// for the employee and their team lead.
    pub async fn development(
        &self,
        who: &Caller,
        id: EmployeeId,
    ) -> crate::Result<DevelopmentView> {
        const OP: &str = "pop_lezen";
        let e = self
            .employee_for(who, id, OP, development::may_read)
            .await?;
        let org = who.organisation_id;
        let d = self.store.development(org, id).await?;
        let today = who.today();
        let mut intervision: Vec<AttendedSession> = self
            .store
            .intervision_attendance(org, today - Duration::days(365), today)
            .await?
            .into_iter()
            .filter(|r| r.participant.id == id)
            .map(|r| AttendedSession {
                session_id: r.session_id,
                quarter: quarter(r.held_on),
                team: r.team,
                held_on: r.held_on,
            })
            .collect();
        intervision.reverse();
        let team = self
            .store
            .teams(org)
            .await?
            .into_iter()
            .find(|t| t.id == e.team_id)
            .map(|t| NamedRef {
                id: t.id,
                name: t.name,
            })
            .unwrap_or(NamedRef {
                id: e.team_id,
                name: String::new(),
            });
        self.log_other(who, id, OP).await?;
        Ok(DevelopmentView {
            employee: NamedRef {
                id: e.id,
                name: e.name,
            },
            team,
            development: d,
            intervision,
            may_review: development::may_review(&who.viewer(), id, e.team_id),
        })
    }

    /// Adds a goal to an employee's POP: the employee or their team lead.
    pub async fn add_pop_goal(
        &self,
        who: &Caller,
        id: EmployeeId,
        i: &GoalInput,
    ) -> crate::Result<PopGoalId> {
        const OP: &str = "pop_doel_toevoegen";
        self.employee_for(who, id, OP, development::may_add).await?;
        let description = development::line("description", &i.description, "pop_goal_required")?;
        let goal = self.store.add_pop_goal(&who.ctx, id, &description).await?;
        self.after_change(who, id, OP).await;
        Ok(goal)
    }

    /// Adds a dated action to a goal: the employee or their team lead.
    pub async fn add_pop_action(
        &self,
        who: &Caller,
        id: EmployeeId,
        goal: PopGoalId,
        i: &ActionInput,
    ) -> crate::Result<()> {
        const OP: &str = "pop_actie_toevoegen";
        self.employee_for(who, id, OP, development::may_add).await?;
        let description = development::line("description", &i.description, "pop_action_required");
        let due = development::date("due_on", &i.due_on, "pop_action_date_required");
        let (description, due) = match (description, due) {
            (Ok(d), Ok(due)) => (d, due),
            (d, due) => {
                return Err(StoreError::Invalid(
                    d.err().into_iter().chain(due.err()).collect(),
                ))
            }
        };
        self.store
            .add_pop_action(&who.ctx, id, goal, &description, due)
            .await?;
        self.after_change(who, id, OP).await;
        Ok(())
    }

    /// Records a review of an employee's POP: their team lead only.
    pub async fn record_pop_review(
        &self,
        who: &Caller,
        id: EmployeeId,
        i: &ReviewInput,
    ) -> crate::Result<()> {
        const OP: &str = "pop_gesprek_vastleggen";
        self.employee_for(who, id, OP, development::may_review)
            .await?;
        let review =
            NewReview::parse(&i.reviewed_on, &i.notes, who.today()).map_err(StoreError::Invalid)?;
        self.store.record_pop_review(&who.ctx, id, &review).await?;
        self.after_change(who, id, OP).await;
        Ok(())
    }

    /// Records a training an employee followed: the employee or their team lead.
    pub async fn record_training(
        &self,
        who: &Caller,
        id: EmployeeId,
        i: &TrainingInput,
    ) -> crate::Result<()> {
        const OP: &str = "training_vastleggen";
        self.employee_for(who, id, OP, development::may_add).await?;
        let t = NewTraining::parse(
            &i.course,
            &i.completed_on,
            &i.hours,
            i.certificate,
            who.today(),
        )
        .map_err(StoreError::Invalid)?;
        self.store.record_training(&who.ctx, id, &t).await?;
        self.after_change(who, id, OP).await;
        Ok(())
    }

    /// A change made stays made when its record cannot be written.
    async fn after_change(&self, who: &Caller, id: EmployeeId, operation: &str) {
        if let Err(e) = self.log_other(who, id, operation).await {
            tracing::error!(error = ?e, %operation, "processing log record not written");
        }
    }

    /// Per team: employees, FTE, POPs reviewed in the twelve months up to
    /// today, and training hours in those months (in total, per employee and
    /// per FTE). Management every team, a team lead their own; no person is
    /// named, so nothing is logged.
    pub async fn development_aggregates(
        &self,
        who: &Caller,
    ) -> crate::Result<Vec<TeamDevelopment>> {
        const OP: &str = "ontwikkeling_totalen_lezen";
        let me = who.viewer();
        if !matches!(me.role, Role::Management | Role::Teamleider) {
            security::refused_act(who, OP);
            return Err(forbidden());
        }
        let org = who.organisation_id;
        let since = who.today() - Duration::days(365);
        let facts = self.store.development_facts(org, since).await?;
        let mut out = Vec::new();
        for t in self.store.teams(org).await? {
            if !development::may_view_aggregates(&me, t.id) {
                continue;
            }
            let people: Vec<_> = facts.iter().filter(|f| f.team == t.id).collect();
            let employees = people.len() as i64;
            let fte = people.iter().map(|f| f.hours_per_week as f64).sum::<f64>() / FULL_TIME_HOURS;
            let hours: i64 = people.iter().map(|f| f.training_hours).sum();
            let per = |n: f64| {
                if n > 0.0 {
                    round1(hours as f64 / n)
                } else {
                    0.0
                }
            };
            out.push(TeamDevelopment {
                employees,
                fte: round1(fte),
                pops_reviewed: people
                    .iter()
                    .filter(|f| f.last_review_on.is_some_and(|d| d >= since))
                    .count() as i64,
                training_hours: hours,
                training_hours_per_employee: per(employees as f64),
                training_hours_per_fte: per(fte),
                team: NamedRef {
                    id: t.id,
                    name: t.name,
                },
            });
        }
        Ok(out)
    }
}
