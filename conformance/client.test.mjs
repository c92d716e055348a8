// Conformance of the crmsync HubSpot sandbox with the official Node client @hubspot/api-client (13.x).
// Run: SANDBOX_URL=http://127.0.0.1:8089 SANDBOX_TOKEN=sandbox-token node --test --test-reporter=spec client.test.mjs
// The JUnit test io.crmsync.sandbox.conformance.NodeClientConformanceTest starts the sandbox and runs this file.
//
// Environment:
//   SANDBOX_URL            base URL of the sandbox, no trailing slash (given to the client as basePath)
//   SANDBOX_TOKEN          an accepted token with an ordinary rate limit
//   SANDBOX_LIMITED_TOKEN  an accepted token whose 10-second rolling window allows only SANDBOX_LIMIT requests
//   SANDBOX_LIMIT          that limit (the 429-retry test sends SANDBOX_LIMIT + 2 requests at once)
// Every test's name starts with the client method it calls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import hubspot from '@hubspot/api-client';

const SANDBOX_URL = process.env.SANDBOX_URL;
const SANDBOX_TOKEN = process.env.SANDBOX_TOKEN;
if (!SANDBOX_URL || !SANDBOX_TOKEN) {
  throw new Error('set SANDBOX_URL and SANDBOX_TOKEN');
}
const basePath = SANDBOX_URL.replace(/\/+$/, '');
// One prefix per run, so that unique emails never collide with an earlier run on the same data directory.
const RUN = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
const email = (name) => `${name}.${RUN}@conformance.example`;

/** Builds a client the way the README says. */
function makeClient(accessToken) {
  return new hubspot.Client({ accessToken, basePath, numberOfApiCallRetries: 3 });
}

/**
 * Per-call options whose middleware records the HTTP status of every attempt, retries included. (13.x ignores
 * the `middleware` given to the Client constructor: its generated *WithHttpInfo methods use the configured
 * middleware only when call-time options are passed, so the hook is passed per call with strategy 'append'.)
 */
function statusRecorder() {
  const statuses = [];
  const options = {
    middleware: [{ pre: async (context) => context, post: async (context) => { statuses.push(context.httpStatusCode); return context; } }],
    middlewareMergeStrategy: 'append',
  };
  return { statuses, options };
}

const hs = makeClient(SANDBOX_TOKEN);

async function createContact(name, extra = {}) {
  return hs.crm.contacts.basicApi.create({ properties: { email: email(name), firstname: name, ...extra }, associations: [] });
}

/** Runs fn, expecting the client to throw its ApiException; returns it. */
async function apiError(fn) {
  try {
    await fn();
  } catch (e) {
    assert.equal(typeof e.code, 'number', `expected an ApiException with a numeric code, got ${e}`);
    return e;
  }
  assert.fail('expected the client to throw');
}

test('crm.contacts.basicApi.create returns the new contact with id, properties and timestamps', async () => {
  const created = await createContact('create', { lastname: 'Conformance' });
  assert.match(created.id, /^\d+$/);
  assert.equal(created.properties.email, email('create'));
  assert.equal(created.properties.firstname, 'create');
  assert.equal(created.properties.lastname, 'Conformance');
  assert.equal(created.properties.hs_object_id, created.id);
  assert.ok(created.createdAt instanceof Date && !Number.isNaN(created.createdAt.getTime()), 'createdAt is a Date');
  assert.ok(created.updatedAt instanceof Date && !Number.isNaN(created.updatedAt.getTime()), 'updatedAt is a Date');
  assert.equal(created.archived, false);
});

test('crm.contacts.basicApi.getById returns the contact with the requested properties', async () => {
  const created = await createContact('getbyid', { lastname: 'Byid' });
  const got = await hs.crm.contacts.basicApi.getById(created.id, ['email', 'lastname']);
  assert.equal(got.id, created.id);
  assert.equal(got.properties.email, email('getbyid'));
  assert.equal(got.properties.lastname, 'Byid');
  assert.equal(got.archived, false);
});

