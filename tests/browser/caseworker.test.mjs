// The caseworker's day in real Chromium against a real Zicht server with the
// demo municipality. Counts the interactions each daily act needs from the
// caseload page, saves screenshots and runs axe-core on the main pages.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  startZicht, stopZicht, base, employees, rosterPath, screenshots, signIn as signInAs, axe, shot,
  esc, fieldError, onCaseload, go, pathOf, apiCookie, api, caseworker,
} from './harness.mjs';

before(async () => {
  await startZicht('zicht-browser-');
  rmSync(join(screenshots, 'interactions.txt'), { force: true });
});
after(stopZicht);

/** The `index`-th of a team's casework (caseworkers and its lead), by name. */
function member(team, index = 0) {
  return employees.filter((e) => e.team === team && ['klantmanager', 'teamleider'].includes(e.role))[index];
}

/** A browser page signed in as `employee` through the real sign-in page. */
async function signIn(employee) {
  return signInAs(employee.email);
}

/** Counts navigation clicks and submits for one act, and prints the total. */
class Counter {
  constructor(act) { this.act = act; this.n = 0; }
  async click(page, locator) {
    this.n += 1;
    await Promise.all([page.waitForLoadState('load'), locator.click()]);
    await page.waitForLoadState('load');
  }
  report(fields) {
    const line = `interactions ${this.act}: ${this.n} (fields filled: ${fields.join(', ') || 'none'})`;
    console.log(line);
    appendFileSync(join(screenshots, 'interactions.txt'), `${line}\n`);
    assert.ok(this.n <= 3, `${this.act} took ${this.n} interactions`);
  }
}

/** The caseload row of the first client without a pending handover. */
async function freeRow(page) {
  const rows = page.locator('#caseload tbody tr').filter({ hasNot: page.locator('.flag', { hasText: /overdracht/ }) });
  const row = rows.first();
  const name = (await row.locator('td').first().innerText()).trim();
  return { row, name };
}

test('a caseworker offers a handover and the receiving team accepts it', async () => {
  const sender = member('Intake');
  const receiver = member('Werk', 1);
  const page = await signIn(sender);
  await axe(page, 'caseload');
  await shot(page, 'caseload');

  const offer = new Counter('offer handover');
  const { row, name } = await freeRow(page);
  await offer.click(page, row.getByRole('link', { name: /^Overdragen/ }));
  await page.selectOption('#to_team_id', { label: 'Werk' });
  await page.fill('#reason', 'Klaar voor begeleiding naar werk');
  await page.fill('#work_done', 'Intake, diagnose en klantinzetformulier');
  await page.fill('#agreements', 'Eerste gesprek bij team Werk binnen twee weken');
  await offer.click(page, page.getByRole('button', { name: 'Overdracht aanbieden' }));
  offer.report(['to_team_id', 'reason', 'work_done', 'agreements']);
  assert.match(await page.locator('#overdracht + p').innerText(), /Aangeboden aan Werk/);
  await axe(page, 'klantkaart');
  await shot(page, 'klantkaart');

  const inboxPage = await signIn(receiver);
  const accept = new Counter('accept handover');
  await accept.click(inboxPage, inboxPage.getByRole('link', { name: 'Inbox team' }));
  await axe(inboxPage, 'inbox');
  await shot(inboxPage, 'inbox');
  const item = inboxPage.locator('article.handover').filter({ hasText: name });
  await item.locator('select[name=employee_id]').selectOption(String(receiver.id));
  await accept.click(inboxPage, item.getByRole('button', { name: 'Accepteren' }));
  accept.report(['employee_id (preselected)']);
  assert.equal(await inboxPage.locator('article.handover').filter({ hasText: name }).count(), 0);

  // The page's own session, through Playwright's request context.
  const card = await (await inboxPage.request.get(`${base}/api/clients?q=${encodeURIComponent(name)}`)).json();
  const client = card.find((c) => c.name === name);
  assert.equal(client.owner_team.name, 'Werk');
  assert.equal(client.owner_employee.id, receiver.id);

  const meeting = await signIn(receiver);
  await meeting.goto(`${base}/team/overleg`);
  await axe(meeting, 'overdrachtsoverleg');
  await shot(meeting, 'overdrachtsoverleg');
});

