// What works for whom in real Chromium against the demo municipality: a
// caseworker chooses an intervention in a client's trajectplan and sees
// what followed for comparable clients with it; the what-works page from the
// effectenkaart, grouped by rung, in Dutch and English. Screenshots and
// axe-core on each page.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startZicht, stopZicht, base, apiCookie, api, caseworker, signIn, go, axe, shot,
} from './harness.mjs';

before(() => startZicht('zicht-learning-'));
after(stopZicht);

test('choosing an intervention in the trajectplan shows what followed for comparable clients', async () => {
  const me = caseworker('Werk');
  const cookie = await apiCookie(me.email);
  const clients = await api(cookie, '/api/clients');
  const client = clients.find((c) => c.open && !c.pending_handover && c.owner_employee.id === me.id);
  assert.ok(client, 'the caseworker has an open client without a pending handover');
  // What the API says for this client is what the page must show.
  const expected = await api(cookie, `/api/clients/${client.id}/comparable`);
  const werkfit = expected.find((r) => r.item_name === 'Werkfit-training');
  assert.ok(werkfit, 'the demo has enough ended Werkfit-trainings to compare');

  const page = await signIn(me.email);
  await page.goto(`${base}/klanten/${client.id}/trajectplan`);
  const chosen = page.locator('#vergelijkbaar-gekozen');
  const select = page.locator('#catalogue_item_id');
  const werkfitOption = select.locator('option', { hasText: 'Werkfit-training' });
  await select.selectOption(await werkfitOption.getAttribute('value'));
  const pct = `${Math.round((100 * werkfit.achieved.count) / werkfit.clients)}%`;
  const line = `Voor klanten zoals deze (${werkfit.group_label}): doel bereikt ${pct} (n = ${werkfit.clients})`;
  assert.equal((await chosen.innerText()).trim(), `Werkfit-training: ${line}`);
  assert.equal(await chosen.getAttribute('aria-live'), 'polite');
  // Another choice shows another line; no choice asks for one.
  const other = expected.find((r) => r.item_name === 'Sollicitatietraining');
  await select.selectOption(await select.locator('option', { hasText: 'Sollicitatietraining' }).getAttribute('value'));
  assert.match(await chosen.innerText(), new RegExp(`^Sollicitatietraining: Voor klanten zoals deze \\(${other.group_label}\\)`));
  await select.selectOption('');
  assert.equal((await chosen.innerText()).trim(), 'Kies een interventie om te zien wat volgde bij vergelijkbare klanten.');
  // Without script the same lines are in the list under the choice.
  await select.selectOption(await werkfitOption.getAttribute('value'));
  await page.locator('details.comparable summary').click();
  assert.match(await page.locator('#vergelijkbaar').innerText(), new RegExp(`Werkfit-training: ${line.replace(/[()]/g, '\\$&')}`));
  await shot(page, 'trajectplan-vergelijkbare-klanten');
  await axe(page, 'trajectplan with comparable clients');
  await page.context().close();
});

test('the what-works page, reached from the effectenkaart, grouped by rung, in both languages', async () => {
  const me = caseworker('Werk');
  const page = await signIn(me.email);
  await page.goto(`${base}/effectenkaart`);
  // The section "leren" counts what the organisation can learn from.
  assert.match(await page.locator('#cijfer-leren-uitkomsten').innerText(), /Interventies met genoeg uitkomsten\s+5 van 5 \(\d+ afgeronde interventies\)/);
  assert.match(await page.locator('#cijfer-leren-intervisie-bijgewoond').innerText(), /Intervisies bijgewoond\s+\d+/);
  await go(page, page.locator('#link-wat-werkt'));
  assert.equal(new URL(page.url()).pathname, '/wat-werkt');
  assert.match(await page.locator('#waarneming').innerText(), /Waarnemingen, geen bewijs\./);
  await page.getByLabel('Indeling', { exact: true }).selectOption('rung');
  await go(page, page.getByRole('button', { name: 'Toon' }));
  const rows = page.locator('#wat-werkt tbody tr');
  assert.ok(await rows.count() >= 5, 'several interventions per rung are shown');
  const groups = await page.locator('#wat-werkt tbody tr td:nth-child(2)').allInnerTexts();
  assert.ok(groups.every((g) => /^trede [1-6]$/.test(g)), groups.join(', '));
  // Every group shown has at least the minimum of ten clients.
  const counts = (await page.locator('#wat-werkt tbody tr td:nth-child(3)').allInnerTexts()).map(Number);
  assert.ok(counts.every((n) => n >= 10), counts.join(', '));
  assert.match(await page.locator('#grondslag').innerText(), /zijn weggelaten, zodat niemand in een cijfer te herkennen is/);
  await shot(page, 'wat-werkt');
  await axe(page, 'what works');

  // The export link gives the same table as CSV.
  const href = await page.getByRole('link', { name: 'CSV' }).getAttribute('href');
  const csv = await page.evaluate(async (h) => (await fetch(h)).text(), href);
  assert.equal(csv.trim().split('\n').length, (await rows.count()) + 1);

  await page.goto(`${base}/taal/en`);
  await page.goto(`${base}/wat-werkt?by=rung`);
  assert.match(await page.locator('#waarneming').innerText(), /Observations, not proof\./);
  const en = await page.locator('#wat-werkt tbody tr td:nth-child(2)').allInnerTexts();
  assert.ok(en.every((g) => /^rung [1-6]$/.test(g)), en.join(', '));
  await shot(page, 'wat-werkt-en');
  await axe(page, 'what works (English)');
  await page.context().close();
});
