// The guard on the reconciliation with the benefits roster, in real Chromium
// against a real Zicht server with the demo municipality: a file whose every
// row is rejected is refused and changes nothing; a file that would change
// the benefit status of half the open clients is previewed, then shown with
// its counts for confirmation, and only applied once confirmed. The upload
// form carries its CSRF token as a form field, never in the address. Saves
// screenshots and runs axe-core on each state of the page.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  startZicht, stopZicht, base, employees, rosterPath, apiCookie, api, signIn, go, pathOf, axe, shot,
} from './harness.mjs';

before(() => startZicht('zicht-roster-'));
after(stopZicht);

function intakeCaseworker() {
  const e = employees.find((x) => x.team === 'Intake' && x.role === 'klantmanager');
  assert.ok(e, 'the demo has an intake caseworker');
  return e;
}

/** Writes a roster file beside the demo's and returns its path. */
function rosterFile(name, text) {
  const path = join(dirname(rosterPath), name);
  writeFileSync(path, text);
  return path;
}

/** The benefit status of every client the caseworker sees, by id. */
async function statuses(cookie) {
  const clients = await api(cookie, '/api/clients?limit=10000');
  assert.ok(clients.length > 50, `the caseworker sees ${clients.length} clients`);
  return Object.fromEntries(clients.map((c) => [c.id, c.benefit_status]));
}

/** The upload form: its action holds no token, its first field does. */
async function checkUploadForm(page) {
  const form = page.locator('form[enctype="multipart/form-data"]');
  assert.equal(await form.getAttribute('action'), '/afstemming');
  assert.equal(await form.locator('input').first().getAttribute('name'), 'csrf');
}

/** Chooses `path` and presses the button named `button`; returns the response. */
async function upload(page, path, button) {
  await page.setInputFiles('#bestand', path);
  const response = await go(page, page.getByRole('button', { name: button, exact: true }));
  assert.ok(!page.url().includes('csrf'), `no token in the address: ${page.url()}`);
  return response;
}

test('a roster without a single valid row is refused and changes nothing', async () => {
  const me = intakeCaseworker();
  const cookie = await apiCookie(me.email);
  const before = await statuses(cookie);
  const page = await signIn(me.email);
  await page.goto(`${base}/afstemming`);
  await checkUploadForm(page);

  const bad = rosterFile('alles-fout.csv', 'bsn;naam;ingangsdatum;einddatum\n'
    + '123456789;Foute Elfproef;01-01-2024;\n'
    + '12345;Te Kort;01-01-2024;\n'
    + '111222333;;01-01-2024;\n');
  const response = await upload(page, bad, 'Afstemmen');
  assert.equal(response.status(), 422);
  assert.equal(pathOf(page), '/afstemming');
  const section = page.locator('#impact-section');
  assert.equal(await section.getAttribute('data-state'), 'refused');
  assert.match(await section.locator('[role=alert]').innerText(), /niets gewijzigd/);
  assert.match(await page.locator('#impact-reasons').innerText(), /geen enkele goede regel/);
  assert.equal(await page.locator('#impact-valid').innerText(), '0');
  assert.equal(await page.locator('#impact-rejected').innerText(), '3');
  assert.equal(await page.locator('#impact-rejections tbody tr').count(), 3);
  // No way to apply it from here.
  assert.equal(await page.getByRole('button', { name: 'Bevestigen en afstemmen' }).count(), 0);
  await axe(page, 'afstemming-geweigerd');
  await shot(page, 'afstemming-geweigerd');

  const runs = page.locator('#runs-table tbody tr');
  assert.equal(await runs.count(), 1);
  assert.equal(await runs.first().locator('td.run-status').getAttribute('data-status'), 'refused');
  assert.match(await runs.first().locator('td.run-status').innerText(), /Geweigerd: geen goede regels/);
  assert.deepEqual(await statuses(cookie), before, 'no client changed');

  // The refused run on its own page: the reason, still nothing to confirm.
  await go(page, runs.first().getByRole('link'));
  assert.equal(await page.locator('#impact-section').getAttribute('data-state'), 'refused');
  assert.deepEqual(await statuses(cookie), before);
});