test('a handover is returned with a reason; without one the error shows next to the field', async () => {
  const sender = member('Intake', 1);
  const receiver = member('Participatie');
  const page = await signIn(sender);
  const { row, name } = await freeRow(page);
  await row.getByRole('link', { name: /^Overdragen/ }).click();
  await page.selectOption('#to_team_id', { label: 'Participatie' });
  await page.fill('#reason', 'Eerst activering nodig');
  await page.fill('#work_done', 'Intakegesprek');
  await page.fill('#agreements', 'Klant gaat akkoord');
  await page.getByRole('button', { name: 'Overdracht aanbieden' }).click();
  await page.waitForLoadState('load');

  const inbox = await signIn(receiver);
  await inbox.getByRole('link', { name: 'Inbox team' }).click();
  const item = inbox.locator('article.handover').filter({ hasText: name });
  await item.getByRole('button', { name: 'Terugsturen' }).click();
  await inbox.waitForLoadState('load');
  // The page does not open at its top handover but says first what failed:
  // an error summary at the top of <main>, in view and focused, its link
  // leading to the field; the title starts with "Fout: ".
  assert.match(await inbox.title(), /^Fout: /);
  const summary = inbox.locator('main > #fout');
  assert.ok(await summary.isVisible(), 'the error summary is shown');
  const box = await summary.boundingBox();
  assert.ok(box.y >= 0 && box.y < 768, `the error summary is in view (top at ${box.y}px)`);
  assert.match(await summary.innerText(), new RegExp(`Er is niets opgeslagen: ${esc(name)}`));
  assert.equal(await inbox.evaluate(() => document.activeElement?.id), 'fout', 'focus is on the summary');
  await axe(inbox, 'inbox met fout');
  await inbox.screenshot({ path: join(screenshots, 'inbox-terugsturen-fout.png') });
  await summary.getByRole('link', { name: /Geef aan waarom de overdracht wordt teruggestuurd/ }).click();
  const again = inbox.locator('article.handover').filter({ hasText: name });
  assert.equal(await inbox.evaluate(() => location.hash), `#${await again.locator('textarea[name=reason]').getAttribute('id')}`);
  const error = again.locator('.field-error');
  assert.match(await error.innerText(), /Geef aan waarom de overdracht wordt teruggestuurd/);
  const textarea = again.locator('textarea[name=reason]');
  assert.equal(await textarea.getAttribute('aria-invalid'), 'true');
  assert.equal(await textarea.getAttribute('aria-describedby'), await error.getAttribute('id'));
  await textarea.fill('Klant heeft eerst schuldhulp nodig');
  await again.getByRole('button', { name: 'Terugsturen' }).click();
  await inbox.waitForLoadState('load');
  assert.equal(await inbox.locator('article.handover').filter({ hasText: name }).count(), 0);
  assert.equal(await inbox.locator('main > [role=status] #saved').innerText(), 'Overdracht teruggestuurd, met de reden.');
  assert.doesNotMatch(await inbox.title(), /^Fout/);

  // The search page finds the client back in the sender's caseload; the
  // term is posted, so it never shows in the address.
  await page.goto(`${base}/zoeken`);
  await page.getByLabel('BSN of naam').fill(name);
  await page.getByRole('button', { name: 'Zoeken' }).click();
  await page.waitForLoadState('load');
  assert.ok(!page.url().includes(encodeURIComponent(name)) && !page.url().includes('?'), page.url());
  await axe(page, 'zoeken');
  await shot(page, 'zoeken');
  await page.getByRole('link', { name, exact: true }).click();
  await page.waitForLoadState('load');
  const timeline = await page.locator('.timeline').innerText();
  assert.match(timeline, /Overdracht teruggestuurd/);
  assert.match(timeline, /schuldhulp/);
  assert.match(await page.locator('.facts').innerText(), /Intake/);
});

