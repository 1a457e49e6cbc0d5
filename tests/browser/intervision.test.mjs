// Intervision and case consultation, in Chromium at 1366×768: a caseworker
// records a session with a case about one of the team's clients and a
// follow-up for a colleague; the session's page names the client, the
// colleague finds the follow-up on Vandaag and marks it done there.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startZicht, stopZicht, base, browser, caseworker, PASSWORD, axe, shot, dmy, go, pathOf,
} from './harness.mjs';

before(async () => { await startZicht('zicht-intervisie-'); });
after(stopZicht);

/** Signed in through the sign-in page, at the laptop size the issue names. */
async function signIn(email) {
  const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  await page.goto(`${base}/inloggen`);
  await page.fill('#email', email);
  await page.fill('#password', PASSWORD);
  await go(page, page.getByRole('button', { name: 'Inloggen' }));
  return page;
}

test('a session with a case and a follow-up, recorded through the pages, seen on Vandaag', async () => {
  const me = caseworker('Werk', 0);
  const colleague = caseworker('Werk', 1);
  const page = await signIn(me.email);

  // The menu's short entry leads to the list, which has the demo's sessions.
  await go(page, page.getByRole('link', { name: 'Intervisie', exact: true }));
  assert.equal(pathOf(page), '/intervisie');
  assert.ok(await page.locator('#sessions tbody tr').count() > 0, 'the demo has sessions');
  await axe(page, 'intervision list');
  await shot(page, 'intervisie-lijst');

  await go(page, page.getByRole('link', { name: 'Sessie vastleggen' }));
  assert.equal(pathOf(page), '/intervisie/nieuw');
  await axe(page, 'intervision form');
  await page.fill('#held_on', dmy());
  await page.selectOption('#method', 'case_consultation');
  await page.getByLabel(colleague.name, { exact: false }).first().check();
  await page.fill('#question_1', 'Hoe houden we deze klant gemotiveerd na de afwijzing?');
  // Without the advice the case is refused, the input kept.
  await go(page, page.getByRole('button', { name: 'Sessie opslaan' }));
  assert.match(await page.title(), /^Fout: /);
  assert.match(await page.locator('#cases-error').innerText(), /advies/);
  await axe(page, 'intervision form with an error');
  assert.equal(await page.inputValue('#question_1'), 'Hoe houden we deze klant gemotiveerd na de afwijzing?');

  await page.fill('#advice_1', 'Samen een nieuwe vacature zoeken en de afwijzing bespreken.');
  const client = page.locator('#client_1 option').nth(1);
  const clientName = (await client.innerText()).trim();
  await page.selectOption('#client_1', await client.getAttribute('value'));
  await page.selectOption('#owner_1', { label: colleague.name });
  await page.fill('#description_1', 'Nieuwe vacatures doorsturen aan de klant');
  await page.fill('#due_1', dmy(-7));
  await shot(page, 'intervisie-formulier');
  await go(page, page.getByRole('button', { name: 'Sessie opslaan' }));
  assert.match(pathOf(page), /^\/intervisie\/\d+$/);
  assert.match(await page.locator('#saved').innerText(), /Intervisie vastgelegd/);
  assert.match(await page.locator('#case-list').innerText(), new RegExp(clientName));
  assert.match(await page.locator('#follow-up-list').innerText(), /Nieuwe vacatures doorsturen/);
  await axe(page, 'intervision session');
  await shot(page, 'intervisie-sessie');

  // The colleague finds the follow-up on Vandaag and marks it done there.
  const other = await signIn(colleague.email);
  await other.goto(`${base}/vandaag`);
  const row = other.locator('#today-follow-ups tbody tr', { hasText: 'Nieuwe vacatures doorsturen' });
  assert.equal(await row.count(), 1);
  await axe(other, 'Vandaag with follow-ups');
  await shot(other, 'intervisie-vandaag');
  await go(other, row.getByRole('button', { name: /Afronden/ }));
  assert.equal(pathOf(other), '/vandaag');
  assert.match(await other.locator('#saved').innerText(), /Afspraak afgerond/);
  assert.equal(await other.locator('#today-follow-ups tbody tr', { hasText: 'Nieuwe vacatures doorsturen' }).count(), 0);
});
