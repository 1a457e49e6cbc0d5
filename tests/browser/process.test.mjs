// The re-integration process in real Chromium against a real Zicht server
// with the demo municipality: diagnosis (Participatieladder and
// Zelfredzaamheid-Matrix), the trajectplan with reasoned interventions and
// the client's own version, referrals to care with arrival, a provider's
// progress report, and the ladder form by keyboard alone. Saves screenshots
// and runs axe-core on each page.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startZicht, stopZicht, base, employees, providerEmail, apiCookie, api, caseworker, signIn, go, redirected,
  esc, axe, shot, fieldError, dmy, onCaseload,
} from './harness.mjs';

before(() => startZicht('zicht-process-'));
after(stopZicht);

/** Opens the klantkaart of a client on the caseload without a pending handover. */
async function openClientFromCaseload(page, index = 0) {
  const rows = page.locator('#caseload tbody tr').filter({ hasNot: page.locator('.flag', { hasText: /overdracht/ }) });
  assert.ok(await rows.count() > index, 'the caseload has a client without a pending handover');
  const link = rows.nth(index).locator('td').first().getByRole('link');
  const name = (await link.innerText()).trim();
  await go(page, link);
  const id = Number(new URL(page.url()).pathname.match(/^\/klanten\/(\d+)$/)[1]);
  assert.match(await page.locator('h1').innerText(), new RegExp(esc(name)));
  return { id, name };
}

test('a caseworker records two ladder rungs and a ZRM score; the rise shows', async () => {
  const me = caseworker('Werk');
  const page = await signIn(me.email);
  const { id } = await openClientFromCaseload(page);
  await go(page, page.getByRole('link', { name: 'Diagnose bekijken en aanvullen' }));
  assert.equal(new URL(page.url()).pathname, `/klanten/${id}/diagnose`);
  const ladderForm = page.locator('form[action$="/diagnose/ladder"]');
  const history = page.locator('section[aria-labelledby=ladder] table tbody tr');
  const before = await history.count();

  // An earlier measurement three days ago, then today's, two rungs higher.
  await ladderForm.getByLabel('Datum van de meting').fill(dmy(3));
  await ladderForm.getByRole('group', { name: 'Trede' }).getByLabel('2 — Sociale contacten buitenshuis').check();
  let response = await go(page, ladderForm.getByRole('button', { name: 'Trede vastleggen' }));
  assert.equal(response.status(), 200);
  assert.ok(redirected(response), 'a saved rung redirects back to the page');
  assert.equal(new URL(page.url()).pathname, `/klanten/${id}/diagnose`);
  assert.equal(await history.count(), before + 1);

  await ladderForm.getByLabel('Datum van de meting').fill(dmy(0));
  await ladderForm.getByRole('group', { name: 'Trede' }).getByLabel('4 — Onbetaald werk').check();
  await ladderForm.getByLabel('Toelichting (niet verplicht)').fill('Doet twee ochtenden vrijwilligerswerk.');
  response = await go(page, ladderForm.getByRole('button', { name: 'Trede vastleggen' }));
  assert.ok(redirected(response));
  assert.equal(await history.count(), before + 2);
  const ladder = await page.locator('section[aria-labelledby=ladder]').innerText();
  assert.match(ladder, new RegExp(`Huidige trede: 4 — Onbetaald werk \\(${dmy(0)}\\)`));
  assert.match(ladder, /Trede-stijging sinds de vorige meting: \+2\./);
  assert.match(ladder, /Doet twee ochtenden vrijwilligerswerk\./);

  // The matrix: two domains scored, the others left unknown.
  const zrmForm = page.locator('form[action$="/diagnose/zrm"]');
  const zrmTables = page.locator('section[aria-labelledby=zrm] > table');
  const tablesBefore = await zrmTables.count();
  assert.equal(await zrmForm.getByLabel('Versie van de matrix').inputValue(), 'zrm_13');
  await zrmForm.getByLabel('Financiën', { exact: true }).selectOption({ label: '2 — niet zelfredzaam' });
  await zrmForm.getByLabel('Huisvesting', { exact: true }).selectOption({ label: '4 — voldoende zelfredzaam' });
  assert.equal(await zrmForm.getByLabel('Justitie', { exact: true }).inputValue(), '', 'not scored by default');
  response = await go(page, zrmForm.getByRole('button', { name: 'Matrix vastleggen' }));
  assert.ok(redirected(response), 'a saved matrix redirects back to the page');
  assert.equal(await zrmTables.count(), tablesBefore + 1);
  const newest = zrmTables.first();
  assert.match(await newest.locator('caption').innerText(), new RegExp(`^${dmy(0)} — ZRM, huidige versie \\(13 domeinen\\) \\(${esc(me.name)}\\)`));
  const scores = Object.fromEntries(await newest.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [
    r.querySelector('th').textContent.trim(), r.querySelector('td').textContent.trim()])));
  assert.deepEqual(scores, { 'Financiën': '2 — niet zelfredzaam', 'Huisvesting': '4 — voldoende zelfredzaam' });
  await axe(page, 'diagnose');
  await shot(page, 'diagnose-ladder-zrm');

  // The klantkaart shows the current rung with its rise, and the matrix.
  await go(page, page.getByRole('link', { name: 'Terug naar de klantkaart' }));
  const fact = page.locator('.facts div').filter({ has: page.locator('dt', { hasText: 'Participatieladder' }) });
  assert.equal((await fact.locator('dd').innerText()).trim(), 'Trede 4 — Onbetaald werk (+2)');
  assert.match(await page.locator('section[aria-labelledby=diagnose]').innerText(), /Financiën 2, Huisvesting 4\./);
});

