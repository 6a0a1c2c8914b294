// Error messages as a Node client (grpc-js) shows them: plain, as the service wrote them, with
// nothing left percent-encoded. grpc-js decodes the grpc-message header with decodeURI, which leaves
// ':', '/', ',' and the like encoded: a server that encodes more than the gRPC protocol asks (only
// bytes outside printable ASCII, and '%') is shown half-decoded.
//
// Runs against running services (.ci/run starts the local stack for it), with an editor token
// (the local stack prints one; `java -jar local-stack/target/local-stack-runner.jar token --role editor`
// mints more):
//   CORRIDORWATCH_INCIDENTS_ADDRESS=localhost:8081 CORRIDORWATCH_INVESTMENTS_ADDRESS=localhost:8082 \
//   CORRIDORWATCH_DIPLOMACY_ADDRESS=localhost:8083 CORRIDORWATCH_TOKEN=... node --test tools/error-messages.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const grpc = require('@grpc/grpc-js');
const { GrpcReflection } = require('grpc-js-reflection-client');

const credentials = grpc.ChannelCredentials.createInsecure();

function address(name) {
  const value = process.env[`CORRIDORWATCH_${name}_ADDRESS`];
  assert.ok(value, `set CORRIDORWATCH_${name}_ADDRESS to the service's host:port`);
  return value;
}

/** The caller's credentials on every call: `authorization: Bearer $CORRIDORWATCH_TOKEN`. */
function callMetadata() {
  const token = process.env.CORRIDORWATCH_TOKEN;
  assert.ok(token, 'set CORRIDORWATCH_TOKEN to an editor token');
  const metadata = new grpc.Metadata();
  metadata.set('authorization', `Bearer ${token}`);
  return metadata;
}

/** A client of `service` at `target`, its schema read through the server's reflection service. */
async function clientOf(target, service) {
  const descriptor = await new GrpcReflection(target, credentials).getDescriptorBySymbol(service);
  const packageObject = descriptor.getPackageObject({ keepCase: true, enums: String, longs: String });
  const Client = service.split('.').reduce((node, part) => node[part], packageObject);
  return new Client(target, credentials);
}

/** Calls method with request; resolves with the error the call fails with (rejects when it succeeds). */
function failureOf(client, method, request) {
  return new Promise((resolve, reject) => {
    client[method](request, callMetadata(), { deadline: new Date(Date.now() + 20_000) }, (error, response) => {
      if (error) {
        resolve(error);
      } else {
        reject(new Error(`${method} succeeded: ${JSON.stringify(response)}`));
      }
    });
  });
}

const services = [
  ['INCIDENTS', 'corridorwatch.incidents.v1.IncidentService', 'GetIncident', 'ListIncidents', 'UpdateIncident',
    'incidents', 'incident'],
  ['INVESTMENTS', 'corridorwatch.investments.v1.DealService', 'GetDeal', 'ListDeals', 'UpdateDeal', 'deals', 'deal'],
  ['DIPLOMACY', 'corridorwatch.diplomacy.v1.StatementService', 'GetStatement', 'ListStatements', 'UpdateStatement',
    'statements', 'statement'],
];

for (const [name, service, get, list, update, collection, field] of services) {
  test(`${service}: a malformed name's message arrives as written`, async () => {
    const client = await clientOf(address(name), service);
    try {
      const error = await failureOf(client, get, { name: 'not a name' });
      assert.equal(grpc.status[error.code], 'INVALID_ARGUMENT');
      assert.equal(error.details, `Invalid request: name: must be a resource name like "${collection}/{id}"`);
    } finally {
      client.close();
    }
  });

  test(`${service}: a message echoing non-ASCII input arrives as written`, async () => {
    const client = await clientOf(address(name), service);
    try {
      // The mask is checked on an existing record (the local stack loads the seed data).
      const page = await new Promise((resolve, reject) => client[list]({ page_size: 1 }, callMetadata(),
        (error, response) => (error ? reject(error) : resolve(response))));
      const records = Object.values(page).find(Array.isArray);
      assert.ok(records && records.length > 0, `${list} returned no record to update`);
      const error = await failureOf(client, update, {
        [field]: { name: records[0].name }, update_mask: { paths: ['tïtle'] },
      });
      assert.equal(grpc.status[error.code], 'INVALID_ARGUMENT');
      assert.equal(error.details,
        'Invalid request: update_mask: names an unknown or unchangeable field: "tïtle"');
    } finally {
      client.close();
    }
  });
}