test('crm.contacts.basicApi.getById with idProperty=email finds the contact by email', async () => {
  const created = await createContact('byemail');
  const got = await hs.crm.contacts.basicApi.getById(email('byemail'), ['email'], undefined, undefined, false, 'email');
  assert.equal(got.id, created.id);
});

test('crm.contacts.basicApi.getById of an unknown id throws with code 404', async () => {
  const e = await apiError(() => hs.crm.contacts.basicApi.getById('999999999'));
  assert.equal(e.code, 404);
});

test('crm.contacts.basicApi.update changes the property and updatedAt moves forward', async () => {
  const created = await createContact('update');
  const updated = await hs.crm.contacts.basicApi.update(created.id, { properties: { firstname: 'Renamed' } });
  assert.equal(updated.id, created.id);
  assert.equal(updated.properties.firstname, 'Renamed');
  assert.ok(updated.updatedAt.getTime() >= created.updatedAt.getTime());
  const got = await hs.crm.contacts.basicApi.getById(created.id, ['firstname']);
  assert.equal(got.properties.firstname, 'Renamed');
});

test('crm.contacts.basicApi.archive removes the contact from reads; getById(archived=true) still finds it', async () => {
  const created = await createContact('archive');
  const result = await hs.crm.contacts.basicApi.archive(created.id);
  assert.equal(result, undefined);
  const e = await apiError(() => hs.crm.contacts.basicApi.getById(created.id));
  assert.equal(e.code, 404);
  const archived = await hs.crm.contacts.basicApi.getById(created.id, undefined, undefined, undefined, true);
  assert.equal(archived.id, created.id);
  assert.equal(archived.archived, true);
});

test('crm.contacts.basicApi.getPage pages with after until paging is absent, each contact once', async () => {
  const ids = new Set();
  for (let i = 0; i < 5; i++) {
    ids.add((await createContact(`page${i}`)).id);
  }
  const seen = [];
  let after;
  let pages = 0;
  do {
    const page = await hs.crm.contacts.basicApi.getPage(2, after, ['email']);
    assert.ok(page.results.length <= 2, `page of ${page.results.length} > limit 2`);
    seen.push(...page.results.map((r) => r.id));
    after = page.paging?.next?.after;
    pages++;
    assert.ok(pages < 1000, 'paging does not end');
  } while (after);
  assert.equal(new Set(seen).size, seen.length, 'a contact appeared on two pages');
  for (const id of ids) {
    assert.ok(seen.includes(id), `contact ${id} missing from the pages`);
  }
  assert.ok(pages >= 3, `expected at least 3 pages of 2, got ${pages}`);
});

test('crm.contacts.getAll (the client helper) returns every contact', async () => {
  const created = await createContact('getall');
  const all = await hs.crm.contacts.getAll(undefined, undefined, ['email']);
  assert.ok(all.some((r) => r.id === created.id && r.properties.email === email('getall')));
});

test('crm.contacts.basicApi.create with an existing email throws with code 409 and "Existing ID" in the body', async () => {
  const first = await createContact('dup');
  const e = await apiError(() => hs.crm.contacts.basicApi.create({ properties: { email: email('dup') }, associations: [] }));
  assert.equal(e.code, 409);
  assert.equal(typeof e.body, 'object', 'the client parses the JSON error body');
  assert.match(e.body.message, /Existing ID/);
  assert.match(e.body.message, new RegExp(`Existing ID: ${first.id}\\b`));
  assert.equal(e.body.category, 'CONFLICT');
});

test('crm.contacts.basicApi.create with an unknown property throws with code 400', async () => {
  const e = await apiError(() => hs.crm.contacts.basicApi.create({
    properties: { email: email('unknownprop'), no_such_property_xyz: 'x' }, associations: [],
  }));
  assert.equal(e.code, 400);
  assert.equal(e.body.category, 'VALIDATION_ERROR');
});

