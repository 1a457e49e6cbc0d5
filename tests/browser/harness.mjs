// What every browser test file needs: a real Zicht server with the demo
// municipality on its own SQLite database, Chromium, signing in through the
// real sign-in page, axe-core, screenshots and the small page helpers.
// `base`, `browser`, `employees` and `providerEmail` are live bindings, set by
// `startZicht()` in a file's `before` hook.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const bin = process.env.ZICHT_BIN || join(root, 'target', 'debug', 'zicht');
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const screenshots = join(root, 'target', 'screenshots');
// The demo's password for every account (printed by `zicht serve --demo`).
export const PASSWORD = 'zicht-demo-2026';

export let base;
export let browser;
export let employees;
export let providerEmail;
// The roster the demo wrote beside its database, for the upload test.
export let rosterPath;

let server;
let dir;

/**
 * Starts `zicht serve --demo` on a free port in a fresh temporary directory
 * (`prefix` names it), learns the employees through the API and launches
 * Chromium.
 */
export async function startZicht(prefix) {
  dir = mkdtempSync(join(tmpdir(), prefix));
  rosterPath = join(dir, 'uitkeringsbestand.csv');
  mkdirSync(screenshots, { recursive: true });
  server = spawn(bin, [
    '--database', `sqlite://${join(dir, 'zicht.db')}`,
    'serve', '--demo', '--addr', '127.0.0.1:0', '--demo-roster', rosterPath,
  ], { env: { ...process.env, RUST_LOG: 'warn' }, stdio: ['ignore', 'ignore', 'pipe'] });
  let firstEmail;
  base = await new Promise((resolveUrl, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${seen}`)), 300_000);
    server.stderr.on('data', (chunk) => {
      seen += chunk.toString();
      // The accounts table: one line per account, its e-mail address last.
      const email = seen.match(/^ {2}teamleider .* (\S+@\S+)$/m);
      const provider = seen.match(/^ {2}trajectaanbieder .* (\S+@\S+)$/m);
      // Output arrives in pieces: wait for the whole address, up to its slash.
      const m = seen.match(/draait op (http:\/\/[^\s/]+)\//);
      if (m && email && provider) {
        clearTimeout(timer);
        firstEmail = email[1];
        providerEmail = provider[1];
        resolveUrl(m[1]);
      }
    });
    server.on('exit', (code) => reject(new Error(`server exited ${code}:\n${seen}`)));
  });
  // The API, signed in as one demo employee, tells who else there is.
  const cookie = await apiCookie(firstEmail);
  employees = await api(cookie, '/api/employees');
  const teams = await api(cookie, '/api/teams');
  for (const e of employees) e.team = teams.find((t) => t.id === e.team_id).name;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Closes Chromium, stops the server and removes its database and roster. */
export async function stopZicht() {
  await browser?.close();
  if (server && server.exitCode === null) {
    const exited = new Promise((done) => server.once('exit', done));
    server.kill('SIGTERM');
    await exited;
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
}

/** A session cookie for the API, signed in as `email`. */
export async function apiCookie(email) {
  const session = await fetch(`${base}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  assert.equal(session.status, 200, `sign-in as ${email} at ${base}: ${await session.clone().text()}`);
  return session.headers.get('set-cookie').split(';')[0];
}

/** GET `path` on the API with `cookie`; must answer 200. */
export async function api(cookie, path) {
  const response = await fetch(`${base}${path}`, { headers: { cookie } });
  assert.equal(response.status, 200, `GET ${path}: ${await response.clone().text()}`);
  return response.json();
}

/** The `index`-th caseworker (role klantmanager) of a team, by name. */
export function caseworker(team, index = 0) {
  const e = employees.filter((x) => x.team === team && x.role === 'klantmanager')[index];
  assert.ok(e, `the demo has caseworker ${index} in team ${team}`);
  return e;
}

/** The team lead (role teamleider) of a team. */
export function teamLead(team) {
  const e = employees.find((x) => x.team === team && x.role === 'teamleider');
  assert.ok(e, `the demo has a team lead in team ${team}`);
  return e;
}

/** A browser page signed in through the real sign-in page; waits for the landing page. */
export async function signIn(email, landing = '/', viewport = { width: 1280, height: 900 }) {
  // axe-core is injected as a script, which the strict CSP would refuse.
  const context = await browser.newContext({ bypassCSP: true, viewport });
  const page = await context.newPage();
  await page.goto(`${base}/`);
  await page.waitForURL(`${base}/inloggen`);
  await page.fill('#email', email);
  await page.fill('#password', PASSWORD);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/inloggen'));
  await page.waitForLoadState('load');
  // Casework starts on Vandaag and finds its caseload at `/`; every other
  // role starts on the page it is asked for.
  const start = landing === '/' ? '/vandaag' : landing;
  assert.equal(pathOf(page), start, `${email} starts on ${start}`);
  if (landing !== start) await page.goto(`${base}${landing}`);
  return page;
}

/**
 * The caseload row `rowOf(page)` finds, walking the caseload's pages from
 * the one shown until it is there (an empty locator when it is nowhere).
 */
export async function onCaseload(page, rowOf) {
  for (;;) {
    const row = rowOf(page);
    if (await row.count()) return row;
    const next = page.getByRole('navigation', { name: "Pagina's van de caseload" }).getByRole('link', { name: 'Volgende klanten' });
    if (!(await next.count())) return row;
    await go(page, next);
  }
}

/**
 * Activates `locator` (a link or submit button), or runs `act`, and waits
 * for the navigation it causes to load; returns the final response (after
 * any redirect), so a refused form shows its status.
 */
export async function go(page, locatorOrAct) {
  const act = typeof locatorOrAct === 'function' ? locatorOrAct : () => locatorOrAct.click();
  const [response] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), act()]);
  return response;
}