test('an intervention needs its reasoning; with it the plan and the client version show it', async () => {
  const me = caseworker('Participatie');
  const page = await signIn(me.email);
  const { id, name } = await openClientFromCaseload(page);
  await go(page, page.getByRole('link', { name: 'Trajectplan bekijken en bijwerken' }));
  assert.equal(new URL(page.url()).pathname, `/klanten/${id}/trajectplan`);

  const goalText = 'Twee ochtenden per week vrijwilligerswerk doen bij de kringloop.';
  const goalForm = page.locator('form[action$="/trajectplan/doel"]');
  await goalForm.getByLabel('Gericht op').selectOption({ label: 'Participatieladder trede 4: Onbetaald werk' });
  await goalForm.getByLabel('Het doel in gewone woorden').fill(goalText);
  let response = await go(page, goalForm.getByRole('button', { name: 'Doel toevoegen' }));
  assert.ok(redirected(response), 'a saved goal redirects back');
  assert.match(await page.locator('section[aria-labelledby=doelen] ol').innerText(), new RegExp(esc(goalText)));

  const articles = page.locator('section[aria-labelledby=interventies] article');
  const before = await articles.count();
  const form = () => page.locator('form[action$="/trajectplan/interventie"]');
  await form().getByLabel('Interventie', { exact: true }).selectOption({ label: 'Werkfit-training (eigen module)' });
  await form().getByLabel('Voor welk doel (niet verplicht)').selectOption({ label: `Participatieladder trede 4: Onbetaald werk — ${goalText}` });
  await form().getByLabel('Startdatum').fill(dmy(0));
  await form().getByLabel('Geplande einddatum').fill(dmy(-56));

  // Without the reasoning: refused, each error next to its field, nothing saved.
  response = await go(page, form().getByRole('button', { name: 'Interventie inzetten' }));
  assert.equal(response.status(), 422);
  assert.ok(!redirected(response));
  assert.match(await form().locator('.error[role=alert]').innerText(), /er is niets opgeslagen/);
  assert.equal(await fieldError(page, form().getByLabel('Waarom deze interventie')), 'Leg uit waarom u voor deze interventie kiest.');
  assert.equal(await fieldError(page, form().getByLabel('Waarom voor deze klant')), 'Leg uit waarom deze interventie past bij deze klant.');
  assert.equal(await fieldError(page, form().getByLabel('Beoogd resultaat')), 'Vul in waartoe de interventie moet leiden.');
  assert.equal(await articles.count(), before, 'nothing saved');
  // What was typed comes back.
  assert.equal(await form().getByLabel('Geplande einddatum').inputValue(), dmy(-56));
  assert.match(await form().getByLabel('Interventie', { exact: true }).locator('option:checked').innerText(), /^Werkfit-training/);
  assert.match(await form().getByLabel('Voor welk doel (niet verplicht)').locator('option:checked').innerText(), new RegExp(esc(goalText)));
  await axe(page, 'trajectplan met fouten');

  const whyThis = 'Oefent op tijd komen en taken afmaken in de eigen werkplaats.';
  const whyClient = 'De klant wil werken maar mist dagritme; dat bleek uit de diagnose.';
  const expected = 'Vier weken lang elke afgesproken dag op tijd, zonder aansporing.';
  await form().getByLabel('Waarom deze interventie').fill(whyThis);
  await form().getByLabel('Waarom voor deze klant').fill(whyClient);
  await form().getByLabel('Beoogd resultaat').fill(expected);
  response = await go(page, form().getByRole('button', { name: 'Interventie inzetten' }));
  assert.equal(response.status(), 200);
  assert.ok(redirected(response), 'a saved intervention redirects back');
  assert.equal(new URL(page.url()).pathname, `/klanten/${id}/trajectplan`);
  assert.equal(await articles.count(), before + 1);
  const mine = articles.filter({ hasText: whyThis });
  assert.equal(await mine.count(), 1);
  assert.match(await mine.locator('h3').innerText(), /^Werkfit-training/);
  assert.match(await mine.locator('h3').innerText(), /eigen module/);
  assert.equal((await mine.locator('.meta').innerText()).trim(), `${dmy(0)} – ${dmy(-56)}`);
  const reasoning = await mine.locator('dl').innerText();
  for (const text of [goalText, whyThis, whyClient, expected]) assert.ok(reasoning.includes(text), `the article shows: ${text}`);
  await axe(page, 'trajectplan');
  await shot(page, 'trajectplan-interventie');

  await go(page, page.getByRole('link', { name: 'Versie voor de klant (afdrukken)' }));
  assert.equal(new URL(page.url()).pathname, `/klanten/${id}/trajectplan/klantversie`);
  const letter = page.locator('article.letter');
  assert.match(await letter.locator('h1').innerText(), new RegExp(`Trajectplan van ${esc(name)}`));
  const headings = (await letter.locator('h2').allInnerTexts()).map((h) => h.trim());
  assert.deepEqual(headings, ['Waar we samen naartoe werken', 'Wat we daarvoor gaan doen', 'Uw rechten', 'Uw plichten']);
  const text = await letter.innerText();
  const at = (s) => { const i = text.indexOf(s); assert.ok(i >= 0, `the client version shows: ${s}`); return i; };
  assert.ok(at(goalText) < at('Wat we daarvoor gaan doen'), 'goals come first');
  assert.ok(at('Wat we daarvoor gaan doen') < at(expected), 'then what will be done');
  assert.ok(at(expected) < at('Uw rechten') && at('Uw rechten') < at('Uw plichten'), 'rights and duties after');
  assert.ok(!text.includes(whyClient), 'the internal reasoning about the client stays out of the client version');
  await axe(page, 'trajectplan klantversie');
  await shot(page, 'trajectplan-klantversie');
});