test('crm.companies.basicApi.create and getById work on a second object type', async () => {
  const created = await hs.crm.companies.basicApi.create({ properties: { name: `Acme ${RUN}`, domain: `${RUN}.example` }, associations: [] });
  const got = await hs.crm.companies.basicApi.getById(created.id, ['name', 'domain']);
  assert.equal(got.properties.name, `Acme ${RUN}`);
  assert.equal(got.properties.domain, `${RUN}.example`);
});

test('crm.contacts.batchApi.create/read/update/archive round trip', async () => {
  const inputs = ['b1', 'b2', 'b3'].map((n) => ({ properties: { email: email(n), firstname: n }, associations: [] }));
  const created = await hs.crm.contacts.batchApi.create({ inputs });
  assert.equal(created.status, 'COMPLETE');
  assert.equal(created.results.length, 3);
  assert.deepEqual(created.results.map((r) => r.properties.email).sort(), inputs.map((i) => i.properties.email).sort());
  const ids = created.results.map((r) => r.id);

  const read = await hs.crm.contacts.batchApi.read({ inputs: ids.map((id) => ({ id })), properties: ['email', 'firstname'], propertiesWithHistory: [] });
  assert.equal(read.status, 'COMPLETE');
  assert.deepEqual(read.results.map((r) => r.id).sort(), [...ids].sort());

  const updated = await hs.crm.contacts.batchApi.update({ inputs: ids.map((id) => ({ id, properties: { lastname: 'Batched' } })) });
  assert.equal(updated.status, 'COMPLETE');
  assert.equal(updated.results.length, 3);
  assert.ok(updated.results.every((r) => r.properties.lastname === 'Batched'));

  const archived = await hs.crm.contacts.batchApi.archive({ inputs: ids.map((id) => ({ id })) });
  assert.equal(archived, undefined);
  for (const id of ids) {
    const e = await apiError(() => hs.crm.contacts.basicApi.getById(id));
    assert.equal(e.code, 404);
  }
});

test('crm.contacts.batchApi.read with idProperty=email reads by email', async () => {
  const created = await createContact('batchbyemail');
  const read = await hs.crm.contacts.batchApi.read({
    inputs: [{ id: email('batchbyemail') }], idProperty: 'email', properties: ['email'], propertiesWithHistory: [],
  });
  assert.equal(read.results.length, 1);
  assert.equal(read.results[0].id, created.id);
});

test('crm.contacts.batchApi.upsert with idProperty=email updates the existing contact and creates the new one', async () => {
  const existing = await createContact('upsertold');
  const inputs = [
    { id: email('upsertold'), idProperty: 'email', properties: { firstname: 'Olga' } },
    { id: email('upsertnew'), idProperty: 'email', properties: { firstname: 'Fay' } },
  ];
  const first = await hs.crm.contacts.batchApi.upsert({ inputs });
  assert.equal(first.status, 'COMPLETE');
  assert.equal(first.results.length, 2);
  const old = first.results.find((r) => r.id === existing.id);
  assert.ok(old, 'the existing contact is in the results');
  assert.equal(old._new, false);
  assert.equal(old.properties.firstname, 'Olga');
  const fresh = first.results.find((r) => r.id !== existing.id);
  assert.equal(fresh._new, true);
  assert.equal(fresh.properties.email, email('upsertnew'));

  const again = await hs.crm.contacts.batchApi.upsert({ inputs });
  assert.deepEqual(again.results.map((r) => r.id).sort(), [existing.id, fresh.id].sort(), 'upsert is idempotent');
  assert.ok(again.results.every((r) => r._new === false));
});

test('crm.properties.coreApi.getAll for contacts lists email, firstname and the read-only hs_object_id', async () => {
  const all = await hs.crm.properties.coreApi.getAll('contacts');
  const byName = new Map(all.results.map((p) => [p.name, p]));
  for (const name of ['email', 'firstname', 'lastname', 'hs_object_id', 'createdate', 'lastmodifieddate']) {
    assert.ok(byName.has(name), `property ${name} missing`);
  }
  const emailProp = byName.get('email');
  assert.equal(emailProp.type, 'string');
  assert.equal(typeof emailProp.fieldType, 'string');
  assert.equal(typeof emailProp.label, 'string');
  assert.equal(byName.get('hs_object_id').modificationMetadata?.readOnlyValue, true);
});