test('a returned handover stays in sight of its sender until offered again or seen', async () => {
  const sender = member('Intake', 2);
  const receiver = member('Werk');
  const page = await signIn(sender);
  const { row, name } = await freeRow(page);
  await row.getByRole('link', { name: /^Overdragen/ }).click();
  await page.waitForLoadState('load');
  await page.selectOption('#to_team_id', { label: 'Werk' });
  await page.fill('#reason', 'Klaar voor werk');
  await page.fill('#work_done', 'Intakegesprek en diagnose');
  await page.fill('#agreements', 'Klant solliciteert zelf ook');
  await page.getByRole('button', { name: 'Overdracht aanbieden' }).click();
  await page.waitForLoadState('load');

  // The receiving team sends it back with a reason.
  const inbox = await signIn(receiver);
  await inbox.getByRole('link', { name: 'Inbox team' }).click();
  await inbox.waitForLoadState('load');
  const item = inbox.locator('article.handover').filter({ hasText: name });
  await item.locator('textarea[name=reason]').fill('Taalniveau te laag; eerst een taaltraject');
  await item.getByRole('button', { name: 'Terugsturen' }).click();
  await inbox.waitForLoadState('load');

  // The sender finds it first on Vandaag, the start page: who sent it back,
  // and why, with one link to act on it.
  await page.goto(`${base}/vandaag`);
  const today = page.locator('#today tbody tr').filter({ has: page.getByRole('link', { name, exact: true }) });
  assert.equal(await today.count(), 1, `${name} is on the sender's Vandaag`);
  assert.match(await today.innerText(), /Overdracht teruggestuurd/);
  assert.match(await today.innerText(), new RegExp(`teruggestuurd door Werk \\(${esc(receiver.name)}\\), .*Taalniveau te laag; eerst een taaltraject`, 's'));
  assert.match(await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: /^Vandaag/ }).innerText(), /Vandaag\s+\d+/);
  await axe(page, 'vandaag');
  await shot(page, 'vandaag');
  await go(page, today.getByRole('link', { name: `Overdracht bekijken: ${name}` }));
  assert.match(pathOf(page), /^\/klanten\/\d+$/);
  assert.match(await page.locator('#returned-signal').innerText(), /Taalniveau te laag/);

  // And on the caseload: who, and why.
  await page.goto(`${base}/`);
  const back = await onCaseload(page, (p) => p.locator('#caseload tbody tr').filter({ has: p.getByRole('link', { name, exact: true }) }));
  const signals = back.locator('td').nth(5);
  assert.match(await signals.innerText(), /overdracht teruggestuurd/);
  assert.match(await signals.innerText(), /teruggestuurd door Werk \(.+\), .*Taalniveau te laag; eerst een taaltraject/s);
  await axe(page, 'caseload met teruggestuurde overdracht');
  await shot(page, 'caseload-teruggestuurd');

  // And on the klantkaart, with the whole reason and what to do.
  await back.getByRole('link', { name, exact: true }).click();
  await page.waitForLoadState('load');
  const notice = page.locator('#returned-signal');
  assert.match(await notice.innerText(), new RegExp(`teruggestuurd door Werk \\(${esc(receiver.name)}\\)`));
  assert.match(await notice.innerText(), /Taalniveau te laag; eerst een taaltraject/);
  // "Seen" without a word why is refused next to its field, in Dutch.
  await page.getByRole('button', { name: 'Gezien, klant blijft' }).click();
  await page.waitForLoadState('load');
  assert.match(await fieldError(page, page.locator('#seen-reason')), /Geef kort aan waarom de klant bij uw team blijft/);
  await axe(page, 'klantkaart met teruggestuurde overdracht');
  await shot(page, 'klantkaart-teruggestuurd');

  // Offering again acts on it: the signal is gone.
  await page.getByRole('link', { name: 'Opnieuw overdragen' }).click();
  await page.waitForLoadState('load');
  await page.selectOption('#to_team_id', { label: 'Participatie' });
  await page.fill('#reason', 'Eerst taaltraject via participatie');
  await page.fill('#work_done', 'Intakegesprek en diagnose');
  await page.fill('#agreements', 'Klant start met taalles');
  await page.getByRole('button', { name: 'Overdracht aanbieden' }).click();
  await page.waitForLoadState('load');
  assert.equal(await page.locator('#returned-signal').count(), 0);
  assert.match(await page.locator('#overdracht + p').innerText(), /Aangeboden aan Participatie/);
  await page.goto(`${base}/`);
  const again = await (await onCaseload(page, (p) => p.locator('#caseload tbody tr').filter({ has: p.getByRole('link', { name, exact: true }) }))).locator('td').nth(5).innerText();
  assert.doesNotMatch(again, /teruggestuurd/);
  assert.match(again, /overdracht open/);
  await shot(page, 'caseload-opnieuw-aangeboden');
});

