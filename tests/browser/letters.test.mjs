// Letters safe to send, in real Chromium against a real Zicht server with the
// demo municipality: a client named Yılmaz without an address gets a letter
// whose values are not all known; sending it is refused with the reasons at
// the top; after the address is filled in and the unknown values are typed
// into the draft it is sent, with its kenmerk; the PDF's text (extracted
// with pdftotext from Debian's poppler-utils) holds the name as written.
// Saves screenshots and runs axe-core on each page.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startZicht, stopZicht, base, screenshots, apiCookie, api, employees, teamLead, signIn, go, redirected, pathOf, axe, shot,
  fieldError,
} from './harness.mjs';

before(() => startZicht('zicht-letters-'));
after(stopZicht);

/** An open demo client named Yılmaz with no pending handover, and its caseworker. */
async function yilmaz() {
  for (const team of ['Intake', 'Werk', 'Participatie', 'SW-bedrijf']) {
    const cookie = await apiCookie(teamLead(team).email);
    const found = await api(cookie, '/api/clients?q=yilmaz');
    const c = found.find((x) => x.name.includes('Yılmaz') && x.open && !x.pending_handover
      && employees.some((e) => e.id === x.owner_employee.id && e.role === 'klantmanager'));
    if (c) return { client: c, owner: employees.find((e) => e.id === c.owner_employee.id) };
  }
  assert.fail('the demo has an open client named Yılmaz');
}

/** Fills the contact details form and saves it; returns the response. */
async function saveContactDetails(page, id, values) {
  await page.goto(`${base}/klanten/${id}/contactgegevens`);
  for (const [field, value] of Object.entries(values)) await page.fill(`#${field}`, value);
  return go(page, page.getByRole('button', { name: 'Contactgegevens opslaan' }));
}

test('a letter with a missing value is refused, then sent once filled in; its PDF says Yılmaz', async () => {
  const { client, owner } = await yilmaz();
  const id = client.id;
  const page = await signIn(owner.email);

  // No address to begin with; a wrong postcode is refused next to its field.
  let response = await saveContactDetails(page, id, { address: '', postcode: '12 AB', place: '', phone: '', email: '' });
  assert.equal(response.status(), 422);
  assert.match(await fieldError(page, page.locator('#postcode')), /postcode/);
  assert.equal(await page.inputValue('#postcode'), '12 AB', 'the input is kept');
  await axe(page, 'contactgegevens met fout');
  await shot(page, 'contactgegevens-fout');
  response = await saveContactDetails(page, id, { address: '', postcode: '', place: '', phone: '', email: '' });
  assert.ok(redirected(response));
  assert.equal(pathOf(page), `/klanten/${id}`);

  // Compose the congratulation: the client has no outflow, so values are unknown.
  await page.goto(`${base}/klanten/${id}/brieven`);
  const form = page.locator(`form[action="/klanten/${id}/brieven"]`);
  await form.getByRole('group', { name: 'Welke brief?' }).getByLabel('Gefeliciteerd met uw nieuwe baan').check();
  response = await go(page, form.getByRole('button', { name: 'Brief opstellen' }));
  assert.ok(redirected(response), 'a composed draft redirects to its preview');
  assert.match(pathOf(page), new RegExp(`^/klanten/${id}/brieven/\\d+$`));
  const letterUrl = pathOf(page);
  assert.match(await page.locator('#letter-status').innerText(), /Concept/);
  assert.match(await page.locator('#send-problems').innerText(), /nog niet worden verstuurd/);
  await axe(page, 'conceptbrief');
  await shot(page, 'brief-concept');

  // Sending is refused: the reasons on top, focusable, nothing sent.
  response = await go(page, page.getByRole('button', { name: 'Brief versturen' }));
  assert.equal(response.status(), 422);
  const summary = page.locator('#send-errors');
  const reasons = await summary.innerText();
  assert.match(reasons, /niet verstuurd/);
  assert.match(reasons, /leeg invulveld/);
  assert.match(reasons, /adres van de klant is niet bekend/);
  const box = await summary.boundingBox();
  assert.ok(box && box.y < 768, `the reasons are in view: ${box && box.y}`);
  await axe(page, 'brief geweigerd');
  await shot(page, 'brief-geweigerd');
  assert.equal((await api(await apiCookie(owner.email), `/api/clients/${id}${letterUrl.replace(`/klanten/${id}/brieven`, '/letters')}`)).status, 'draft');

  // Fill in the address, then the unknown values in the draft.
  response = await saveContactDetails(page, id, { address: 'Hoofdstraat 12', postcode: '9351ab', place: 'Leek', phone: '06 1234 5678', email: '' });
  assert.ok(redirected(response));
  assert.match(await page.locator('main').innerText(), /Contactgegevens opgeslagen\./);
  assert.match(await page.locator('main').innerText(), /9351 AB {2}Leek|9351 AB Leek/);
  await page.goto(`${base}${letterUrl}`);
  const body = await page.inputValue('#body');
  assert.ok(body.includes('(onbekend)'), body);
  // In the order the congratulation asks: start date, employer, hours, end of aftercare.
  const filled = body
    .replace('(onbekend)', '1 januari')
    .replace('(onbekend)', 'Bakkerij De Korrel')
    .replace('(onbekend)', '20')
    .replace(/\(onbekend\)/g, '1 juli');
  await page.fill('#body', filled);
  response = await go(page, page.getByRole('button', { name: 'Concept opslaan' }));
  assert.ok(redirected(response));
  assert.match(await page.locator('.letter-head').innerText(), /Hoofdstraat 12/);
  response = await go(page, page.getByRole('button', { name: 'Brief versturen' }));
  assert.ok(redirected(response), 'sent');
  const status = await page.locator('#letter-status').innerText();
  assert.match(status, /Verstuurd op/);
  const reference = status.match(/ZICHT\/\d{4}\/\d{6}/);
  assert.ok(reference, status);
  assert.equal(await page.getByRole('button', { name: 'Brief versturen' }).count(), 0, 'sent is final');
  await axe(page, 'brief verstuurd');
  await shot(page, 'brief-verstuurd');

  // The PDF as sent: the name as written, the address, the kenmerk.
  const pdf = await page.request.get(`${base}${letterUrl}/pdf`);
  assert.equal(pdf.status(), 200);
  const dir = mkdtempSync(join(tmpdir(), 'zicht-pdf-'));
  try {
    const file = join(dir, 'brief.pdf');
    writeFileSync(file, await pdf.body());
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    for (const expected of ['Yılmaz', client.name, 'Hoofdstraat 12', '9351 AB', 'Leek', reference[0], 'Bakkerij De Korrel']) {
      assert.ok(text.includes(expected), `the PDF says ${expected}:\n${text}`);
    }
    assert.ok(!text.includes('Y?lmaz'));
    // The first page as a picture beside the screenshots, to see the glyphs.
    execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', file, join(screenshots, 'brief-pdf')]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  // Listed as sent with its kenmerk.
  await page.goto(`${base}/klanten/${id}/brieven`);
  const listed = page.locator('ul li').filter({ has: page.locator(`a[href="${letterUrl}"]`) });
  assert.match(await listed.innerText(), new RegExp(`verstuurd \\(${reference[0].replace(/\//g, '\\/')}\\)`));
  await shot(page, 'brieven-verstuurd');
});