test('crm.properties.coreApi.getByName for contacts returns one property', async () => {
  const p = await hs.crm.properties.coreApi.getByName('contacts', 'firstname');
  assert.equal(p.name, 'firstname');
  assert.equal(p.type, 'string');
});

test('crm.contacts.searchApi.doSearch pages with after through every match of an EQ filter, sorted, with total', async () => {
  const lastname = `Search${RUN}`;
  const ids = [];
  for (let i = 0; i < 5; i++) {
    ids.push((await createContact(`s${i}`, { lastname })).id);
  }
  const request = (after) => ({
    filterGroups: [{ filters: [{ propertyName: 'lastname', operator: 'EQ', value: lastname }] }],
    sorts: [{ propertyName: 'email', direction: 'ASCENDING' }],
    properties: ['email', 'lastname'],
    limit: 2,
    after,
  });
  const seen = [];
  let after;
  let pages = 0;
  do {
    const page = await hs.crm.contacts.searchApi.doSearch(request(after));
    assert.equal(page.total, 5);
    assert.ok(page.results.length <= 2);
    assert.ok(page.results.every((r) => r.properties.lastname === lastname));
    seen.push(...page.results);
    after = page.paging?.next?.after;
    pages++;
    assert.ok(pages < 100, 'paging does not end');
  } while (after);
  assert.equal(pages, 3);
  assert.deepEqual(seen.map((r) => r.id).sort(), [...ids].sort());
  const emails = seen.map((r) => r.properties.email);
  assert.deepEqual(emails, [...emails].sort(), 'results follow the ascending email sort across pages');
});

test('crm.contacts.searchApi.doSearch ANDs filters within a group, ORs groups, and leaves out archived contacts', async () => {
  const lastname = `Groups${RUN}`;
  const a = await createContact('ga', { lastname });
  const b = await createContact('gb', { lastname });
  const c = await createContact('gc', { lastname });
  await createContact('gd', { lastname });
  const group = (name) => ({ filters: [
    { propertyName: 'lastname', operator: 'EQ', value: lastname },
    { propertyName: 'email', operator: 'EQ', value: email(name) },
  ] });
  const found = await hs.crm.contacts.searchApi.doSearch({ filterGroups: [group('ga'), group('gb'), group('gc')], properties: ['email'], limit: 10 });
  assert.equal(found.total, 3);
  assert.deepEqual(found.results.map((r) => r.id).sort(), [a.id, b.id, c.id].sort());

  await hs.crm.contacts.basicApi.archive(b.id);
  const afterArchive = await hs.crm.contacts.searchApi.doSearch({ filterGroups: [group('ga'), group('gb'), group('gc')], properties: ['email'], limit: 10 });
  assert.equal(afterArchive.total, 2);
  assert.deepEqual(afterArchive.results.map((r) => r.id).sort(), [a.id, c.id].sort());
});

async function createCompany(name) {
  return hs.crm.companies.basicApi.create({ properties: { name: `${name} ${RUN}` }, associations: [] });
}

const PRIMARY = { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 1 };

test('crm.associations.v4.basicApi.create with typeId 1 makes the company primary; getPage lists it with the unlabeled type too', async () => {
  const contact = await createContact('assoc1');
  const company = await createCompany('Assoc One');
  const labels = await hs.crm.associations.v4.basicApi.create('contacts', contact.id, 'companies', company.id, [PRIMARY]);
  assert.equal(String(labels.toObjectId), company.id);
  assert.ok(labels.labels.includes('Primary'), `labels: ${JSON.stringify(labels.labels)}`);

  const page = await hs.crm.associations.v4.basicApi.getPage('contacts', contact.id, 'companies');
  assert.equal(page.results.length, 1);
  assert.equal(String(page.results[0].toObjectId), company.id);
  const typeIds = page.results[0].associationTypes.map((t) => t.typeId).sort((x, y) => x - y);
  assert.deepEqual(typeIds, [1, 279]);
});

