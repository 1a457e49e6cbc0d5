//! Opening a person's file for one act: the access decision and the
//! processing-log record around it, written once for every act.

use zicht_domain::{
    access::{may_change_client, may_read_client, may_read_processing_log, ClientScope},
    ClientId, DomainError,
};

use zicht_storage::LogStatus;

use crate::{security, Acts, Caller};

/// What an act needs of a client's file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// To read it.
    Read,
    /// To change it.
    Change,
    /// To see who processed its data (the person's right of access).
    Log,
}

/// A file opened for one act: access granted, the data subject known.
#[derive(Debug, Clone)]
pub struct Opened {
    pub id: ClientId,
    pub bsn: String,
    pub scope: ClientScope,
}

/// Casework acts are for the roles that work with client files; anyone else
/// is refused (a security event) before anything is read.
pub fn casework(who: &Caller, operation: &str) -> crate::Result<()> {
    if who.employee.role.works_with_clients() {
        Ok(())
    } else {
        security::refused_act(who, operation);
        Err(forbidden())
    }
}

/// The refusal every adapter shows as "no access to this data".
pub fn forbidden() -> crate::Error {
    DomainError::forbidden("forbidden").into()
}

impl Acts {
    /// Opens client `id` for `operation`. A refusal is a security event and,
    /// once the person is known, a processing-log record
    /// (`<operation>_geweigerd`, not ok). Roles without client files learn
    /// nothing, not even whether the client exists.
    pub async fn open(
        &self,
        who: &Caller,
        id: ClientId,
        need: Need,
        operation: &str,
    ) -> crate::Result<Opened> {
        let v = who.viewer();
        casework(who, operation)?;
        let scope = self.store.client_scope(who.organisation_id, id).await?;
        let allowed = match need {
            Need::Read => may_read_client(&v, &scope),
            Need::Change => may_change_client(&v, &scope),
            Need::Log => may_read_processing_log(&v, &scope),
        };
        let bsn = self.store.client_bsn(who.organisation_id, id).await?;
        if !allowed {
            self.refuse(who, operation, &bsn).await;
            return Err(forbidden());
        }
        Ok(Opened { id, bsn, scope })
    }

    /// The door around one act on client `id`: opens the file for
    /// `operation` (deciding access), runs `work`, and logs what came of it.
    /// `work` does not start unless access is granted.
    pub async fn on_file<T>(
        &self,
        who: &Caller,
        id: ClientId,
        need: Need,
        operation: &str,
        work: impl std::future::Future<Output = crate::Result<T>>,
    ) -> crate::Result<T> {
        let f = self.open(who, id, need, operation).await?;
        let kind = if need == Need::Change {
            Kind::Change
        } else {
            Kind::Read
        };
        self.logged(who, operation, &f.bsn, work.await, kind).await
    }

    /// Records a refused attempt on a person's file: a security event and a
    /// processing-log record.
    pub async fn refuse(&self, who: &Caller, operation: &str, bsn: &str) {
        security::refused_act(who, operation);
        let operation = format!("{operation}_geweigerd");
        if let Err(e) = self.record(who, &operation, LogStatus::Denied, [bsn]).await {
            tracing::error!(error = ?e, %operation, "processing log record not written");
        }
    }

    /// Logs what came of an act on one person's file and passes it on. A
    /// change that was made stays made when its record cannot be written (the
    /// failure is logged as an error); a read whose record cannot be written
    /// fails, so nothing is shown unlogged.
    pub async fn logged<T>(
        &self,
        who: &Caller,
        operation: &str,
        bsn: &str,
        result: crate::Result<T>,
        kind: Kind,
    ) -> crate::Result<T> {
        if kind == Kind::Change && result.is_ok() {
            // What the caller just did shows in their menu's count at once.
            self.counts.forget(who.employee.id);
        }
        match self
            .record(who, operation, LogStatus::of(result.is_ok()), [bsn])
            .await
        {
            Ok(()) => result,
            Err(e) if kind == Kind::Change || result.is_err() => {
                tracing::error!(error = ?e, %operation, "processing log record not written");
                result
            }
            Err(e) => Err(e),
        }
    }
}

/// Whether an act reads or changes, for what a failed log record means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Read,
    Change,
}
