// Work and what follows it, in real Chromium against a real Zicht server with
// the demo municipality: logging an employer contact, a vacancy with the
// clients suggested for it and why, proposing a client and recording a step
// in the mediation, a partial outflow with its aftercare, a sanction that
// needs its consideration before its decision, and the congratulation letter
// with its PDF. Saves screenshots and runs axe-core on each page.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startZicht, stopZicht, base, apiCookie, api, caseworker, teamLead, signIn, go, redirected, pathOf, esc, axe, shot,
  fieldError, ymd, format, dmy, onCaseload,
} from './harness.mjs';

// A run's own names, so what the tests create cannot be mistaken for the demo's.
const RUN = String(Date.now()).slice(-6);
// The client the outflow test moved into aftercare; the letter test writes to them.
let outflow;

before(() => startZicht('zicht-work-'));
after(stopZicht);

/** `months` calendar months after [y, m, d], on the same day or the month's last (as the aftercare counts). */
function addMonths([y, m, d], months) {
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return [year, month, Math.min(d, last)];
}

/** Goes to the employers through the top menu. */
async function openEmployers(page) {
  await go(page, page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Werkgevers', exact: true }));
  assert.equal(pathOf(page), '/werkgevers');
  assert.equal((await page.locator('h1').innerText()).trim(), 'Werkgevers');
}

/** The employers table as { name: { cell by column header } }. */
async function employerRows(page) {
  return page.locator('#werkgevers').evaluate((table) => {
    const heads = [...table.querySelectorAll('thead th')].map((th) => th.textContent.trim());
    return Object.fromEntries([...table.querySelectorAll('tbody tr')].map((tr) => {
      const cells = [...tr.querySelectorAll('td')].map((td) => td.textContent.trim());
      return [cells[0], Object.fromEntries(heads.map((h, i) => [h, cells[i]]))];
    }));
  });
}

/** The value of a fact (dt/dd pair) in the page's facts list. */
async function fact(page, term) {
  const item = page.locator('.facts div').filter({ has: page.locator('dt', { hasText: new RegExp(`^${esc(term)}$`) }) });
  assert.equal(await item.count(), 1, `the page shows the fact ${term}`);
  return (await item.locator('dd').innerText()).trim();
}

/** Opens an employer from the employers table by name. */
async function openEmployer(page, name) {
  await go(page, page.locator('#werkgevers').getByRole('link', { name, exact: true }));
  assert.match(pathOf(page), /^\/werkgevers\/\d+$/);
  assert.equal((await page.locator('h1').innerText()).trim(), name);
  return Number(pathOf(page).split('/')[2]);
}

/** Adds a vacancy through the employer page's "Nieuwe vacature"; returns its id. */
async function addVacancy(page, { title, sector, hours, requirements = '' }) {
  // The form is always in sight, not folded away (issue 15, item 9).
  const form = page.locator('#new-vacancy form');
  assert.ok(await form.isVisible(), 'the vacancy form is shown');
  await form.getByLabel('Functie').fill(title);
  if (sector) await form.getByLabel('Sector').selectOption({ label: sector });
  await form.getByLabel('Uren per week').fill(String(hours));
  await form.getByLabel('Eisen').fill(requirements);
  const response = await go(page, form.getByRole('button', { name: 'Vacature toevoegen' }));
  assert.equal(response.status(), 200);
  assert.ok(redirected(response), 'a saved vacancy redirects to it');
  assert.match(pathOf(page), /^\/vacatures\/\d+$/);
  assert.equal((await page.locator('h1').innerText()).trim(), `Vacature: ${title}`);
  return Number(pathOf(page).split('/')[2]);
}

/** The suggestions on a vacancy page, each with its client, owner, reasons and whether it can be proposed. */
async function suggestions(page) {
  const articles = page.locator('section[aria-labelledby=matches] article');
  const out = [];
  for (let i = 0; i < await articles.count(); i += 1) {
    const a = articles.nth(i);
    const link = a.locator('h3 a');
    const id = Number((await link.getAttribute('href')).match(/^\/klanten\/(\d+)$/)[1]);
    out.push({
      id,
      name: (await link.innerText()).trim(),
      owner: (await a.locator('h3 .tag').innerText()).trim(),
      why: (await a.locator('h3 + p').innerText()).trim(),
      reasons: (await a.locator('ul li').allInnerTexts()).map((r) => r.trim()),
      buttons: await a.getByRole('button', { name: /^Voordragen/ }).count(),
      askOwner: await a.getByText('Vraag de klantmanager van deze klant om voor te dragen.', { exact: true }).count(),
      article: a,
    });
  }
  return out;
}

/**
 * Every suggestion of the vacancy shown, page by page through its pager (as
 * plain data, without their articles); ends back on the page it began.
 */
async function allSuggestions(page) {
  const start = page.url();
  const out = [];
  for (let pages = 1; ; pages += 1) {
    out.push(...(await suggestions(page)).map(({ article, ...s }) => s));
    const pager = page.getByRole('navigation', { name: "Pagina's met voorgestelde klanten" });
    const next = pager.getByRole('link', { name: 'Volgende klanten' });
    if (await next.count() === 0) break;
    assert.ok(pages < 100, 'the pager ends');
    await go(page, next);
    assert.equal(new URL(page.url()).searchParams.get('pagina'), String(pages + 1));
  }
  await page.goto(start);
  return out;
}

/** The "Getoond: klant 1–20 van 57" line above the suggestions, as [first, last, total]. */
async function shownCount(page) {
  const text = (await page.locator('#matches-count').innerText()).trim();
  const m = text.match(/^Getoond: klant (\d+)–(\d+) van (\d+)$/);
  assert.ok(m, text);
  return m.slice(1).map(Number);
}

/** A client of `owner` that is open, has no pending handover or outflow yet, and is not in aftercare. */
async function clientWithoutOutflow(owner) {
  const cookie = await apiCookie(owner.email);
  const clients = await api(cookie, `/api/clients?owner=${owner.id}`);
  for (const c of clients) {
    if (c.owner_employee.id !== owner.id || !c.open || c.pending_handover || c.pending_to_team) continue;
    if (['nazorg', 'uitgestroomd'].includes(c.phase)) continue;
    const card = await api(cookie, `/api/clients/${c.id}`);
    if (card.work.outflows.length === 0) return { id: c.id, name: c.name, phase: c.phase };
  }
  assert.fail(`${owner.name} has an open client without outflow and not in aftercare`);
}

/** The timeline entries of the klantkaart now shown, newest first. */
async function timeline(page) {
  return (await page.locator('section[aria-labelledby=tijdlijn] ol.timeline li').allInnerTexts()).map((t) => t.trim());
}

test('a caseworker logs a contact with an employer; an empty outcome is refused first', async () => {
  const me = caseworker('Werk');
  const page = await signIn(me.email);
  await openEmployers(page);
  const employer = 'Schoonmaakbedrijf Helder';
  const column = 'Contacten laatste vier weken';
  let rows = await employerRows(page);
  assert.ok(rows[employer], `the demo has the employer ${employer}`);
  assert.ok(rows['Zorggroep De Linde'], 'the demo has the employer Zorggroep De Linde');
  const listedBefore = Number(rows[employer][column]);
  assert.ok(Number.isInteger(listedBefore), `the column ${column} holds a count: ${rows[employer][column]}`);

  const id = await openEmployer(page, employer);
  const before = Number(await fact(page, column));
  assert.equal(before, listedBefore, 'the employer page counts as the list does');
  const contacts = page.locator('section[aria-labelledby=contacten] table tbody tr');
  const rowsBefore = await contacts.count();
  const form = () => page.locator(`form[action="/werkgevers/${id}/contacten"]`);
  assert.equal(await form().getByLabel(/^Datum/).inputValue(), dmy(0), 'today is prefilled');
  await form().getByRole('group', { name: 'Soort contact' }).getByLabel('Bedrijfsbezoek').check();

  // Without what it brought: refused, the error next to the field, nothing saved.
  let response = await go(page, form().getByRole('button', { name: 'Contact vastleggen' }));
  assert.equal(response.status(), 422);
  assert.ok(!redirected(response));
  assert.match(await form().locator('.error[role=alert]').innerText(), /er is niets opgeslagen/);
  assert.equal(await fieldError(page, form().getByLabel('Wat leverde het op?')), 'Vul in wat het contact heeft opgeleverd.');
  assert.ok(await form().getByRole('group', { name: 'Soort contact' }).getByLabel('Bedrijfsbezoek').isChecked(), 'the chosen kind comes back');
  assert.equal(await contacts.count(), rowsBefore, 'nothing saved');
  assert.equal(Number(await fact(page, column)), before);
  await axe(page, 'werkgever met fout');

  const outcome = `Twee plekken voor schoonmakers met begeleiding besproken (${RUN}).`;
  await form().getByLabel('Wat leverde het op?').fill(outcome);
  response = await go(page, form().getByRole('button', { name: 'Contact vastleggen' }));
  assert.equal(response.status(), 200);
  assert.ok(redirected(response), 'a saved contact redirects back');
  assert.equal(pathOf(page), `/werkgevers/${id}`);
  assert.equal(new URL(page.url()).hash, '#contacten');
  assert.equal(Number(await fact(page, column)), before + 1, 'one more contact in the last four weeks');
  assert.equal(await contacts.count(), rowsBefore + 1);
  const mine = contacts.filter({ hasText: outcome });
  assert.equal(await mine.count(), 1, 'the contact is listed once');
  assert.deepEqual((await mine.locator('td').allInnerTexts()).map((t) => t.trim()), [dmy(0), 'Bedrijfsbezoek', me.name, outcome]);
  assert.equal((await form().getByLabel('Wat leverde het op?').inputValue()), '', 'the form is empty again');
  await axe(page, 'werkgever');
  await shot(page, 'werkgever-contact');

  await go(page, page.getByRole('link', { name: 'Terug naar de werkgevers' }));
  rows = await employerRows(page);
  assert.equal(Number(rows[employer][column]), listedBefore + 1, 'the list counts the new contact too');
  await axe(page, 'werkgevers');
});

test('a new employer and vacancy: only ready clients whose wishes fit are suggested, each with why', async () => {
  const me = caseworker('Werk');
  const page = await signIn(me.email);
  await openEmployers(page);
  const name = `Distributiecentrum Zuidhorn ${RUN}`;
  const form = () => page.locator('form[action="/werkgevers"]');

  // An employer without a name is refused, the rest comes back.
  await form().getByLabel('Sector').selectOption({ label: 'Logistiek' });
  await form().getByLabel('Contactpersoon').fill('Petra Kamminga');
  let response = await go(page, form().getByRole('button', { name: 'Werkgever toevoegen' }));
  assert.equal(response.status(), 422);
  assert.equal(await fieldError(page, form().getByLabel('Naam')), 'Vul de naam van de werkgever in.');
  assert.equal(await form().getByLabel('Contactpersoon').inputValue(), 'Petra Kamminga');
  assert.equal(await form().getByLabel('Sector').locator('option:checked').innerText(), 'Logistiek');
  assert.ok(!(await employerRows(page))[name]);

  await form().getByLabel('Naam').fill(name);
  await form().getByLabel('E-mailadres (niet verplicht)').fill('petra@zuidhorn.example');
  await form().getByLabel('Telefoon (niet verplicht)').fill('0594 12 34 56');
  response = await go(page, form().getByRole('button', { name: 'Werkgever toevoegen' }));
  assert.ok(redirected(response), 'a saved employer redirects to it');
  assert.match(pathOf(page), /^\/werkgevers\/\d+$/);
  const employerId = Number(pathOf(page).split('/')[2]);
  assert.equal((await page.locator('h1').innerText()).trim(), name);
  assert.equal(await fact(page, 'Sector'), 'Logistiek');
  assert.equal(await fact(page, 'Contactpersoon'), 'Petra Kamminga (petra@zuidhorn.example), 0594 12 34 56');
  assert.equal(await fact(page, 'Contacten laatste vier weken'), '0');
  assert.match(await page.locator('section[aria-labelledby=vacatures]').innerText(), /Geen vacatures\./);

  // A vacancy without a job title is refused, with the form left open.
  const details = page.locator('#new-vacancy');
  assert.equal(await details.getByLabel('Sector').locator('option:checked').innerText(), 'Logistiek', "the employer's sector is proposed");
  await details.getByLabel('Uren per week').fill('20');
  response = await go(page, details.getByRole('button', { name: 'Vacature toevoegen' }));
  assert.equal(response.status(), 422);
  assert.ok(await details.locator('form').isVisible(), 'the refused form is shown');
  assert.equal(await fieldError(page, details.getByLabel('Functie')), 'Vul de functie in.');
  assert.equal(await details.getByLabel('Uren per week').inputValue(), '20');
  await axe(page, 'werkgever met fout in vacature');

  const title = `Orderpicker ${RUN}`;
  const vacancyId = await addVacancy(page, { title, hours: 20, requirements: 'Veiligheidsschoenen worden verstrekt.' });
  assert.equal(await fact(page, 'Sector'), 'Logistiek');
  assert.equal(await fact(page, 'Uren per week'), '20');
  assert.equal(await fact(page, 'Status'), 'open');
  assert.equal((await page.getByRole('link', { name, exact: true }).getAttribute('href')), `/werkgevers/${employerId}`);

  // One page of twenty at most; the rest a link away.
  const firstPage = await suggestions(page);
  assert.ok(firstPage.length > 0, 'the demo has ready clients who fit a logistics job of 20 hours');
  assert.ok(firstPage.length <= 20, `one page shows ${firstPage.length}`);
  const [from, to, total] = await shownCount(page);
  assert.deepEqual([from, to], [1, firstPage.length]);
  const shown = await allSuggestions(page);
  assert.equal(shown.length, total, 'the pages together hold every suggestion');
  assert.equal(new Set(shown.map((s) => s.id)).size, total, 'no client on two pages');
  assert.deepEqual(shown.slice(0, firstPage.length).map((s) => s.id), firstPage.map((s) => s.id));
  if (total > 20) {
    await go(page, page.getByRole('link', { name: 'Volgende klanten' }));
    assert.deepEqual((await shownCount(page)).slice(0, 2), [21, Math.min(40, total)]);
    await go(page, page.getByRole('link', { name: 'Vorige klanten' }));
    assert.deepEqual(await shownCount(page), [from, to, total]);
  }
  for (const s of shown) {
    assert.equal(s.why, 'Waarom deze klant:');
    assert.match(s.reasons[0], /^Klaar voor bemiddeling: alle vijf basisvaardigheden \(klantinzetformulier van \d\d-\d\d-\d{4}\)$/, `${s.name}: ${s.reasons[0]}`);
    assert.ok(['Wil werken in logistiek', 'Heeft geen voorkeur voor een sector'].includes(s.reasons[1]), `${s.name}: ${s.reasons[1]}`);
    assert.match(s.reasons[2], /^20 uur/, `${s.name}: ${s.reasons[2]}`);
    // A caseworker may propose only their own clients; the others' ask for the owner.
    const own = s.owner === `${me.name}, ${me.team}`;
    assert.equal(s.buttons, own ? 1 : 0, `${s.name} (${s.owner}): a button only for my own clients`);
    assert.equal(s.askOwner, own ? 0 : 1, `${s.name} (${s.owner}): the others ask for their caseworker`);
  }
  assert.ok(shown.some((s) => s.buttons === 1), 'some suggestions are my own clients');
  assert.ok(shown.some((s) => s.buttons === 0), "some suggestions are other caseworkers' clients");
  // Clients who wished a sector come before those without a preference.
  const firstAny = shown.findIndex((s) => s.reasons[1] === 'Heeft geen voorkeur voor een sector');
  if (firstAny >= 0) assert.ok(shown.slice(firstAny).every((s) => s.reasons[1] !== 'Wil werken in logistiek'), 'a wished sector ranks first');

  // Exactly the clients I can read that are ready and whose wishes fit, as the API knows them.
  const cookie = await apiCookie(me.email);
  const fitting = [];
  for (const c of await api(cookie, '/api/clients')) {
    if (!c.open || !c.ready_for_mediation) continue;
    const card = await api(cookie, `/api/clients/${c.id}`);
    const w = card.work.wishes;
    const fits = !w || ((w.sectors.length === 0 || w.sectors.includes('logistics'))
      && (w.min_hours == null || w.min_hours <= 20) && (w.max_hours == null || w.max_hours >= 20));
    if (fits) fitting.push(c.id);
  }
  assert.deepEqual(shown.map((s) => s.id).sort((a, b) => a - b), fitting.sort((a, b) => a - b),
    'the suggestions are the ready clients whose wishes fit');
  for (const s of shown) {
    const card = await api(cookie, `/api/clients/${s.id}`);
    const w = card.work.wishes;
    if (w && w.sectors.length) assert.equal(s.reasons[1], 'Wil werken in logistiek', s.name);
    else assert.equal(s.reasons[1], 'Heeft geen voorkeur voor een sector', s.name);
    if (w && w.min_hours != null && w.max_hours != null) assert.equal(s.reasons[2], `20 uur past bij de wens van ${w.min_hours} tot ${w.max_hours} uur`);
    else if (w && w.min_hours != null) assert.equal(s.reasons[2], `20 uur past bij de wens van minstens ${w.min_hours} uur`);
    else if (w && w.max_hours != null) assert.equal(s.reasons[2], `20 uur past bij de wens van hoogstens ${w.max_hours} uur`);
    else assert.equal(s.reasons[2], '20 uur; geen wens over uren vastgelegd');
  }
  assert.match(await page.locator('section[aria-labelledby=voorgedragen]').innerText(), /Nog niemand voorgedragen\./);
  await axe(page, 'vacature');
  await shot(page, 'vacature-matches');

  // The server refuses too: a caseworker proposing another caseworker's client.
  const other = shown.find((s) => s.buttons === 0);
  response = await go(page, () => page.evaluate(({ vacancy, client }) => {
    const form = document.createElement('form');
    form.method = 'post';
    form.action = `/vacatures/${vacancy}/voordragen`;
    for (const [n, v] of [['csrf', document.querySelector('input[name=csrf]').value], ['client_id', String(client)]]) {
      const input = document.createElement('input');
      input.type = 'hidden';
      input.name = n;
      input.value = v;
      form.append(input);
    }
    document.body.append(form);
    form.submit();
  }, { vacancy: vacancyId, client: other.id }));
  // The page answers 422 with the refusal above the suggestions (the API would say 403).
  assert.ok([403, 422].includes(response.status()), `proposing ${other.name} of ${other.owner}: ${response.status()}`);
  assert.ok(!redirected(response), 'nothing saved');
  if (response.status() === 422) {
    assert.equal((await page.locator('section[aria-labelledby=matches] .error[role=alert]').innerText()).trim(), 'U hebt geen toegang tot deze gegevens.');
  }
  await page.goto(`${base}/vacatures/${vacancyId}`);
  assert.ok((await allSuggestions(page)).some((s) => s.id === other.id), `${other.name} is still suggested, not proposed`);
  assert.match(await page.locator('section[aria-labelledby=voorgedragen]').innerText(), /Nog niemand voorgedragen\./);
});

test('a team lead proposes a suggested client and records a step in the mediation', async () => {
  const me = teamLead('Werk');
  const page = await signIn(me.email);
  await openEmployers(page);
  const employer = 'Zorggroep De Linde';
  await openEmployer(page, employer);
  const title = `Gastvrouw restaurant ${RUN}`;
  const vacancyId = await addVacancy(page, { title, sector: 'Zorg en welzijn', hours: 24 });

  const listed = await allSuggestions(page);
  const shown = await suggestions(page);
  assert.ok(shown.length > 0, 'the demo has ready clients who fit a care job of 24 hours');
  for (const s of shown) {
    assert.match(s.reasons[0], /^Klaar voor bemiddeling: alle vijf basisvaardigheden/, `${s.name}: ${s.reasons[0]}`);
    // A team lead may change every client of the team.
    if (s.owner.endsWith(`, ${me.team}`)) assert.equal(s.buttons, 1, `${s.name} (${s.owner}) can be proposed by the team lead`);
  }
  // A client of one of the team's caseworkers, not the team lead's own.
  const pick = shown.find((s) => s.buttons === 1 && s.owner !== `${me.name}, ${me.team}`) ?? shown.find((s) => s.buttons === 1);
  assert.ok(pick, 'a suggestion the team lead can propose');

  let response = await go(page, pick.article.getByRole('button', { name: `Voordragen ${pick.name}` }));
  assert.equal(response.status(), 200);
  assert.ok(redirected(response), 'a proposal redirects to the client');
  assert.equal(pathOf(page), `/klanten/${pick.id}/werk`);
  assert.equal(new URL(page.url()).hash, '#bemiddeling');
  assert.equal((await page.locator('h1').innerText()).trim(), `Werk en uitstroom: ${pick.name}`);
  const mediation = page.locator('section[aria-labelledby=bemiddeling] article').filter({
    has: page.locator(`h3 a[href="/vacatures/${vacancyId}"]`),
  });
  assert.equal(await mediation.count(), 1, 'the mediation is listed once');
  assert.match(await mediation.locator('h3').innerText(), new RegExp(`^${esc(title)} bij ${esc(employer)}`));
  assert.equal((await mediation.locator('h3 .tag').innerText()).trim(), 'loopt');
  const articleId = await mediation.getAttribute('id');
  assert.match(articleId, /^bemiddeling-\d+$/);

  const step = mediation.locator('form[action$="/stap"]');
  assert.equal(await step.locator('h4').innerText(), 'Stap vastleggen');
  const stepChoices = (await step.getByLabel('Stap', { exact: true }).locator('option').allInnerTexts()).map((o) => o.trim());
  assert.deepEqual(stepChoices, ['Ondersteuning bij sollicitatie', 'Meegegaan naar sollicitatiegesprek', 'Overig']);
  await step.getByLabel('Stap', { exact: true }).selectOption({ label: 'Meegegaan naar sollicitatiegesprek' });
  await step.getByLabel(/^Datum/).fill(dmy(0));
  const note = `Gesprek met de teamleider van de keuken (${RUN}).`;
  await step.getByLabel('Toelichting (niet verplicht)').fill(note);
  response = await go(page, step.getByRole('button', { name: 'Stap opslaan' }));
  assert.ok(redirected(response), 'a saved step redirects back');
  assert.equal(pathOf(page), `/klanten/${pick.id}/werk`);
  assert.equal(new URL(page.url()).hash, `#${articleId}`);
  const steps = (await mediation.locator('ul li').allInnerTexts()).map((s) => s.trim());
  assert.deepEqual(steps, [`${dmy(0)}: Meegegaan naar sollicitatiegesprek — ${note} (${me.name})`]);
  assert.equal((await mediation.locator('h3 .tag').innerText()).trim(), 'loopt', 'still under way');
  const result = mediation.locator('form[action$="/afronden"]');
  const outcomes = (await result.getByRole('radio').evaluateAll((rs) => rs.map((r) => r.labels[0].textContent.trim())));
  assert.deepEqual(outcomes, ['Aangenomen', 'Niet aangenomen', 'Teruggetrokken']);
  await axe(page, 'werk en uitstroom');
  await shot(page, 'bemiddeling');

  // The client's card shows it under way with its step, and on the timeline.
  await go(page, page.getByRole('link', { name: 'Terug naar de klantkaart' }));
  assert.equal(pathOf(page), `/klanten/${pick.id}`);
  const work = await page.locator('section[aria-labelledby=werk]').innerText();
  assert.match(work, new RegExp(`${esc(title)} bij ${esc(employer)}: loopt \\(1 stap\\)`));
  const events = await timeline(page);
  assert.ok(events.some((t) => t.includes(`Voorgedragen voor vacature door ${me.name}`) && t.includes(`${title} bij ${employer}`)), events.slice(0, 5).join('\n'));
  assert.ok(events.some((t) => t.includes(`Stap in bemiddeling door ${me.name}`) && t.includes(`Meegegaan naar sollicitatiegesprek op ${dmy(0)}`)), events.slice(0, 5).join('\n'));

  // The vacancy no longer suggests the client, and lists them as proposed.
  await page.goto(`${base}/vacatures/${vacancyId}`);
  const after = await allSuggestions(page);
  assert.ok(!after.some((s) => s.id === pick.id), `${pick.name} is no longer suggested`);
  assert.deepEqual(after.map((s) => s.id), listed.map((s) => s.id).filter((id) => id !== pick.id), 'the others are still suggested');
  const proposed = (await page.locator('section[aria-labelledby=voorgedragen] li').allInnerTexts()).map((t) => t.trim());
  assert.deepEqual(proposed, [`${pick.name}: loopt`]);
});

test('a partial outflow needs its hours; then aftercare shows on the work page and the card', async () => {
  const me = caseworker('Werk');
  const page = await signIn(me.email);
  const client = await clientWithoutOutflow(me);
  const row = await onCaseload(page, (p) => p.locator('#caseload tbody tr').filter({ has: p.locator(`a[href="/klanten/${client.id}"]`) }));
  assert.equal(await row.count(), 1, `${client.name} is on the caseload of ${me.name}`);
  await go(page, row.locator(`a[href="/klanten/${client.id}"]`).first());
  assert.notEqual(await fact(page, 'Fase'), 'Nazorg');
  await go(page, page.getByRole('navigation', { name: 'Acties' }).getByRole('link', { name: 'Werk en uitstroom' }));
  assert.equal(pathOf(page), `/klanten/${client.id}/werk`);

  const section = page.locator('section[aria-labelledby=uitstroom]');
  assert.equal(await section.locator('article').count(), 0, 'no outflow yet');
  const form = () => page.locator(`form[action="/klanten/${client.id}/werk/uitstroom"]`);
  const start = ymd(-14);
  const employer = `Bakkerij Van der Wal ${RUN}`;
  const kinds = form().getByRole('group', { name: 'Soort uitstroom' });
  await kinds.getByLabel('Gedeeltelijk: parttime werk naast een lagere uitkering (de klant blijft in beeld)').check();
  await form().getByLabel('Reden').selectOption({ label: 'Betaald werk in loondienst' });
  await form().getByLabel(/^Startdatum werk/).fill(format(start));
  await form().getByLabel('Werkgever (niet verplicht)').fill(employer);
  const explanation = form().getByLabel('Uitleg als een verplicht instrument niet is gebruikt');
  const explain = await explanation.count() > 0;
  if (explain) await explanation.fill('De klant vond zelf werk voordat de meting gepland kon worden.');

  // Without the hours: refused, the error next to the field, nothing saved.
  let response = await go(page, form().getByRole('button', { name: 'Uitstroom vastleggen' }));
  assert.equal(response.status(), 422);
  assert.ok(!redirected(response));
  assert.match(await form().locator('.error[role=alert]').innerText(), /er is niets opgeslagen/);
  assert.equal(await fieldError(page, form().getByLabel(/^Uren per week/)), 'Vul bij gedeeltelijke uitstroom het aantal uren per week in.');
  assert.equal(await section.locator('article').count(), 0, 'nothing saved');
  assert.ok(await form().getByRole('group', { name: 'Soort uitstroom' }).getByLabel('Gedeeltelijk: parttime werk naast een lagere uitkering (de klant blijft in beeld)').isChecked(), 'the chosen kind comes back');
  assert.equal(await form().getByLabel('Werkgever (niet verplicht)').inputValue(), employer);
  assert.equal(await form().getByLabel(/^Startdatum werk/).inputValue(), format(start));
  const card = await api(await apiCookie(me.email), `/api/clients/${client.id}`);
  assert.equal(card.work.outflows.length, 0, 'no outflow stored');
  assert.equal(card.phase, client.phase, 'the phase is unchanged');
  await axe(page, 'uitstroom met fout');

  await form().getByLabel(/^Uren per week/).fill('20');
  if (explain) await form().getByLabel('Uitleg als een verplicht instrument niet is gebruikt').fill('De klant vond zelf werk voordat de meting gepland kon worden.');
  response = await go(page, form().getByRole('button', { name: 'Uitstroom vastleggen' }));
  assert.equal(response.status(), 200);
  assert.ok(redirected(response), 'a saved outflow redirects back');
  assert.equal(pathOf(page), `/klanten/${client.id}/werk`);
  assert.equal(new URL(page.url()).hash, '#uitstroom');
  const until = format(addMonths(start, 6));
  const next = format(addMonths(start, 1));
  const article = section.locator('article');
  assert.equal(await article.count(), 1);
  assert.equal((await article.locator('h3').innerText()).trim(), `Gedeeltelijke uitstroom (parttime werk naast een lagere uitkering) per ${format(start)}`);
  assert.match(await article.locator('p').first().innerText(), new RegExp(`^Betaald werk in loondienst, ${esc(employer)}, 20 uur\\. Duurzaamheid: `));
  assert.equal((await page.locator('#nazorg').innerText()).trim(), `Nazorg tot ${until}; volgend nazorgcontact ${next}`);
  assert.equal(await page.locator('#nazorg .flag').count(), 0, 'the first check-in is not due yet');
  // Aftercare check-ins can be recorded now, and the file is still open for changes.
  assert.equal(await page.locator(`form[action="/klanten/${client.id}/werk/nazorg"]`).count(), 1);
  await axe(page, 'uitstroom');
  await shot(page, 'uitstroom-nazorg');

  await go(page, page.getByRole('link', { name: 'Terug naar de klantkaart' }));
  assert.equal(await fact(page, 'Fase'), 'Nazorg');
  assert.equal(await page.locator('article.card > .error[role=status]').count(), 0, 'the file is not closed');
  assert.equal(await page.getByRole('navigation', { name: 'Acties' }).count(), 1, 'the file can still be changed');
  const work = (await page.locator('section[aria-labelledby=werk] p').first().innerText()).trim();
  assert.match(work, new RegExp(`^Gedeeltelijke uitstroom \\(parttime werk naast een lagere uitkering\\) per ${format(start)} \\(${esc(employer)}, 20 uur\\)\\. Nazorg tot ${until}; volgend nazorgcontact ${next}\\. Duurzaamheid: `));
  const events = await timeline(page);
  assert.ok(events.some((t) => t.includes(`Uitstroom naar werk door ${me.name}`) && t.includes(`per ${format(start)} bij ${employer}; nazorg tot ${until}`)), events.slice(0, 5).join('\n'));
  assert.ok(events.some((t) => t.includes(`Fase gewijzigd door ${me.name}`)), events.slice(0, 5).join('\n'));
  const after = await api(await apiCookie(me.email), `/api/clients/${client.id}`);
  assert.equal(after.phase, 'nazorg');
  assert.equal(after.open, true, 'the file stays open');
  outflow = { ...client, owner: me, employer, hours: 20, start: format(start), until };
});

test('a sanction needs its consideration before the decision; both show on the timeline', async () => {
  const me = caseworker('Participatie');
  const page = await signIn(me.email);
  const rows = page.locator('#caseload tbody tr').filter({ hasNot: page.locator('.flag', { hasText: /overdracht/ }) });
  assert.ok(await rows.count() > 0, 'the caseload has a client without a pending handover');
  const link = rows.first().locator('td').first().getByRole('link');
  const name = (await link.innerText()).trim();
  await go(page, link);
  const id = Number(pathOf(page).match(/^\/klanten\/(\d+)$/)[1]);
  await go(page, page.locator('section[aria-labelledby=maatregelen]').getByRole('link', { name: 'Maatregelen bekijken en vastleggen' }));
  assert.equal(pathOf(page), `/klanten/${id}/maatregelen`);
  assert.equal((await page.locator('h1').innerText()).trim(), `Maatregelen: ${name}`);
  const articles = page.locator('article[id^=maatregel-]');
  const count = await articles.count();

  const form = () => page.locator(`form[action="/klanten/${id}/maatregelen"]`);
  const behaviour = `Drie keer zonder bericht niet op de werkplaats verschenen (${RUN}).`;
  const basis = 'Participatiewet art. 18 lid 2 (verplichtingen niet nagekomen)';
  assert.equal(await page.locator('h2#nieuw').innerText(), 'Nieuwe maatregel overwegen');
  await form().getByLabel('Gedraging').fill(behaviour);
  await form().getByLabel('Wettelijke grondslag').selectOption({ label: basis });
  await form().getByLabel(/^Datum afweging/).fill(dmy(1));

  // Without the consideration: refused, with the reason next to the field.
  let response = await go(page, form().getByRole('button', { name: 'Afweging vastleggen' }));
  assert.equal(response.status(), 422);
  assert.ok(!redirected(response));
  assert.match(await form().locator('.error[role=alert]').innerText(), /er is niets opgeslagen/);
  const consideration = () => form().getByLabel(/^Afweging: effect op de re-integratie/);
  assert.match(await fieldError(page, consideration()), /^Weeg af wat een maatregel doet met de re-integratie/);
  assert.equal(await articles.count(), count, 'nothing saved');
  assert.equal(await form().getByLabel('Gedraging').inputValue(), behaviour, 'what was typed comes back');
  assert.equal(await form().getByLabel('Wettelijke grondslag').locator('option:checked').innerText(), basis);
  await axe(page, 'maatregel met fout');

  // Too short is not a consideration either.
  await consideration().fill('Geen effect.');
  response = await go(page, form().getByRole('button', { name: 'Afweging vastleggen' }));
  assert.equal(response.status(), 422);
  assert.match(await fieldError(page, consideration()), /te kort \(minstens 20 tekens\)/);
  assert.equal(await articles.count(), count, 'nothing saved');

  const weighed = 'Een verlaging zet de net gestarte werkervaringsplek onder druk; eerst een gesprek over de reden.';
  await consideration().fill(weighed);
  response = await go(page, form().getByRole('button', { name: 'Afweging vastleggen' }));
  assert.equal(response.status(), 200);
  assert.ok(redirected(response), 'a saved consideration redirects back');
  assert.equal(pathOf(page), `/klanten/${id}/maatregelen`);
  const hash = new URL(page.url()).hash;
  assert.match(hash, /^#maatregel-\d+$/, 'back at the new sanction');
  assert.equal(await articles.count(), count + 1);
  const article = page.locator(`article${hash}`);
  assert.equal((await article.locator('h2').innerText()).trim(), `${basis} nog geen besluit`);
  const noted = await article.locator('dl').innerText();
  for (const text of [dmy(1), behaviour, weighed]) assert.ok(noted.includes(text), `the sanction shows: ${text}`);

  // The decision: waived, first without its reasons.
  const decision = () => article.locator('form[action$="/besluit"]');
  await decision().getByRole('group', { name: 'Besluit' }).getByLabel('Afzien van een maatregel').check();
  await decision().getByLabel(/^Datum besluit/).fill(dmy(0));
  response = await go(page, decision().getByRole('button', { name: 'Besluit vastleggen' }));
  assert.equal(response.status(), 422);
  assert.equal(await fieldError(page, decision().getByLabel('Motivering')), 'Motiveer het besluit.');
  assert.ok(await decision().getByRole('group', { name: 'Besluit' }).getByLabel('Afzien van een maatregel').isChecked(), 'the choice comes back');
  assert.equal((await article.locator('h2 .tag').innerText()).trim(), 'nog geen besluit');

  const reasons = 'Klant had een geldige reden (mantelzorg); afspraken over afmelden gemaakt.';
  await decision().getByLabel('Motivering').fill(reasons);
  response = await go(page, decision().getByRole('button', { name: 'Besluit vastleggen' }));
  assert.ok(redirected(response), 'a saved decision redirects back');
  assert.equal(new URL(page.url()).hash, hash);
  assert.equal((await article.locator('h2 .tag').innerText()).trim(), 'Afgezien van een maatregel');
  assert.match(await article.locator('dl').innerText(), new RegExp(`Datum besluit\\s+${dmy(0)}: ${esc(reasons)}`));
  assert.equal(await decision().count(), 0, 'no second decision');
  await axe(page, 'maatregelen');
  await shot(page, 'maatregel');

  await go(page, page.getByRole('link', { name: 'Terug naar de klantkaart' }));
  assert.equal(pathOf(page), `/klanten/${id}`);
  const listed = (await page.locator('section[aria-labelledby=maatregelen] li').allInnerTexts()).map((t) => t.trim());
  assert.ok(listed.includes(`${dmy(1)}: ${basis} — Afgezien van een maatregel`), listed.join('\n'));
  const events = await timeline(page);
  const considered = events.findIndex((t) => t.includes(`Maatregel overwogen door ${me.name} — ${basis} (${dmy(1)})`));
  const decided = events.findIndex((t) => t.includes(`Besluit over maatregel door ${me.name} — Afgezien van een maatregel (${dmy(0)})`));
  assert.ok(considered >= 0, `the timeline shows the consideration:\n${events.slice(0, 5).join('\n')}`);
  assert.ok(decided >= 0, `the timeline shows the decision:\n${events.slice(0, 5).join('\n')}`);
  assert.ok(decided < considered, 'newest first: the decision above the consideration');
});

test('a congratulation letter after the partial outflow, on the page and as PDF', async () => {
  assert.ok(outflow, 'the outflow test registered a partial outflow for a client');
  const { id, name, owner: me, employer, hours, start, until } = outflow;
  const page = await signIn(me.email);
  await page.goto(`${base}/klanten/${id}`);
  await go(page, page.getByRole('navigation', { name: 'Acties' }).getByRole('link', { name: 'Brieven' }));
  assert.equal(pathOf(page), `/klanten/${id}/brieven`);
  assert.equal((await page.locator('h1').innerText()).trim(), `Brieven: ${name}`);
  const form = page.locator(`form[action="/klanten/${id}/brieven"]`);
  await form.getByRole('group', { name: 'Welke brief?' }).getByLabel('Gefeliciteerd met uw nieuwe baan').check();
  const response = await go(page, form.getByRole('button', { name: 'Brief opstellen' }));
  assert.equal(response.status(), 200);
  assert.ok(redirected(response), 'a composed draft redirects to its preview');
  assert.match(pathOf(page), new RegExp(`^/klanten/${id}/brieven/\\d+$`));
  const letterUrl = pathOf(page);

  const letter = page.locator('article.letter');
  assert.equal((await letter.locator('h1').innerText()).trim(), 'Gefeliciteerd met uw nieuwe baan');
  const body = (await letter.locator('div.prewrap').innerText()).trim();
  assert.ok(body.startsWith(`Beste ${name},`), body.slice(0, 80));
  for (const text of [
    'Gefeliciteerd!',
    `Op ${start} begint u bij ${employer}, ${hours} uur per week.`,
    'Wat verandert er voor u?',
    `Tot ${until} blijft u`,
    me.name,
    me.team,
  ]) assert.ok(body.includes(text), `the letter says: ${text}\n${body}`);
  assert.ok(!/[{}]/.test(body), 'no placeholder is left');
  assert.ok(!body.includes('(onbekend)'), 'every placeholder is filled');
  await axe(page, 'brief');
  await shot(page, 'felicitatiebrief');

  const pdfLink = page.getByRole('link', { name: 'Als PDF' });
  assert.equal(await pdfLink.getAttribute('href'), `${letterUrl}/pdf`);
  const pdf = await page.request.get(`${base}${letterUrl}/pdf`);
  assert.equal(pdf.status(), 200);
  assert.match(pdf.headers()['content-type'], /^application\/pdf/);
  const bytes = await pdf.body();
  assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
  assert.ok(bytes.length > 500, `a PDF of some size: ${bytes.length} bytes`);
  assert.match(bytes.subarray(-32).toString('latin1'), /%%EOF\s*$/, 'a complete PDF');

  // Listed with the client's letters, and on the timeline.
  await go(page, page.getByRole('link', { name: 'Terug naar de brieven' }));
  const listed = page.locator('ul li').filter({ has: page.locator(`a[href="${letterUrl}"]`) });
  assert.equal(await listed.count(), 1);
  assert.match(await listed.innerText(), new RegExp(`^Gefeliciteerd met uw nieuwe baan — concept — ${esc(me.name)}, ${dmy(0)}`));
  await page.goto(`${base}/klanten/${id}`);
  const events = await timeline(page);
  assert.ok(events.some((t) => t.includes(`Brief opgesteld (concept) door ${me.name} — Gefeliciteerd met uw nieuwe baan`)), events.slice(0, 5).join('\n'));
});