test('crm.associations.v4.basicApi.createDefault and archive: the unlabeled association comes and goes', async () => {
  const contact = await createContact('assoc2');
  const company = await createCompany('Assoc Two');
  await hs.crm.associations.v4.basicApi.createDefault('contacts', contact.id, 'companies', company.id);
  const before = await hs.crm.associations.v4.basicApi.getPage('contacts', contact.id, 'companies');
  assert.deepEqual(before.results.map((r) => r.associationTypes.map((t) => t.typeId)), [[279]]);

  await hs.crm.associations.v4.basicApi.archive('contacts', contact.id, 'companies', company.id);
  const after = await hs.crm.associations.v4.basicApi.getPage('contacts', contact.id, 'companies');
  assert.equal(after.results.length, 0);
});

test('crm.associations.v4.batchApi.create, getPage and archive round trip for several contacts', async () => {
  const contacts = await Promise.all(['ab1', 'ab2', 'ab3'].map((n) => createContact(n)));
  const company = await createCompany('Assoc Batch');
  const created = await hs.crm.associations.v4.batchApi.create('contacts', 'companies', {
    inputs: contacts.map((c) => ({ _from: { id: c.id }, to: { id: company.id }, types: [PRIMARY] })),
  });
  assert.equal(created.status, 'COMPLETE');
  assert.equal(created.results.length, 3);

  const read = await hs.crm.associations.v4.batchApi.getPage('contacts', 'companies', {
    inputs: contacts.map((c) => ({ id: c.id })),
  });
  assert.deepEqual(read.results.map((r) => r._from.id).sort(), contacts.map((c) => c.id).sort());
  for (const r of read.results) {
    assert.deepEqual(r.to.map((t) => String(t.toObjectId)), [company.id]);
  }

  await hs.crm.associations.v4.batchApi.archive('contacts', 'companies', {
    inputs: contacts.map((c) => ({ _from: { id: c.id }, to: [{ id: company.id }] })),
  });
  const gone = await hs.crm.associations.v4.batchApi.getPage('contacts', 'companies', {
    inputs: contacts.map((c) => ({ id: c.id })),
  });
  assert.ok(gone.results.every((r) => r.to.length === 0), JSON.stringify(gone.results));
});

test('crm.contacts.basicApi.getPage retried by the client on 429 TEN_SECONDLY_ROLLING: every call succeeds', { timeout: 90_000 }, async (t) => {
  const limitedToken = process.env.SANDBOX_LIMITED_TOKEN;
  const limit = Number(process.env.SANDBOX_LIMIT);
  if (!limitedToken || !(limit > 0)) {
    t.skip('SANDBOX_LIMITED_TOKEN / SANDBOX_LIMIT not set');
    return;
  }
  const client = makeClient(limitedToken);
  const { statuses, options } = statusRecorder();
  const calls = limit + 2;
  const started = Date.now();
  const results = await Promise.all(Array.from({ length: calls },
    () => client.crm.contacts.basicApi.getPage(1, undefined, undefined, undefined, undefined, undefined, options)));
  const elapsed = Date.now() - started;
  assert.equal(results.length, calls);
  assert.ok(results.every((r) => Array.isArray(r.results)), 'every call returned a page');
  const throttled = statuses.filter((s) => s === 429).length;
  const ok = statuses.filter((s) => s === 200).length;
  // The window admits `limit` calls; the other 2 get 429, wait the client's 10 s and succeed on their second try.
  assert.equal(ok, calls, `statuses seen: ${statuses.join(',')}`);
  assert.equal(throttled, 2, `statuses seen: ${statuses.join(',')}`);
  assert.ok(elapsed >= 10_000, `the client retried after ${elapsed} ms, expected >= 10000 ms`);
  console.log(`RETRY_SUMMARY calls=${calls} throttled=${throttled} retries=${throttled} elapsed_ms=${elapsed}`);
});