test('a caseworker marks a returned handover as seen, saying why the client stays', async () => {
  // Intake caseloads have handovers sent back: the demo's, and the one above.
  let page;
  let row;
  for (const e of employees.filter((x) => x.team === 'Intake')) {
    page = await signIn(e);
    await page.goto(`${base}/?signal=flag.handover_returned`);
    row = page.locator('#caseload tbody tr').filter({ has: page.locator('.flag', { hasText: 'overdracht teruggestuurd' }) }).first();
    if (await row.count()) break;
  }
  assert.equal(await row.count(), 1, 'the demo shows a returned handover on an intake caseload');
  const name = (await row.locator('td').first().innerText()).trim();
  await row.getByRole('link', { name, exact: true }).click();
  await page.waitForLoadState('load');
  await page.fill('#seen-reason', 'Klant blijft bij intake tot de schulden in beeld zijn');
  await page.getByRole('button', { name: 'Gezien, klant blijft' }).click();
  await page.waitForLoadState('load');
  assert.equal(await page.locator('#returned-signal').count(), 0);
  const timeline = await page.locator('.timeline li').first().innerText();
  assert.match(timeline, /Teruggestuurde overdracht gezien/);
  assert.match(timeline, /tot de schulden in beeld zijn/);
  await shot(page, 'klantkaart-teruggestuurd-gezien');
});

test('ticking the five skills makes a client ready for mediation', async () => {
  const page = await signIn(member('Werk', 2));
  const skills = new Counter('record five skills');
  const { row } = await freeRow(page);
  await skills.click(page, row.getByRole('link', { name: /^Klantinzet/ }));
  await axe(page, 'klantinzetformulier');
  for (const key of ['on_time', 'commitment', 'accepts_direction', 'says_in_time', 'dresses_for_work']) {
    await page.check(`#skill-${key}`);
  }
  await skills.click(page, page.getByRole('button', { name: 'Opslaan' }));
  skills.report(['five checkboxes']);
  assert.match(await page.locator('#vaardigheden ~ p').first().innerText(), /Klaar voor bemiddeling/);
});

test('recording a contact, and a validation error next to its field with nothing saved', async () => {
  const page = await signIn(member('Participatie', 1));
  const contact = new Counter('record contact');
  const { row, name } = await freeRow(page);
  await contact.click(page, row.getByRole('link', { name: /^Contact/ }));
  await axe(page, 'contactformulier');

  // A date in the future is refused next to the date field.
  await page.fill('#date', '01-01-2999');
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.waitForLoadState('load');
  const error = page.locator('#date-error');
  assert.match(await error.innerText(), /in de toekomst/);
  assert.equal(await page.locator('#date').getAttribute('aria-invalid'), 'true');
  await shot(page, 'validatiefout');

  await page.fill('#date', '');
  await page.check('input[name=kind][value=telefoon]');
  await page.fill('#with_whom', 'klant');
  await contact.click(page, page.getByRole('button', { name: 'Opslaan' }));
  contact.report(['kind (preselected gesprek)', 'with_whom (prefilled klant)']);
  // The klantkaart says what was saved, in the status region, once.
  const region = page.locator('main > [role=status]');
  assert.equal(await region.getAttribute('aria-live'), 'polite');
  const saved = region.locator('#saved');
  assert.ok(await saved.isVisible(), 'the confirmation is shown');
  assert.equal((await saved.innerText()).trim(), 'Contact vastgelegd.');
  const savedBox = await saved.boundingBox();
  assert.ok(savedBox.y >= 0 && savedBox.y < 768, `the confirmation is in view (top at ${savedBox.y}px)`);
  await axe(page, 'klantkaart na opslaan');
  await page.screenshot({ path: join(screenshots, 'contact-vastgelegd.png') });
  const card = page.url();
  const facts = await page.locator('.facts').innerText();
  assert.match(facts, /Telefoon met klant/);
  const timeline = await page.locator('.timeline li').allInnerTexts();
  assert.equal(timeline.filter((t) => t.includes('Contact vastgelegd') && t.includes('Telefoon met klant')).length, 1,
    `exactly one new contact for ${name}, the refused one saved nothing`);
  await page.reload();
  assert.equal(page.url(), card);
  assert.equal(await page.locator('main > [role=status] #saved').count(), 0, 'a reload confirms nothing again');
});

