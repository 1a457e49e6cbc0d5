// The library of methods and protocols, in Chromium at 1366×768: the list
// from the menu, a module's versions with the team's comments, a caseworker
// who may comment but not decide, and a team lead who makes a concept
// definitive, after which the version in force shows when it is superseded.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startZicht, stopZicht, base, browser, teamLead, caseworker, PASSWORD, axe, shot, go, pathOf,
} from './harness.mjs';

before(async () => { await startZicht('zicht-methodieken-'); });
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

/** Opens the demo module called `title` from the list. */
async function openModule(page, title) {
  await page.goto(`${base}/`);
  // The library is reached from Intervisie, where the team learns together.
  await go(page, page.locator('header nav').getByRole('link', { name: 'Intervisie' }));
  await go(page, page.getByRole('link', { name: 'Methodieken en protocollen' }));
  assert.equal(pathOf(page), '/methodieken');
  await go(page, page.locator('#method-list').getByRole('link', { name: title }));
  assert.match(pathOf(page), /^\/methodieken\/\d+$/);
}

test('a caseworker comments on a concept but cannot make it definitive', async () => {
  const worker = caseworker('Werk');
  const page = await signIn(worker.email);
  await openModule(page, 'Vijf vaardigheden gesprek');
  await axe(page, 'methodiek with a concept, as a caseworker');
  assert.equal(await page.locator('#make-definitive').count(), 0);
  assert.match(await page.locator('#team-lead-only').innerText(), /Alleen een teamleider/);
  await page.fill('#comment_body', 'Wij proberen het deze maand in team Werk.');
  await go(page, page.getByRole('button', { name: 'Reactie plaatsen' }));
  assert.match(await page.locator('#saved').innerText(), /Reactie geplaatst/);
  assert.match(await page.locator('ul.comments').first().innerText(), /deze maand in team Werk/);
  await shot(page, 'methodiek-concept-klantmanager');
});

test('a team lead makes a protocol definitive; the version in force is superseded from its date', async () => {
  const lead = teamLead('Werk');
  const page = await signIn(lead.email);
  await openModule(page, 'Werkfit-traject protocol');
  await axe(page, 'methods list and protocol');
  await shot(page, 'methodieken-protocol-concept');

  const versions = page.locator('article[id^="versie-"]');
  assert.equal(await versions.count(), 3, 'the demo protocol has three versions');
  const concept = versions.first();
  assert.match(await concept.locator('h3').innerText(), /Versie 3\s+concept/);
  assert.match(await versions.nth(1).locator('h3').innerText(), /Versie 2\s+geldend/);
  assert.match(await versions.nth(2).locator('h3').innerText(), /Versie 1\s+vervangen/);
  // The demo's comment on the concept.
  assert.match(await concept.locator('ul.comments').innerText(), /Wie beslist over de duur/);
  // The text is rendered markdown.
  assert.equal(await concept.locator('.method-text h4').innerText(), 'Werkfit-traject');

  await go(page, concept.getByRole('button', { name: 'Definitief maken' }));
  assert.match(await page.locator('#saved').innerText(), /Versie definitief gemaakt/);
  const now = page.locator('article[id^="versie-"]');
  assert.match(await now.first().locator('h3').innerText(), /Versie 3\s+definitief, nog niet ingegaan/);
  assert.match(await now.first().innerText(), /Definitief gemaakt door/);
  // No edit or comment form on a definitive version.
  assert.equal(await now.first().locator('form').count(), 0);
  assert.match(await now.nth(1).locator('p.meta').innerText(), /Vervangen vanaf \d{2}-\d{2}-\d{4}/);
  assert.match(await page.locator('#history').innerText(), /Definitief gemaakt/);
  // With no concept open, a new version can be started.
  assert.equal(await page.locator('#nieuwe-versie').count(), 1);
  await axe(page, 'protocol made definitive');
  await shot(page, 'methodieken-protocol-definitief');
});
