//! Recorded overdrachtsoverleggen: stored with attendees and decisions,
//! listed per team, read back, and append-only (only retention may blank a
//! decision's note).

#![allow(clippy::unwrap_used)]

use time::OffsetDateTime;
use zicht_domain::{
    client::{NewClient, Owner},
    handover::{Actor, HandoverNote},
    meeting::{DecisionInput, MeetingId, MeetingOutcome, NewMeeting, TeamFacts},
    organisation::{OrganisationSettings, TeamKind},
    Bsn,
};
use zicht_storage::{testing, Ctx, StoreError};

#[tokio::test]
async fn a_meeting_is_stored_listed_read_back_and_never_changed() {
    let dir = tempfile::tempdir().unwrap();
    let url = testing::fresh_database_url(dir.path()).await;
    let store = testing::open(&url).await;
    let org = store
        .create_organisation("Gemeente", &OrganisationSettings::default())
        .await
        .unwrap();
    let intake = store
        .create_team(org, "Intake", TeamKind::Intake)
        .await
        .unwrap();
    let werk = store
        .create_team(org, "Werk", TeamKind::Werk)
        .await
        .unwrap();
    let ine = store
        .create_employee(org, intake, "Ine", "ine@x.example", 36)
        .await
        .unwrap();
    let ivo = store
        .create_employee(org, intake, "Ivo", "ivo@x.example", 36)
        .await
        .unwrap();
    let wim = store
        .create_employee(org, werk, "Wim", "wim@x.example", 36)
        .await
        .unwrap();
    let ctx = Ctx {
        organisation_id: org,
        actor: Actor {
            employee_id: ine,
            team_id: intake,
        },
        at: OffsetDateTime::now_utc(),
    };
    let bsn = (70_000_000..).find_map(Bsn::from_prefix).unwrap();
    let nc = NewClient::parse(
        &bsn.as_string(),
        "Anna",
        "1980-01-01",
        "",
        None,
        ctx.today(),
    )
    .unwrap();
    let client = store
        .register_client(
            &ctx,
            nc,
            Owner {
                team_id: intake,
                employee_id: ine,
            },
        )
        .await
        .unwrap();
    let note = HandoverNote::parse("Naar werk", "Intake", "", "Start maandag").unwrap();
    let h = store
        .offer_handover(&ctx, client, werk, None, note)
        .await
        .unwrap();

    assert_eq!(store.team_handover_ids(org, intake).await.unwrap(), [h]);
    assert_eq!(store.team_handover_ids(org, werk).await.unwrap(), [h]);
    let members = [ine, ivo];
    let handovers = [h];
    let meeting = NewMeeting::parse(
        TeamFacts {
            team: intake,
            members: &members,
            handovers: &handovers,
        },
        &ctx.today().to_string(),
        &[ivo, ine],
        &[DecisionInput {
            handover: h,
            outcome: "returned".into(),
            note: "Eerst schuldhulp".into(),
        }],
        ctx.today(),
    )
    .unwrap();
    let id = store.record_meeting(&ctx, &meeting).await.unwrap();

    let list = store.meetings(org, intake).await.unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].id, id);
    assert_eq!(list[0].attendee_count, 2);
    assert_eq!(list[0].decision_count, 1);
    assert_eq!(list[0].held_on, ctx.today());
    assert!(store.meetings(org, werk).await.unwrap().is_empty());

    let m = store.meeting(org, id).await.unwrap();
    assert_eq!(m.team.name, "Intake");
    assert_eq!(m.recorded_by.id, ine);
    let names: Vec<&str> = m.attendees.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["Ine", "Ivo"]);
    assert_eq!(m.decisions.len(), 1);
    assert_eq!(m.decisions[0].handover, h);
    assert_eq!(m.decisions[0].outcome, MeetingOutcome::Returned);
    assert_eq!(m.decisions[0].note, "Eerst schuldhulp");
    assert!(matches!(
        store.meeting(org, MeetingId(id.0 + 100)).await,
        Err(StoreError::NotFound(_))
    ));

    // An attendee of another team is refused by the database too.
    let mut wrong = meeting.clone();
    wrong.attendees = vec![wim];
    assert!(store.record_meeting(&ctx, &wrong).await.is_err());
    assert_eq!(store.meetings(org, intake).await.unwrap().len(), 1);

    // Append-only, behind the store's back as well.
    let pool = testing::raw_pool(&url).await;
    for sql in [
        "UPDATE handover_meetings SET held_on = held_on",
        "DELETE FROM handover_meetings",
        "DELETE FROM handover_meeting_attendees",
        "UPDATE handover_meeting_attendees SET employee_id = employee_id",
        "UPDATE handover_meeting_decisions SET outcome = 'accepted'",
        "UPDATE handover_meeting_decisions SET note = 'iets anders'",
        "DELETE FROM handover_meeting_decisions",
    ] {
        assert!(
            sqlx::query(sql).execute(&pool).await.is_err(),
            "{sql} must be refused"
        );
    }
    // Retention may blank the note, and only that.
    sqlx::query("UPDATE handover_meeting_decisions SET note = ''")
        .execute(&pool)
        .await
        .unwrap();
    let m = store.meeting(org, id).await.unwrap();
    assert_eq!(m.decisions[0].note, "");
    assert_eq!(m.decisions[0].outcome, MeetingOutcome::Returned);
    assert!(store.check().await.unwrap().is_empty());
}