test('uploading a roster with ghosts and registering them with intake', async () => {
  const page = await signIn(member('Intake', 2));
  await page.goto(`${base}/afstemming`);
  await page.setInputFiles('#bestand', rosterPath);
  await page.getByRole('button', { name: 'Afstemmen' }).click();
  await page.waitForLoadState('load');
  const ghosts = Number(await page.locator('#count-ghosts').innerText());
  assert.ok(ghosts > 0, 'the demo roster has ghosts');
  await axe(page, 'afstemming');
  await shot(page, 'afstemming');
  await page.getByRole('button', { name: /Schrijf alle spookklanten in bij intake/ }).click();
  await page.waitForLoadState('load');
  const links = page.locator('#ghosts tbody a');
  assert.equal(await links.count(), ghosts);
  await links.first().click();
  await page.waitForLoadState('load');
  const facts = await page.locator('.facts').innerText();
  assert.match(facts, /Intake/);
  await page.goto(`${base}/afstemming`);
  assert.equal(await page.locator('#runs-table tbody tr').count(), 1);
});

test('a team lead opens the effectenkaart, follows a figure to its clients and records an agreement', async () => {
  const lead = employees.find((e) => e.team === 'Werk' && e.role === 'teamleider');
  assert.ok(lead, 'the demo has a team lead for Werk');
  const page = await signIn(lead);
  // The lead's Vandaag holds the team's clients, each with its caseworker.
  await page.goto(`${base}/vandaag`);
  assert.match(await page.locator('main p.muted').first().innerText(), /klanten van uw team/);
  if (await page.locator('#today').count()) {
    assert.equal(await page.locator('#today thead th').nth(1).innerText(), 'Klantmanager');
  }
  await axe(page, 'vandaag teamleider');
  await shot(page, 'vandaag-teamleider');
  await page.getByRole('link', { name: 'Effectenkaart' }).click();
  await page.waitForLoadState('load');
  // Defaults: the lead's own team, this quarter, compared with the previous one.
  assert.match(await page.locator('#kaart').innerText(), /Werk/);
  // Dates are typed one way everywhere: dd-mm-jjjj in a text field.
  assert.equal(await page.locator('input[type=date]').count(), 0);
  assert.match(await page.locator('#from').inputValue(), /^\d\d-\d\d-\d{4}$/);
  assert.equal(await page.locator('svg[role=img]').count(), 2);
  const ready = page.locator('#cijfer-ready_for_mediation td.value');
  assert.match(await ready.innerText(), /%/);
  await axe(page, 'effectenkaart');
  await shot(page, 'effectenkaart');

  // Follow the figure "never assessed" or "ready" down to its clients.
  const link = page.locator('#cijfer-ready_for_mediation td.value a, #cijfer-never_assessed td.value a').first();
  const count = Number((await link.innerText()).match(/\((\d+) van/)[1]);
  await link.click();
  await page.waitForLoadState('load');
  const rows = page.locator('#figure-clients tbody tr');
  assert.equal(await rows.count(), count, 'the list holds exactly the clients the figure counts');
  for (const team of await rows.locator('td:nth-child(4)').allInnerTexts()) assert.equal(team, 'Werk');
  await axe(page, 'effectenkaart-klanten');
  await shot(page, 'effectenkaart-klanten');

  // A result agreement: realisation comes from the history, not from the form.
  await page.getByRole('link', { name: 'Terug naar de effectenkaart' }).click();
  await page.waitForLoadState('load');
  await page.selectOption('#who', { label: 'Team: Werk' });
  await page.selectOption('#kind', 'in_trajectory');
  await page.fill('#target', '25');
  await page.getByRole('button', { name: 'Afspraak vastleggen' }).click();
  await page.waitForLoadState('load');
  const agreement = page.locator('#tabel-afspraken tbody tr').filter({ hasText: 'Klanten in een traject' });
  assert.equal(await agreement.count(), 1);
  assert.match(await agreement.innerText(), /minstens 25/);
  await shot(page, 'effectenkaart-afspraak');
});

test('the klantkaart summary fits one screen at 1366×768, in Dutch and in English', async () => {
  const me = caseworker('Werk');
  const cookie = await apiCookie(me.email);
  const clients = await api(cookie, '/api/clients');
  const assessed = clients.find((c) => c.ready_for_mediation && c.pending_handover === null);
  assert.ok(assessed, `${me.name} has a client with all five skills and no pending handover`);
  const page = await signInAs(me.email, '/', { width: 1366, height: 768 });
  await page.goto(`${base}/klanten/${assessed.id}`);

  // The menu stays on one line.
  const header = await page.locator('header.top').boundingBox();
  assert.ok(header.height < 60, `the header is one line (${header.height}px)`);
  // Every part of the file one button away, in one row.
  const buttons = page.getByRole('navigation', { name: 'Acties' }).getByRole('link');
  assert.deepEqual(await buttons.allInnerTexts(), [
    'Contact', 'Klantinzet', 'Overdragen', 'Diagnose', 'Trajectplan', 'Verwijzingen', 'Werk en uitstroom', 'Maatregelen', 'Brieven',
  ]);
  const tops = new Set();
  for (const b of await buttons.all()) tops.add(Math.round((await b.boundingBox()).y));
  assert.equal(tops.size, 1, 'the buttons share one row');
  // The five skills as five marks, with their date, and the whole summary
  // within the first 768 pixels.
  const marks = page.locator('#skill-marks li');
  assert.equal(await marks.count(), 5);
  assert.equal((await marks.allInnerTexts()).filter((t) => t.startsWith('✔')).length, 5);
  assert.match(await page.locator('#skill-marks dt').innerText(), /Vijf basisvaardigheden \(\d\d-\d\d-\d{4}\)/);
  const summary = await page.locator('#samenvatting').boundingBox();
  assert.ok(summary.y + summary.height <= 768, `the summary ends at ${summary.y + summary.height}px`);
  for (const fact of ['Team / Klantmanager', 'Fase', 'Uitkering', 'Laatste contact', 'Overdracht']) {
    assert.equal(await page.locator('#samenvatting dt', { hasText: fact }).count() >= 1, true, `the summary shows ${fact}`);
  }
  await axe(page, 'klantkaart 1366×768');
  await page.screenshot({ path: join(screenshots, 'klantkaart-1366x768.png') });

  // With a pending handover there is nothing to hand over.
  await page.goto(`${base}/`);
  const pending = await onCaseload(page, (p) => p.locator('#caseload tbody tr').filter({ has: p.locator('.flag', { hasText: /overdracht open|overdracht te laat/ }) }).first());
  if (await pending.count()) {
    await go(page, pending.locator('td a').first());
    const offered = await page.getByRole('navigation', { name: 'Acties' }).getByRole('link').allInnerTexts();
    assert.ok(!offered.includes('Overdragen'), 'no "Overdragen" while a handover is pending');
  }

  // In English no Dutch label of the summary is left.
  await page.goto(`${base}/taal/en`);
  await page.goto(`${base}/klanten/${assessed.id}`);
  const english = await page.locator('#samenvatting').innerText();
  for (const dutch of ['Vijf basisvaardigheden', 'Op tijd komen', 'Inzet tonen', 'Leiding accepteren', 'Klaar voor bemiddeling',
    'Participatieladder', 'Fase', 'Uitkering', 'Overdragen', 'Werk en uitstroom', 'Maatregelen', 'Brieven', 'Diagnose',
    'Activering', 'Bemiddeling', 'Nazorg', 'Betaald werk', 'Onbetaald werk', 'Geïsoleerd']) {
    assert.ok(!english.includes(dutch), `the English summary has no "${dutch}"`);
  }
  const englishSummary = await page.locator('#samenvatting').boundingBox();
  assert.ok(englishSummary.y + englishSummary.height <= 768, `the English summary ends at ${englishSummary.y + englishSummary.height}px`);
  await page.screenshot({ path: join(screenshots, 'klantkaart-1366x768-en.png') });
  await page.goto(`${base}/taal/nl`);
});
