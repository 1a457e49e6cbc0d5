//! What a provider's user does: the clients referred to their provider, one
//! such client's referral, and progress reports. A provider sees a client
//! only while one of its interventions for that client is on record.

use zicht_domain::{
    access::may_read_as_provider, reintegration::trajectory::DatedReport, ClientId, DomainError,
    InterventionId, ProviderId,
};
use zicht_storage::{ProviderClientSummary, ProviderClientView};

use crate::{
    door::{forbidden, Kind},
    input::parse_id,
    process::ProgressInput,
    security, Acts, Caller,
};
use zicht_storage::LogStatus;

/// The provider a provider's user works for; others have none.
pub fn provider_of(who: &Caller) -> crate::Result<ProviderId> {
    who.employee
        .provider_id
        .ok_or_else(|| DomainError::forbidden("forbidden").into())
}

impl Acts {
    /// Opens client `id` for a provider's user: refused unless the client is
    /// referred to their provider (a refusal is logged like any other).
    /// Returns the client's BSN, for the record.
    pub async fn open_as_provider(
        &self,
        who: &Caller,
        id: ClientId,
        operation: &str,
    ) -> crate::Result<String> {
        let Ok(provider) = provider_of(who) else {
            security::refused_act(who, operation);
            return Err(forbidden());
        };
        let referred = self
            .store
            .referred_providers(who.organisation_id, id)
            .await?;
        let bsn = self.store.client_bsn(who.organisation_id, id).await;
        if !may_read_as_provider(&who.viewer(), Some(provider), &referred) {
            // Refused alike whether the client exists or not: a provider
            // learns nothing of clients not referred to it.
            match bsn {
                Ok(bsn) => self.refuse(who, operation, &bsn).await,
                Err(_) => security::refused_act(who, operation),
            }
            return Err(forbidden());
        }
        bsn
    }

    /// The clients referred to the user's provider, each read logged.
    pub async fn provider_clients(
        &self,
        who: &Caller,
    ) -> crate::Result<Vec<ProviderClientSummary>> {
        const OP: &str = "aanbieder_klanten_lezen";
        let Ok(provider) = provider_of(who) else {
            security::refused_act(who, OP);
            return Err(forbidden());
        };
        let clients = self
            .store
            .provider_clients(who.organisation_id, provider)
            .await?;
        self.record(
            who,
            OP,
            LogStatus::Ok,
            clients.iter().map(|c| c.bsn.as_str()),
        )
        .await?;
        Ok(clients)
    }

    /// What the provider may see of one referred client.
    pub async fn provider_client(
        &self,
        who: &Caller,
        id: ClientId,
    ) -> crate::Result<ProviderClientView> {
        const OP: &str = "aanbieder_klant_lezen";
        let bsn = self.open_as_provider(who, id, OP).await?;
        let provider = provider_of(who)?;
        let view = self
            .store
            .provider_client(who.organisation_id, provider, id, who.today())
            .await;
        self.logged(who, OP, &bsn, view, Kind::Read).await
    }

    /// A progress report on the provider's intervention for the client.
    pub async fn report_progress(
        &self,
        who: &Caller,
        id: ClientId,
        i: ProgressInput,
    ) -> crate::Result<()> {
        const OP: &str = "voortgang_rapporteren";
        let bsn = self.open_as_provider(who, id, OP).await?;
        let provider = provider_of(who)?;
        let done: crate::Result<()> = async {
            let intervention = parse_id(
                &i.intervention_id,
                "intervention_id",
                "intervention_unknown",
            )?;
            let report = DatedReport::parse(&i.on, &i.summary, who.today())?;
            self.store
                .report_progress(&who.ctx, provider, id, InterventionId(intervention), report)
                .await
        }
        .await;
        self.logged(who, OP, &bsn, done, Kind::Change).await
    }
}
