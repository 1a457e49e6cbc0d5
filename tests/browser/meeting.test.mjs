// The overdrachtsoverleg as a meeting, in Chromium at 1366×768: the compact
// agenda, its print view, recording a meeting with attendees and decisions,
// and the record in the list of earlier meetings afterwards.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startZicht, stopZicht, base, browser, teamLead, PASSWORD, axe, shot, dmy, go, pathOf,
} from './harness.mjs';

before(async () => { await startZicht('zicht-overleg-'); });
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

test('a team lead runs the overdrachtsoverleg from a compact agenda and records it', async () => {
  const lead = teamLead('Werk');
  const page = await signIn(lead.email);
  await page.goto(`${base}/team/overleg`);
  await axe(page, 'overdrachtsoverleg agenda');
  await shot(page, 'overleg-agenda');
  // One line per handover, no decision forms on the agenda.
  const rows = page.locator('table.agenda tbody tr');
  assert.ok(await rows.count() > 0, 'the demo has handovers on the agenda');
  assert.equal(await page.locator('main form[action*="/accepteren"]').count(), 0);
  // The demo's earlier meetings are listed.
  const earlier = page.locator('#earlier-meetings tbody tr');
  const before = await earlier.count();
  assert.ok(before > 0, 'the demo has earlier meetings');

  // A filter is a GET with codes only.
  await page.selectOption('#sectie', 'inkomend');
  await go(page, page.getByRole('button', { name: 'Toon' }));
  assert.match(page.url(), /sectie=inkomend/);
  assert.equal(await page.locator('table.agenda').count(), await page.locator('#agenda-inkomend').count());

  // The print view: a clean list.
  await page.goto(`${base}/team/overleg?afdruk=1`);
  assert.equal(await page.locator('header.top').count(), 0);
  await axe(page, 'overdrachtsoverleg print view');
  await page.emulateMedia({ media: 'print' });
  await shot(page, 'overleg-afdruk');
  await page.emulateMedia({ media: 'screen' });

  // Record the meeting.
  await page.goto(`${base}/team/overleg`);
  await go(page, page.getByRole('link', { name: 'Overleg vastleggen' }));
  assert.equal(pathOf(page), '/team/overleg/verslag');
  await axe(page, 'meeting record form');
  await page.fill('#held_on', dmy());
  const boxes = page.locator('#attendees input[type=checkbox]');
  const n = await boxes.count();
  assert.ok(n >= 2);
  for (let i = 0; i < n; i += 1) await boxes.nth(i).check();
  const selects = page.locator('#decisions select');
  assert.ok(await selects.count() >= 2, 'handovers to decide on');
  await selects.nth(0).selectOption('postponed');
  await selects.nth(1).selectOption('returned');
  await shot(page, 'overleg-verslag-formulier');
  // A return without its note is refused, the input kept.
  await go(page, page.getByRole('button', { name: 'Verslag opslaan' }));
  assert.match(await page.title(), /^Fout: /);
  assert.match(await page.locator('#decisions-error').innerText(), /toelichting/);
  await axe(page, 'meeting record form with an error');
  const noteId = (await page.locator('#decisions select').nth(1).getAttribute('id')).replace('outcome-', 'note-');
  await page.fill(`#${noteId}`, 'Past beter bij Participatie');
  await go(page, page.getByRole('button', { name: 'Verslag opslaan' }));
  assert.match(pathOf(page), /^\/team\/overleg\/verslagen\/\d+$/);
  assert.match(await page.locator('#saved').innerText(), /Overleg vastgelegd/);
  assert.equal(await page.locator('#attendee-list li').count(), n);
  assert.equal(await page.locator('#decision-list tbody tr').count(), 2);
  assert.match(await page.locator('#decision-list').innerText(), /Past beter bij Participatie/);
  await axe(page, 'meeting record');
  await shot(page, 'overleg-verslag');

  // Listed afterwards, first.
  await page.goto(`${base}/team/overleg`);
  assert.equal(await earlier.count(), before + 1);
  const first = earlier.first();
  assert.match(await first.innerText(), new RegExp(`${dmy()}\\s+${n}\\s+2`));
});