/** Whether a response came through a redirect (a saved form redirects; a refused one does not). */
export function redirected(response) {
  return response.request().redirectedFrom() !== null;
}

/** The path of the page now shown. */
export function pathOf(page) {
  return new URL(page.url()).pathname;
}

/** `s` as a literal inside a regular expression. */
export function esc(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Runs axe-core on the page; fails on any serious or critical violation. */
export async function axe(page, name) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ['violations'] }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join('; ')}`), [], `axe on ${name}`);
}

/** Saves a full-page screenshot as target/screenshots/`name`.png. */
export async function shot(page, name) {
  await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
}

/** The text of the field error a control points at with aria-describedby. */
export async function fieldError(page, control) {
  assert.equal(await control.getAttribute('aria-invalid'), 'true');
  const ids = (await control.getAttribute('aria-describedby')).split(/\s+/);
  const errorId = ids.find((i) => i.endsWith('-error'));
  assert.ok(errorId, 'the control points at its error');
  const error = page.locator(`[id="${errorId}"]`);
  assert.ok(await error.evaluate((el) => el.classList.contains('field-error')));
  return (await error.innerText()).trim();
}

/** The date `daysAgo` days before today (negative: ahead), in Dutch time, as [year, month, day]. */
export function ymd(daysAgo = 0) {
  const d = new Date(Date.now() - daysAgo * 86_400_000);
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Amsterdam', day: '2-digit', month: '2-digit', year: 'numeric',
  }).formatToParts(d).map((p) => [p.type, Number(p.value)]));
  return [parts.year, parts.month, parts.day];
}

/** [year, month, day] as the pages write it: dd-mm-jjjj. */
export function format([y, m, d]) {
  return `${String(d).padStart(2, '0')}-${String(m).padStart(2, '0')}-${y}`;
}

/** Today, or `daysAgo` days before, as the pages write it (dd-mm-jjjj, Dutch time). */
export function dmy(daysAgo = 0) {
  return format(ymd(daysAgo));
}