test('a roster that changes half the open clients is previewed, then applied only once confirmed', async () => {
  const me = intakeCaseworker();
  const cookie = await apiCookie(me.email);
  const before = await statuses(cookie);
  // Every other row of the demo's roster: half the open clients drop out.
  const [header, ...rows] = readFileSync(rosterPath, 'utf8').trim().split('\n');
  const half = rosterFile('half.csv', [header, ...rows.filter((_, i) => i % 2 === 0)].join('\n') + '\n');
  const page = await signIn(me.email);
  await page.goto(`${base}/afstemming`);
  const runsBefore = await page.locator('#runs-table tbody tr').count();

  // A preview first: the counts, nothing stored.
  let response = await upload(page, half, 'Voorbeeld bekijken');
  assert.equal(response.status(), 200);
  assert.equal(await page.locator('#impact-section').getAttribute('data-state'), 'preview');
  assert.match(await page.locator('#impact-section [role=status]').innerText(), /voorbeeld.*niets gewijzigd.*bevestiging/is);
  await axe(page, 'afstemming-voorbeeld');
  await shot(page, 'afstemming-voorbeeld');
  assert.equal(await page.locator('#runs-table tbody tr').count(), runsBefore, 'a preview stores no run');
  assert.deepEqual(await statuses(cookie), before);

  // Reconciling asks for confirmation with the counts, and changes nothing yet.
  await page.goto(`${base}/afstemming`);
  await checkUploadForm(page);
  response = await upload(page, half, 'Afstemmen');
  assert.equal(response.status(), 200);
  const section = page.locator('#impact-section');
  assert.equal(await section.getAttribute('data-state'), 'awaiting');
  assert.match(await section.locator('h2').innerText(), /Bevestiging nodig/);
  assert.match(await page.locator('#impact-reasons').innerText(), /meer open klanten/);
  const open = Number(await page.locator('#impact-open').innerText());
  const [, changes, percent] = (await page.locator('#impact-changes').innerText()).match(/^(\d+) \((\d+)%\)$/);
  assert.ok(open > 500, `${open} open clients`);
  assert.ok(Number(percent) >= 40 && Number(percent) <= 60, `${percent}% would change`);
  // Most changes are clients missing from the file; a few benefits ended.
  const toNotIn = Number(await page.locator('#impact-to-not-in').innerText());
  assert.ok(toNotIn > 0 && toNotIn <= Number(changes), `${toNotIn} of ${changes} to "not in roster"`);
  assert.equal(await page.locator('#impact-threshold').innerText(), '10%');
  await axe(page, 'afstemming-bevestigen');
  await shot(page, 'afstemming-bevestigen');
  const runs = page.locator('#runs-table tbody tr');
  assert.equal(await runs.count(), runsBefore + 1);
  assert.equal(await runs.first().locator('td.run-status').getAttribute('data-status'), 'awaiting_confirmation');
  assert.deepEqual(await statuses(cookie), before, 'nothing changed before confirming');

  // Confirmed: applied from the file the server kept.
  response = await go(page, page.getByRole('button', { name: 'Bevestigen en afstemmen' }));
  assert.equal(response.status(), 200);
  assert.ok(!page.url().includes('csrf'));
  assert.ok(Number(await page.locator('#count-ghosts').innerText()) > 0);
  assert.match(await page.locator('#uitkomst').innerText(), /half\.csv/);
  assert.match(await page.locator('section[aria-labelledby=uitkomst] [role=status]').innerText(), /Bevestigd door/);
  await axe(page, 'afstemming-bevestigd');
  await shot(page, 'afstemming-bevestigd');
  assert.equal(await runs.count(), runsBefore + 1, 'the confirmed run is the same run');
  assert.equal(await runs.first().locator('td.run-status').getAttribute('data-status'), 'applied');

  const after = await statuses(cookie);
  const absent = Object.values(after).filter((s) => s === 'not_in_roster').length;
  assert.ok(absent > 0, 'the clients missing from the file are now marked so');
  assert.ok(Object.values(before).every((s) => s !== 'not_in_roster'));
});
