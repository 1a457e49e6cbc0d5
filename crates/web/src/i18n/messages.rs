//! The message of every error code the domain, the acts and the web layer
//! return, as a user reads it.

/// Every error code with its Dutch and English text. Kept in one table so a
/// test can check that no code lacks a translation.
pub(super) const MESSAGES: &[(&str, &str, &str)] = &[
    ("bsn_required", "Vul een BSN in.", "Enter a citizen service number (BSN)."),
    ("bsn_not_digits", "Een BSN bestaat alleen uit cijfers.", "A BSN consists of digits only."),
    ("bsn_length", "Een BSN heeft 9 cijfers.", "A BSN has 9 digits."),
    ("bsn_elfproef", "Dit BSN bestaat niet: het voldoet niet aan de elfproef. Controleer de cijfers.", "This BSN does not exist: it fails the eleven-test. Check the digits."),
    ("search_too_short", "Typ minstens twee letters van de naam, of een volledig BSN.", "Type at least two letters of the name, or a complete BSN."),
    ("name_required", "Vul een naam in.", "Enter a name."),
    ("name_too_long", "Deze tekst is te lang (hoogstens 200 tekens).", "This text is too long (200 characters at most)."),
    ("text_too_long", "Deze tekst is te lang (hoogstens 4000 tekens).", "This text is too long (4000 characters at most)."),
    ("date_invalid", "Vul een geldige datum in (dd-mm-jjjj of jjjj-mm-dd).", "Enter a valid date (dd-mm-yyyy or yyyy-mm-dd)."),
    ("birth_date_future", "De geboortedatum ligt in de toekomst.", "The date of birth is in the future."),
    ("birth_date_implausible", "Deze geboortedatum is niet aannemelijk voor een klant (leeftijd 15 tot 110 jaar).", "This date of birth is not plausible for a client (age 15 to 110)."),
    ("date_future", "Deze datum ligt in de toekomst.", "This date is in the future."),
    ("next_contact_past", "De volgende afspraak moet na de contactdatum liggen.", "The next appointment must be after the contact date."),
    ("phase_invalid", "Kies een fase uit de lijst.", "Choose a phase from the list."),
    ("phase_unchanged", "De klant staat al in deze fase.", "The client is already in this phase."),
    ("contact_kind_invalid", "Kies een soort contact: gesprek, telefoon, e-mail of huisbezoek.", "Choose a kind of contact: meeting, phone, e-mail or home visit."),
    ("with_whom_required", "Vul in met wie het contact was.", "Enter who the contact was with."),
    ("team_required", "Kies een team.", "Choose a team."),
    ("team_unknown", "Dit team bestaat niet.", "This team does not exist."),
    ("employee_unknown", "Deze medewerker bestaat niet.", "This employee does not exist."),
    ("bad_request", "Het verzoek kon niet worden gelezen; er is niets opgeslagen.", "The request could not be read; nothing was saved."),
    ("value_invalid", "Deze waarde heeft niet de goede vorm (bijvoorbeeld tekst waar een getal hoort, of een getal kleiner dan nul).", "This value does not have the right form (for example text where a number belongs, or a number below zero)."),
    ("json_invalid", "Dit is geen geldig JSON-document.", "This is not a valid JSON document."),
    ("json_expected", "Stuur de gegevens als JSON (Content-Type: application/json).", "Send the data as JSON (Content-Type: application/json)."),
    ("too_large", "Het verzoek is te groot: een uitkeringsbestand mag hoogstens 64 MiB zijn, elk ander formulier of document hoogstens 1 MiB. Er is niets opgeslagen.", "The request is too large: a benefits roster may be 64 MiB at most, any other form or document 1 MiB. Nothing was saved."),
    ("owner_other_team", "U schrijft een klant in bij uw eigen team. Naar een ander team gaat een klant met een overdracht.", "You register a client with your own team. A client goes to another team by a handover."),
    ("employee_not_in_team", "Deze klantmanager hoort niet bij het gekozen team.", "This caseworker is not a member of the chosen team."),
    ("handover_same_team", "De klant zit al bij dit team. Kies een ander team.", "The client is already with this team. Choose another team."),
    ("handover_reason_required", "Vul de reden van de overdracht in.", "Enter the reason for the handover."),
    ("handover_done_required", "Vul in wat er al gedaan is.", "Enter what has been done so far."),
    ("handover_agreements_required", "Vul in wat er met de klant is afgesproken.", "Enter what has been agreed with the client."),
    ("return_reason_required", "Geef aan waarom de overdracht wordt teruggestuurd.", "State why the handover is returned."),
    ("returned_seen_reason_required", "Geef kort aan waarom de klant bij uw team blijft.", "State briefly why the client stays with your team."),
    ("no_returned_handover", "Er is geen teruggestuurde overdracht meer te zien: de klant is opnieuw aangeboden of de terugzending is al gezien.", "There is no returned handover left to see: the client was offered again or the return was seen already."),
    ("close_reason_required", "Geef een reden voor het afsluiten van de klant.", "Give a reason for closing the client."),
    ("handover_pending", "Er staat al een overdracht open voor deze klant. Wacht op het antwoord of trek die eerst in.", "A handover for this client is already pending. Wait for the answer or withdraw it first."),
    ("handover_not_pending", "Deze overdracht is al afgehandeld (geaccepteerd, teruggestuurd of ingetrokken).", "This handover has already been settled (accepted, returned or withdrawn)."),
    ("client_changed", "Iemand anders heeft dit dossier zojuist gewijzigd. Laad de pagina opnieuw en probeer het nog eens.", "Someone else changed this file just now. Reload the page and try again."),
    ("handover_pending_on_close", "Er staat een overdracht open. Trek die in voordat u de klant afsluit.", "A handover is pending. Withdraw it before closing the client."),
    ("client_closed", "Deze klant is afgesloten.", "This client has been closed."),
    ("client_exists", "Er is al een open klant met dit BSN.", "An open client with this BSN already exists."),
    ("history_without_created", "Een ingelezen geschiedenis moet met precies één inschrijving beginnen.", "An imported history must start with exactly one registration."),
    ("history_unknown_handover", "De ingelezen geschiedenis noemt een overdracht die niet (meer) openstaat.", "The imported history refers to a handover that is not (or no longer) pending."),
    ("not_owner_team", "Alleen het team dat de klant heeft, kan dit doen.", "Only the team that owns the client can do this."),
    ("not_receiving_team", "Alleen het ontvangende team kan deze overdracht accepteren of terugsturen.", "Only the receiving team can accept or return this handover."),
    ("not_sending_team", "Alleen het team dat de overdracht aanbood, kan haar intrekken.", "Only the team that offered the handover can withdraw it."),
    ("no_intake_team", "Er is geen intaketeam om nieuwe klanten aan toe te wijzen.", "There is no intake team to assign new clients to."),
    ("roster_empty", "Het bestand bevat geen regels.", "The file contains no rows."),
    ("roster_header", "De kopregel mist een verplichte kolom (bsn, naam, ingangsdatum).", "The header row lacks a required column (bsn, name, start date)."),
    ("roster_columns", "Deze regel heeft te weinig kolommen.", "This row has too few columns."),
    ("roster_end_before_start", "De einddatum ligt voor de ingangsdatum.", "The end date is before the start date."),
    ("roster_duplicate", "Dit BSN staat al eerder in het bestand.", "This BSN appears earlier in the file."),
    ("roster_encoding", "Het bestand is geen geldige UTF-8-tekst.", "The file is not valid UTF-8 text."),
    ("roster_no_valid_rows", "Het bestand bevat geen enkele goede regel. Er is niets gewijzigd; controleer of dit het juiste bestand is.", "The file contains not a single valid row. Nothing was changed; check that this is the right file."),
    ("roster_many_changes", "Dit bestand zou de uitkeringsstatus van meer open klanten veranderen dan de organisatie zonder bevestiging toestaat.", "This file would change the benefit status of more open clients than the organisation allows without confirmation."),
    ("roster_fewer_rows", "Dit bestand heeft minder dan de helft van de goede regels van de vorige toegepaste afstemming.", "This file has fewer than half the valid rows of the last applied reconciliation."),
    ("roster_confirmation_required", "Dit bestand verandert veel in het register. Er is nog niets gewijzigd: bekijk de aantallen en bevestig als het bestand klopt.", "This file changes a lot in the register. Nothing has been changed yet: review the counts and confirm if the file is right."),
    ("roster_run_not_awaiting", "Deze afstemming wacht niet (meer) op bevestiging. Upload het bestand opnieuw.", "This reconciliation is not (or no longer) awaiting confirmation. Upload the file again."),
    ("roster_run_not_applied", "Deze afstemming is niet toegepast; er zijn geen spookklanten in te schrijven.", "This reconciliation was not applied; there are no ghost clients to register."),
    ("setting_overdue_days_range", "Kies een termijn van 1 tot en met 60 werkdagen.", "Choose a term of 1 to 60 working days."),
    ("setting_no_contact_weeks_range", "Kies een termijn van 1 tot en met 104 weken.", "Choose a term of 1 to 104 weeks."),
    ("setting_retention_range", "Kies een bewaartermijn van 1 tot en met 100 jaar.", "Choose a retention term of 1 to 100 years."),
    ("setting_caseload_ceiling_range", "Kies een plafond van 1 tot en met 1000 klanten per 40 uur.", "Choose a ceiling of 1 to 1000 clients per 40 hours."),
    ("setting_return_window", "Kies een terugvaltermijn van 6, 12 of 24 maanden.", "Choose a return window of 6, 12 or 24 months."),
    ("setting_care_arrival_days_range", "Kies een termijn van 1 tot en met 365 dagen.", "Choose a term of 1 to 365 days."),
    ("setting_roster_confirm_share_range", "Kies een aandeel van 1 tot en met 100 procent.", "Choose a share of 1 to 100 percent."),
    ("diagnosis_source_invalid", "Kies waar deze informatie vandaan komt: dossier, klant, observatie of andere organisatie.", "Choose where this information comes from: file, client, observation or another organisation."),
    ("diagnosis_text_required", "Vul in wat er bekend is.", "Enter what is known."),
    ("ladder_rung_invalid", "Kies een trede van 1 tot en met 6.", "Choose a rung from 1 to 6."),
    ("zrm_version_invalid", "Kies een versie van de Zelfredzaamheid-Matrix.", "Choose a version of the self-sufficiency matrix."),
    ("zrm_domain_unknown", "Dit domein hoort niet bij de gekozen versie van de matrix.", "This domain is not part of the chosen version of the matrix."),
    ("zrm_domain_twice", "Een domein kan maar één keer gescoord worden.", "A domain can be scored only once."),
    ("zrm_score_range", "Een score loopt van 1 (acute problematiek) tot en met 5 (volledig zelfredzaam).", "A score runs from 1 (acute problems) to 5 (fully self-sufficient)."),
    ("zrm_scores_required", "Scoor ten minste één domein.", "Score at least one domain."),
    ("instrument_invalid", "Kies een instrument: participatieladder of zelfredzaamheid-matrix.", "Choose an instrument: participation ladder or self-sufficiency matrix."),
    ("instrument_ladder_required", "In deze fase is de Participatieladder verplicht. Meet de trede, of leg uit waarom dat niet kan.", "The participation ladder is required in this phase. Measure the rung, or explain why that is not possible."),
    ("instrument_zrm_required", "In deze fase is de Zelfredzaamheid-Matrix verplicht. Scoor de matrix, of leg uit waarom dat niet kan.", "The self-sufficiency matrix is required in this phase. Score it, or explain why that is not possible."),
    ("instrument_both_required", "In deze fase zijn de Participatieladder en de Zelfredzaamheid-Matrix verplicht. Gebruik ze, of leg uit waarom dat niet kan.", "The participation ladder and the self-sufficiency matrix are required in this phase. Use them, or explain why that is not possible."),
    ("explanation_required", "Leg uit waarom het instrument niet is gebruikt.", "Explain why the instrument was not used."),
    ("goal_target_invalid", "Kies waar het doel op gericht is: een basisvaardigheid of een trede van de Participatieladder.", "Choose what the goal aims at: a basic skill or a rung of the participation ladder."),
    ("goal_description_required", "Beschrijf het doel.", "Describe the goal."),
    ("goal_unknown", "Dit doel staat niet in het trajectplan van deze klant.", "This goal is not in this client's plan."),
    ("catalogue_item_required", "Kies een interventie uit de catalogus.", "Choose an intervention from the catalogue."),
    ("catalogue_item_unknown", "Deze interventie staat niet (meer) in de catalogus.", "This intervention is not (or no longer) in the catalogue."),
    ("catalogue_name_required", "Vul de naam van de interventie in.", "Enter the name of the intervention."),
    ("catalogue_kind_invalid", "Kies: eigen module of ingekocht.", "Choose: in-house module or bought."),
    ("catalogue_provider_required", "Een ingekochte interventie hoort bij een aanbieder.", "A bought intervention belongs to a provider."),
    ("catalogue_provider_in_house", "Een eigen module heeft geen aanbieder.", "An in-house module has no provider."),
    ("reasoning_why_this_required", "Leg uit waarom u voor deze interventie kiest.", "Explain why you choose this intervention."),
    ("reasoning_why_client_required", "Leg uit waarom deze interventie past bij deze klant.", "Explain why this intervention suits this client."),
    ("reasoning_expected_required", "Vul in waartoe de interventie moet leiden.", "Enter what the intervention is expected to lead to."),
    ("planned_end_before_start", "De geplande einddatum ligt voor de startdatum.", "The planned end date is before the start date."),
    ("ended_before_start", "De einddatum ligt voor de startdatum.", "The end date is before the start date."),
    ("intervention_outcome_invalid", "Kies een resultaat uit de lijst.", "Choose a result from the list."),
    ("intervention_result_required", "Beschrijf het resultaat.", "Describe the result."),
    ("intervention_ended", "Deze interventie is al afgerond.", "This intervention has already ended."),
    ("intervention_unknown", "Deze interventie staat niet in het trajectplan van deze klant.", "This intervention is not in this client's plan."),
    ("report_summary_required", "Vul de inhoud van het verslag in.", "Enter what the report says."),
    ("name_taken", "Deze naam is al in gebruik.", "This name is already in use."),
    ("provider_unknown", "Deze aanbieder bestaat niet.", "This provider does not exist."),
    ("provider_name_required", "Vul de naam van de aanbieder in.", "Enter the provider's name."),
    ("provider_not_referred", "Deze klant is niet (meer) naar deze aanbieder verwezen.", "This client is not (or no longer) referred to this provider."),
    ("contract_reference_required", "Vul het kenmerk van het contract in.", "Enter the contract reference."),
    ("care_kind_invalid", "Kies: zorg, hulpverlening of vrijwilligerswerk.", "Choose: care, support or volunteer work."),
    ("care_organisation_unknown", "Deze organisatie bestaat niet.", "This organisation does not exist."),
    ("care_organisation_name_required", "Vul de naam van de organisatie in.", "Enter the organisation's name."),
    ("referral_note_required", "Vul in waarvoor de klant verwezen wordt.", "Enter what the client is referred for."),
    ("referral_unknown", "Deze verwijzing bestaat niet voor deze klant.", "This referral does not exist for this client."),
    ("referral_not_waiting", "Deze verwijzing wacht niet meer op aankomst.", "This referral is no longer waiting for arrival."),
    ("referral_ended", "Deze verwijzing is al beëindigd.", "This referral has already ended."),
    ("arrival_confirmation_invalid", "Kies hoe de aankomst is bevestigd.", "Choose how the arrival was confirmed."),
    ("arrived_before_referral", "De klant kan niet aankomen voordat hij verwezen is.", "The client cannot arrive before being referred."),
    ("referral_end_reason_required", "Geef de reden van beëindigen.", "Give the reason for ending."),
    ("history_unsupported_event", "Een ingelezen geschiedenis kan (nog) geen diagnose, trajectplan of verwijzingen bevatten.", "An imported history cannot (yet) contain diagnosis, plan or referrals."),
    ("setting_aftercare_months_range", "Kies een nazorgtermijn van 1 tot en met 24 maanden.", "Choose an aftercare term of 1 to 24 months."),
    ("setting_reassessment_weeks_range", "Kies een termijn voor een nieuwe klantinzet van 4 tot en met 104 weken.", "Choose a re-assessment term of 4 to 104 weeks."),
    ("sector_invalid", "Kies een sector uit de lijst.", "Choose a sector from the list."),
    ("employer_name_required", "Vul de naam van de werkgever in.", "Enter the employer's name."),
    ("employer_unknown", "Deze werkgever bestaat niet.", "This employer does not exist."),
    ("email_invalid", "Vul een geldig e-mailadres in.", "Enter a valid e-mail address."),
    ("employer_contact_kind_invalid", "Kies een soort contact: bedrijfsbezoek, telefoon, e-mail of netwerkbijeenkomst.", "Choose a kind of contact: visit, phone, e-mail or meeting."),
    ("employer_contact_outcome_required", "Vul in wat het contact heeft opgeleverd.", "Enter what the contact brought."),
    ("vacancy_title_required", "Vul de functie in.", "Enter the job title."),
    ("vacancy_unknown", "Deze vacature bestaat niet.", "This vacancy does not exist."),
    ("vacancy_not_open", "Deze vacature staat niet meer open.", "This vacancy is no longer open."),
    ("vacancy_status_invalid", "Kies een status: open, vervuld of gesloten.", "Choose a status: open, filled or closed."),
    ("hours_range", "Kies een aantal uren van 1 tot en met 40 per week.", "Choose 1 to 40 hours a week."),
    ("hours_reversed", "Het maximum aantal uren ligt onder het minimum.", "The maximum hours are below the minimum."),
    ("match_not_suggested", "Deze klant past (nu) niet bij de vacature: alleen klanten die klaar zijn voor bemiddeling en bij hun wensen passen, kunnen worden voorgedragen.", "This client does not (now) fit the vacancy: only clients ready for mediation whose wishes fit can be proposed."),
    ("mediation_unknown", "Deze bemiddeling bestaat niet voor deze klant.", "This mediation does not exist for this client."),
    ("mediation_ended", "Deze bemiddeling is al afgerond.", "This mediation has already ended."),
    ("mediation_step_invalid", "Kies een stap uit de lijst.", "Choose a step from the list."),
    ("mediation_result_invalid", "Kies een resultaat: aangenomen, niet aangenomen of teruggetrokken.", "Choose a result: hired, not hired or withdrawn."),
    ("placement_description_required", "Beschrijf het vrijwilligerswerk.", "Describe the volunteer work."),
    ("placement_unknown", "Deze plaatsing bestaat niet voor deze klant.", "This placement does not exist for this client."),
    ("placement_ended", "Deze plaatsing is al beëindigd.", "This placement has already ended."),
    ("volunteer_organisation_required", "Kies een organisatie voor vrijwilligerswerk.", "Choose an organisation for volunteer work."),
    ("placement_end_reason_required", "Geef de reden van beëindigen.", "Give the reason for ending."),
    ("outflow_kind_invalid", "Kies volledige of gedeeltelijke uitstroom.", "Choose full or partial outflow."),
    ("outflow_reason_invalid", "Kies een reden van uitstroom uit de lijst.", "Choose a reason for outflow from the list."),
    ("outflow_too_far_ahead", "De startdatum ligt meer dan drie maanden vooruit.", "The start date is more than three months ahead."),
    ("outflow_partial_hours_required", "Vul bij gedeeltelijke uitstroom het aantal uren per week in.", "For partial outflow, enter the hours a week."),
    ("no_aftercare", "Deze klant is niet in nazorg.", "This client is not in aftercare."),
    ("check_in_note_required", "Vul in hoe het gaat.", "Enter how it is going."),
    ("legal_basis_invalid", "Kies de wettelijke grondslag uit de lijst.", "Choose the legal basis from the list."),
    ("sanction_behaviour_required", "Beschrijf de gedraging.", "Describe the behaviour."),
    ("sanction_consideration_required", "Weeg af wat een maatregel doet met de re-integratie van de klant; dat is verplicht.", "Weigh what a sanction does to the client's re-integration; this is required."),
    ("sanction_consideration_too_short", "De afweging is te kort (minstens 20 tekens): beschrijf het effect op de re-integratie.", "The consideration is too short (at least 20 characters): describe the effect on re-integration."),
    ("sanction_decision_invalid", "Kies: opleggen of afzien.", "Choose: impose or waive."),
    ("sanction_percent_range", "Kies een verlaging van 1 tot en met 100 procent.", "Choose a reduction of 1 to 100 percent."),
    ("sanction_months_range", "Kies een duur van 1 tot en met 3 maanden.", "Choose a duration of 1 to 3 months."),
    ("sanction_reason_required", "Motiveer het besluit.", "Give the reasons for the decision."),
    ("decision_before_consideration", "Het besluit kan niet voor de afweging liggen.", "The decision cannot precede the consideration."),
    ("sanction_unknown", "Deze maatregel bestaat niet voor deze klant.", "This sanction does not exist for this client."),
    ("sanction_decided", "Over deze maatregel is al besloten.", "This sanction has already been decided."),
    ("letter_title_required", "Vul de titel van de brief in.", "Enter the letter's title."),
    ("letter_body_required", "Vul de tekst van de brief in.", "Enter the letter's text."),
    ("letter_placeholder_unknown", "De tekst gebruikt een onbekend invulveld tussen accolades; kies uit de lijst.", "The text uses an unknown placeholder in braces; choose from the list."),
    ("letter_template_unknown", "Dit briefsjabloon bestaat niet.", "This letter template does not exist."),
    ("period_reversed", "De einddatum ligt voor de begindatum.", "The end date is before the start date."),
    ("period_too_long", "Kies een periode van hoogstens vijf jaar.", "Choose a period of at most five years."),
    ("period_out_of_range", "Kies een periode tussen 1900 en 2200.", "Choose a period between 1900 and 2200."),
    ("agreement_target_range", "Kies een doel van 1 tot en met 100.000.", "Choose a target of 1 to 100,000."),
    ("agreement_kind_invalid", "Kies een soort afspraak uit de lijst.", "Choose a kind of agreement from the list."),
    ("agreement_scope_invalid", "Kies een team of klantmanager van uw organisatie.", "Choose a team or caseworker of your organisation."),
    ("scope_invalid", "Kies de organisatie, een team of een klantmanager van uw organisatie.", "Choose the organisation, a team or a caseworker of your organisation."),
    ("indicator_unknown", "Dit cijfer bestaat niet op de effectenkaart.", "This figure is not on the effects map."),
    ("aggregates_only", "Uw rol ziet alleen totalen, geen klantgegevens.", "Your role sees totals only, no client data."),
    ("oidc_failed", "Inloggen via de gemeente-account is niet gelukt. Probeer het opnieuw.", "Signing in with the municipality account failed. Please try again."),
    ("oidc_unknown_account", "Er is in Zicht geen medewerker met dit e-mailadres. Vraag functioneel beheer om een account.", "Zicht has no employee with this e-mail address. Ask functional administration for an account."),
    ("actor_required", "Log eerst in.", "Sign in first."),
    ("sign_in_failed", "Dit e-mailadres en wachtwoord horen niet bij elkaar.", "This e-mail address and password do not match."),
    ("too_many_attempts", "Te veel mislukte pogingen. Probeer het over een kwartier opnieuw.", "Too many failed attempts. Try again in fifteen minutes."),
    ("password_too_short", "Een wachtwoord heeft minstens 12 tekens.", "A password has at least 12 characters."),
    ("csrf_invalid", "Dit formulier is verlopen of niet van Zicht afkomstig. Laad de pagina opnieuw en probeer het nog eens.", "This form has expired or did not come from Zicht. Reload the page and try again."),
    ("forbidden", "U hebt geen toegang tot deze gegevens.", "You have no access to this information."),
    ("not_found", "Niet gevonden.", "Not found."),
    ("invalid_input", "Niet alle velden zijn goed ingevuld; er is niets opgeslagen.", "Not all fields are filled in correctly; nothing was saved."),
    ("internal", "Er ging iets mis aan onze kant. Er is niets opgeslagen; probeer het opnieuw.", "Something went wrong on our side. Nothing was saved; please try again."),
    ("meeting_date_required", "Vul de datum van het overleg in.", "Enter the date of the meeting."),
    ("meeting_attendee_required", "Vink aan wie er bij het overleg waren (minstens één).", "Tick who attended the meeting (at least one)."),
    ("meeting_attendee_not_member", "Alleen medewerkers van het team kunnen als aanwezig worden aangevinkt.", "Only employees of the team can be ticked as attending."),
    ("meeting_handover_not_of_team", "Een besluit kan alleen over een overdracht van of naar dit team gaan.", "A decision can only be about a handover from or to this team."),
    ("meeting_handover_twice", "Over elke overdracht kan één besluit worden vastgelegd.", "One decision can be recorded for each handover."),
    ("meeting_outcome_invalid", "Kies een besluit: geaccepteerd, teruggestuurd, uitgesteld of anders.", "Choose a decision: accepted, returned, postponed or other."),
    ("meeting_note_required", "Geef bij terugsturen en bij ‘anders’ een toelichting.", "Give a note when returning or choosing ‘other’."),
    ("meeting_note_too_long", "Deze toelichting is te lang (hoogstens 500 tekens).", "This note is too long (500 characters at most)."),
    // Letters safe to send and contact details (issue 15, item 6).
    ("postcode_invalid", "Vul een Nederlandse postcode in, vier cijfers en twee letters: 1234 AB.", "Enter a Dutch postcode, four digits and two letters: 1234 AB."),
    ("phone_invalid", "Vul een geldig telefoonnummer in, bijvoorbeeld 06 1234 5678 of 050 123 4567.", "Enter a valid phone number, for example 06 1234 5678 or 050 123 4567."),
    ("letter_value_missing", "De brief bevat nog een leeg invulveld ((onbekend) of een {invulveld}). Vul de waarde in de tekst in, of vul het dossier aan en stel de brief opnieuw op.", "The letter still has an empty value ((onbekend) or a {placeholder}). Fill in the value in the text, or complete the file and compose the letter again."),
    ("letter_address_missing", "Het adres van de klant is niet bekend. Vul adres, postcode en woonplaats in bij de contactgegevens.", "The client's address is not known. Fill in address, postcode and place in the contact details."),
    ("letter_not_draft", "Deze brief is al verstuurd of verwijderd en kan niet meer worden gewijzigd.", "This letter was already sent or discarded and can no longer be changed."),
    ("method_kind_invalid", "Kies een soort: methodiek of protocol.", "Choose a kind: method or protocol."),
    ("method_title_required", "Vul een titel in.", "Enter a title."),
    ("method_title_taken", "Er is al een module met deze titel.", "There is already a module with this title."),
    ("method_owner_required", "Kies een eigenaar.", "Choose an owner."),
    ("method_owner_unknown", "Kies als eigenaar een klantmanager of teamleider van de organisatie.", "Choose a caseworker or team lead of the organisation as owner."),
    ("method_instrument_invalid", "Kies instrumenten uit de lijst.", "Choose instruments from the list."),
    ("method_effective_required", "Vul de ingangsdatum in.", "Enter the effective date."),
    ("method_body_required", "Vul de tekst van de versie in.", "Enter the text of the version."),
    ("method_comment_required", "Vul een reactie in.", "Enter a comment."),
    ("method_version_definitive", "Deze versie is definitief en kan niet meer worden gewijzigd. Maak een nieuwe versie om de tekst aan te passen.", "This version is definitive and can no longer be changed. Create a new version to change the text."),
    ("method_comment_on_definitive", "Op een definitieve versie kan niet meer worden gereageerd; reageer op een nieuw concept.", "A definitive version takes no more comments; comment on a new concept."),
    ("method_concept_open", "Deze module heeft al een concept. Werk dat concept bij of maak het eerst definitief.", "This module already has a concept. Change that concept or make it definitive first."),
    ("method_version_already_definitive", "Deze versie is al definitief.", "This version is already definitive."),
    ("method_effective_before_previous", "De ingangsdatum ligt vóór die van de vorige definitieve versie.", "The effective date is before that of the previous definitive version."),
    ("method_definitive_team_lead_only", "Alleen een teamleider kan een versie definitief maken.", "Only a team lead can make a version definitive."),
    ("method_write_owner_only", "Alleen de eigenaar van de module of een teamleider kan de tekst wijzigen.", "Only the module's owner or a team lead can change its text."),
    ("method_version_of_other_module", "Die versie hoort bij een andere module.", "That version belongs to another module."),
    ("protocol_version_unknown", "Kies een protocolversie uit de lijst.", "Choose a protocol version from the list."),
    ("protocol_version_not_definitive", "Alleen een definitieve protocolversie kan worden gevolgd.", "Only a definitive protocol version can be followed."),
];

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn codes_are_unique_and_translated() {
        let mut seen = std::collections::HashSet::new();
        for (code, nl, en) in MESSAGES {
            assert!(seen.insert(code), "duplicate code {code}");
            assert!(!nl.is_empty() && !en.is_empty(), "{code} lacks a text");
            assert_ne!(nl, en, "{code} is not translated");
        }
    }

    /// The roster's report names its rejections by code: each must read.
    #[test]
    fn every_roster_rejection_has_a_message() {
        use zicht_domain::roster::{parse_roster, GuardReason};
        let file = format!(
            "bsn,naam,ingangsdatum,einddatum\n\
             ,Jan,2024-01-01,\n\
             12a456782,Jan,2024-01-01,\n\
             1234,Jan,2024-01-01,\n\
             123456789,Jan,2024-01-01,\n\
             111222333,,2024-01-01,\n\
             111222333,{},2024-01-01,\n\
             100000009,Jan,gisteren,\n\
             123456782,Piet,2024-02-01,2024-01-01\n\
             123456782\n\
             012345672,Klaas,2024-03-01,\n\
             012345672,Klaas,2024-03-01,\n",
            "x".repeat(201)
        );
        let parsed = parse_roster(file.as_bytes()).unwrap();
        let mut codes: HashSet<&str> = parsed.rejected.iter().map(|r| r.code).collect();
        assert_eq!(codes.len(), 10, "one row for each way to fail: {codes:?}");
        for bad in [
            &b""[..],
            b"wie,wat\n1,2\n",
            b"bsn,naam,start\n1,J\xffn,2024-01-01\n",
        ] {
            codes.insert(parse_roster(bad).unwrap_err().code);
        }
        codes.extend(GuardReason::ALL.map(GuardReason::code));
        for code in codes {
            assert!(
                MESSAGES.iter().any(|(c, _, _)| *c == code),
                "{code} has no message"
            );
        }
    }
}