test('a caseworker refers a client to care and confirms the arrival; late arrivals are flagged', async () => {
  const me = caseworker('Intake');
  const page = await signIn(me.email);
  const { id } = await openClientFromCaseload(page);
  await go(page, page.getByRole('link', { name: 'Verwijzingen bekijken en bijwerken' }));
  assert.equal(new URL(page.url()).pathname, `/klanten/${id}/verwijzingen`);
  const count = await page.locator('article[id^=verwijzing-]').count();

  const note = 'Eerste gesprek over somberheid; klant stemde in met de aanmelding.';
  const form = page.locator('form[action$="/verwijzingen"]');
  await form.getByLabel('Organisatie').selectOption({ label: 'GGZ Noord (Zorg)' });
  assert.equal(await form.getByLabel('Verwezen op').inputValue(), dmy(0), 'today is prefilled');
  await form.getByLabel('Waarvoor verwezen').fill(note);
  let response = await go(page, form.getByRole('button', { name: 'Verwijzen' }));
  assert.ok(redirected(response), 'a saved referral redirects back');
  const hash = new URL(page.url()).hash;
  assert.match(hash, /^#verwijzing-\d+$/, 'back at the new referral');
  assert.equal(await page.locator('article[id^=verwijzing-]').count(), count + 1);
  const article = () => page.locator(`article${hash}`);
  const tags = () => article().locator('h2 .tag').allInnerTexts();
  assert.match(await article().locator('h2').innerText(), /^GGZ Noord/);
  assert.deepEqual(await tags(), ['Zorg', 'verwezen']);
  assert.equal(await article().locator('.flag').count(), 0, 'a fresh referral is not flagged');
  assert.match(await article().locator('dl').innerText(), new RegExp(esc(note)));

  const arrival = article().locator('form[action$="/aangekomen"]');
  await arrival.getByLabel('Aangekomen op').fill(dmy(0));
  await arrival.getByRole('group', { name: 'Hoe is de aankomst bevestigd?' }).getByLabel('Bevestigd door de organisatie').check();
  response = await go(page, arrival.getByRole('button', { name: 'Aankomst bevestigen' }));
  assert.ok(redirected(response), 'a confirmed arrival redirects back');
  assert.equal(new URL(page.url()).hash, hash);
  assert.deepEqual(await tags(), ['Zorg', 'aangekomen']);
  assert.match(await article().locator('dl').innerText(), new RegExp(`Aangekomen op\\s+${dmy(0)} — Bevestigd door de organisatie`));
  assert.equal(await article().locator('form[action$="/aangekomen"]').count(), 0, 'no second arrival');
  await axe(page, 'verwijzingen');
  await shot(page, 'verwijzing-aangekomen');

  // A referral waiting 30 days in the demo: find it as team leads see it.
  let late;
  for (const lead of employees.filter((e) => e.role === 'teamleider')) {
    const clients = await api(await apiCookie(lead.email), '/api/clients');
    late = clients.find((c) => c.care_not_arrived);
    if (late) break;
  }
  assert.ok(late, 'the demo has a client whose referral has not arrived in time');
  const owner = employees.find((e) => e.id === late.owner_employee.id);
  const ownerPage = await signIn(owner.email);
  const row = await onCaseload(ownerPage, (p) => p.locator('#caseload tbody tr').filter({ has: p.getByRole('link', { name: late.name, exact: true }) }));
  assert.equal(await row.count(), 1, `${late.name} is on the caseload of ${owner.name}`);
  assert.match(await row.locator('td').nth(5).innerText(), /niet aangekomen/, 'the Signalen column flags it');
  await go(ownerPage, row.getByRole('link', { name: late.name, exact: true }));
  assert.match(await ownerPage.locator('.notice[role=status] .flag').innerText(), /niet aangekomen/);
  assert.match(await ownerPage.locator('section[aria-labelledby=verwijzingen] li .flag').first().innerText(), /niet aangekomen/);
  await go(ownerPage, ownerPage.locator('section[aria-labelledby=verwijzingen]').getByRole('link', { name: 'Verwijzingen bekijken en bijwerken' }));
  const overdue = ownerPage.locator('article.overdue');
  assert.ok(await overdue.count() >= 1);
  assert.match(await overdue.first().locator('h2').innerText(), /verwezen.*niet aangekomen/s);
  // The signal filter of the caseload finds it too.
  await ownerPage.goto(`${base}/?signal=flag.care_not_arrived`);
  const flagged = await ownerPage.locator('#caseload tbody tr td:first-child').allInnerTexts();
  assert.ok(flagged.map((t) => t.trim()).includes(late.name));
});

test('a provider sees only referred clients and submits a progress report the caseworker reads', async () => {
  const page = await signIn(providerEmail, '/aanbieder');
  assert.equal((await page.locator('h1').innerText()).trim(), 'Verwezen klanten: Voorwaarts Re-integratie');
  const rows = page.locator('table tbody tr');
  const n = await rows.count();
  assert.ok(n > 0, 'the demo refers clients to Voorwaarts');
  await axe(page, 'aanbieder');

  // Each listed client has an intervention with Voorwaarts under way (as its caseworker sees it).
  const listed = [];
  for (let i = 0; i < n; i += 1) {
    const link = rows.nth(i).locator('td').first().getByRole('link');
    const id = Number((await link.getAttribute('href')).match(/^\/aanbieder\/klanten\/(\d+)$/)[1]);
    const caseworkerName = (await rows.nth(i).locator('td').nth(2).innerText()).trim();
    listed.push({ id, name: (await link.innerText()).trim(), caseworkerName });
  }
  const cookies = new Map();
  const cookieOf = async (employee) => {
    if (!cookies.has(employee.id)) cookies.set(employee.id, await apiCookie(employee.email));
    return cookies.get(employee.id);
  };
  for (const c of listed) {
    const owner = employees.find((e) => e.name === c.caseworkerName && e.role !== 'aanbieder');
    assert.ok(owner, `the caseworker of ${c.name} is an employee`);
    const card = await api(await cookieOf(owner), `/api/clients/${c.id}`);
    assert.ok(card.trajectory.interventions.some((i) => i.provider?.name === 'Voorwaarts Re-integratie' && !i.ended_on),
      `${c.name} has an intervention with Voorwaarts under way`);
  }
  // A client of the same caseworker that is not listed stays closed to the provider.
  const someOwner = employees.find((e) => e.name === listed[0].caseworkerName && e.role !== 'aanbieder');
  const others = (await api(await cookieOf(someOwner), `/api/clients?owner=${someOwner.id}`))
    .filter((c) => !listed.some((l) => l.id === c.id));
  assert.ok(others.length > 0, `${someOwner.name} has clients not referred to Voorwaarts`);
  const other = await page.request.get(`${base}/aanbieder/klanten/${others[0].id}`, { maxRedirects: 0 });
  assert.ok([403, 404].includes(other.status()), `a client not referred: ${other.status()}`);
  assert.ok(!(await other.text()).includes(others[0].name), 'nothing of a client not referred');

  const client = listed[0];
  await go(page, rows.first().getByRole('link', { name: client.name, exact: true }));
  assert.equal(new URL(page.url()).pathname, `/aanbieder/klanten/${client.id}`);
  assert.match(await page.locator('h1').innerText(), new RegExp(esc(client.name)));
  const interventions = page.locator('article');
  assert.ok(await interventions.count() >= 1, 'the provider sees the intervention');
  const ownerEmail = (await page.locator('.facts a[href^="mailto:"]').innerText()).trim();
  const owner = employees.find((e) => e.email === ownerEmail);
  assert.ok(owner, 'the caseworker and their address are shown');
  assert.equal(owner.name, client.caseworkerName);

  const summary = `Voortgang: komt elke dag op tijd, werkt zelfstandig aan de inpaktafel (${Date.now()}).`;
  const form = page.locator('form[action$="/voortgang"]');
  const which = form.getByLabel('Over welke interventie');
  // The option reads "name, start – planned end"; the article's heading holds the name.
  const intervention = (await which.locator('option:checked').innerText()).trim().split(',')[0];
  assert.equal(await form.getByLabel(/^Datum \(dd-mm-jjjj/).inputValue(), dmy(0));
  await form.getByLabel(/^Voortgang:/).fill(summary);
  const response = await go(page, form.getByRole('button', { name: 'Rapportage indienen' }));
  assert.ok(redirected(response), 'a saved report redirects back');
  assert.equal(new URL(page.url()).pathname, `/aanbieder/klanten/${client.id}`);
  const article = interventions.filter({ has: page.locator('h2', { hasText: intervention }) });
  const reports = await article.locator('ul li').allInnerTexts();
  assert.equal(reports.filter((r) => r.includes(summary)).length, 1, 'the report is listed once');
  assert.ok(reports.some((r) => r.startsWith(`${dmy(0)} (Ria de Boer)`) && r.includes(summary)));
  await axe(page, 'aanbieder klant');
  await shot(page, 'aanbieder-rapportage');

  // The provider may not open the klantkaart.
  const card = await page.goto(`${base}/klanten/${client.id}`);
  assert.equal(card.status(), 403);
  assert.ok(!(await page.content()).includes(client.name), 'nothing of the client file on the refusal');
  // The refusal in Dutch, said once, with the provider's own menu, start page and organisation.
  assert.equal((await page.locator('h1').innerText()).trim(), 'Geen toegang');
  assert.equal(await page.getByText('U hebt geen toegang tot deze gegevens.').count(), 1);
  assert.deepEqual(await menuLinks(page), ['Verwezen klanten', 'English']);
  assert.equal(await page.getByRole('link', { name: 'Naar mijn startpagina' }).getAttribute('href'), '/aanbieder');
  assert.match(await page.locator('header .who').innerText(), /Ria de Boer \(Voorwaarts Re-integratie\)/);
  await axe(page, '403 aanbieder');
  await shot(page, 'geen-toegang-aanbieder');

  // The caseworker reads the report on the trajectplan.
  const mine = await signIn(owner.email);
  await mine.goto(`${base}/klanten/${client.id}`);
  await go(mine, mine.getByRole('link', { name: 'Trajectplan bekijken en bijwerken' }));
  const onPlan = mine.locator('section[aria-labelledby=interventies] article').filter({ hasText: summary });
  assert.equal(await onPlan.count(), 1, 'the report is on the trajectplan');
  assert.match(await onPlan.locator('h3').innerText(), new RegExp(esc(intervention)));
  assert.match(await onPlan.locator('h3 .tag').first().innerText(), /Voorwaarts Re-integratie/);
  const line = (await onPlan.locator('h4 + ul li').allInnerTexts()).find((l) => l.includes(summary));
  assert.ok(line.startsWith(`${dmy(0)}, Voorwaarts Re-integratie (Ria de Boer):`), line);
});

/** The texts of the main menu's links. */
async function menuLinks(page) {
  return (await page.getByRole('navigation', { name: /^(Hoofdmenu|Main menu)$/ }).getByRole('link').allInnerTexts())
    .map((t) => t.trim());
}

test('management and functional administration get their own menu, and a refusal in their language', async () => {
  const management = employees.find((e) => e.role === 'management');
  assert.ok(management, 'the demo has a management account');
  const page = await signIn(management.email, '/effectenkaart');
  assert.deepEqual(await menuLinks(page), ['Effectenkaart', 'POP', 'English']);
  // Aggregates only: no figure links down to clients or to the reconciliation.
  assert.equal(await page.locator('a[href^="/afstemming"], a[href^="/effectenkaart/klanten"]').count(), 0);

  // A page management may not open: Dutch, once, management's menu, back to the effectenkaart.
  const refused = await page.goto(`${base}/afstemming`);
  assert.equal(refused.status(), 403);
  assert.equal(await page.locator('html').getAttribute('lang'), 'nl');
  assert.equal((await page.locator('h1').innerText()).trim(), 'Geen toegang');
  assert.equal(await page.getByText('U hebt geen toegang tot deze gegevens.').count(), 1);
  assert.deepEqual(await menuLinks(page), ['Effectenkaart', 'POP', 'English']);
  assert.equal(await page.getByRole('link', { name: 'Naar mijn startpagina' }).getAttribute('href'), '/effectenkaart');
  await axe(page, '403 management');
  await shot(page, 'geen-toegang-management');

  // The same after switching to English.
  await go(page, page.getByRole('link', { name: 'English' }));
  assert.equal(new URL(page.url()).pathname, '/effectenkaart');
  const english = await page.goto(`${base}/afstemming`);
  assert.equal(english.status(), 403);
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  assert.equal((await page.locator('h1').innerText()).trim(), 'No access');
  assert.equal(await page.getByText('You have no access to this information.').count(), 1);
  assert.deepEqual(await menuLinks(page), ['Effects map', 'POP', 'Nederlands']);
  await go(page, page.getByRole('link', { name: 'To my start page' }));
  assert.equal(new URL(page.url()).pathname, '/effectenkaart');
  await page.goto(`${base}/afstemming`);
  await axe(page, '403 management (English)');
  await shot(page, 'geen-toegang-management-en');

  // Functional administration keeps the catalogue and the letter templates.
  const beheer = employees.find((e) => e.role === 'functioneel_beheer');
  assert.ok(beheer, 'the demo has a functional administration account');
  const admin = await signIn(beheer.email, '/beheer/catalogus');
  assert.deepEqual(await menuLinks(admin), ['POP', 'Catalogus en instrumenten', 'Briefsjablonen', 'English']);
  assert.match(await admin.locator('header .who').innerText(), /Sociale Dienst Westerkwartier-Zuid/);
});

test('the ladder form can be filled in and sent with the keyboard alone', async () => {
  const me = caseworker('Werk', 1);
  const page = await signIn(me.email);
  const { id } = await openClientFromCaseload(page);
  await page.goto(`${base}/klanten/${id}/diagnose`);
  const active = () => page.evaluate(() => {
    const el = document.activeElement;
    return {
      tag: el.tagName.toLowerCase(), id: el.id, name: el.getAttribute('name'), value: el.value,
      text: el.textContent.trim(), outline: getComputedStyle(el).outlineStyle,
    };
  });

  // The skip link first, then on to the date of the measurement.
  await page.keyboard.press('Tab');
  assert.equal((await active()).text, (await page.locator('a.skip').innerText()).trim());
  await page.keyboard.press('Enter');
  let tabs = 0;
  while ((await active()).id !== 'measured_on') {
    tabs += 1;
    assert.ok(tabs <= 20, 'the date of the measurement is reachable by Tab from the content');
    await page.keyboard.press('Tab');
  }
  assert.notEqual((await active()).outline, 'none', 'focus is visible');
  await page.keyboard.type(dmy(0));
  // Tab into the rung group, Space chooses the first, arrows move the choice.
  await page.keyboard.press('Tab');
  let now = await active();
  assert.deepEqual([now.name, now.value], ['rung', '1']);
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  now = await active();
  assert.deepEqual([now.name, now.value], ['rung', '3']);
  assert.ok(await page.locator('input[name=rung][value="3"]').isChecked());
  await page.keyboard.press('Tab');
  assert.equal((await active()).id, 'ladder_remarks');
  await page.keyboard.type('Gemeten met alleen het toetsenbord.');
  await page.keyboard.press('Tab');
  now = await active();
  assert.deepEqual([now.tag, now.text], ['button', 'Trede vastleggen']);
  assert.notEqual(now.outline, 'none', 'focus on the button is visible');
  const response = await go(page, () => page.keyboard.press('Enter'));
  assert.ok(redirected(response), 'the form was sent and saved');
  assert.equal(new URL(page.url()).pathname, `/klanten/${id}/diagnose`);
  assert.match(await page.locator('section[aria-labelledby=ladder]').innerText(),
    new RegExp(`Huidige trede: 3 — Deelname georganiseerde activiteiten \\(${dmy(0)}\\)`));
  const last = page.locator('section[aria-labelledby=ladder] table tbody tr').filter({ hasText: 'Gemeten met alleen het toetsenbord.' });
  assert.equal(await last.count(), 1);
  assert.match(await last.innerText(), new RegExp(`${dmy(0)}\\s+3 — Deelname georganiseerde activiteiten`));
});
