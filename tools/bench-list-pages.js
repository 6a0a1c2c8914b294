#!/usr/bin/env node
// Benchmark: walks ListIncidents page by page and reports how long pages take at increasing
// depth. With keyset pagination a page deep in the results should cost what the first one does.
// Point it at a running incidents-service holding many incidents (see the notes of issue 2 for
// how the 200,000-row run was made):
//
//   node tools/bench-list-pages.js localhost:8080 [page_size=1000] [max_pages=1000] ['{"filter": {...}}']
//
// Bounded: stops after max_pages or at the end of the results; talks only to the given address.
// ListIncidents needs a reader token (README "Identity and access"): set CORRIDORWATCH_TOKEN.
'use strict';

const grpc = require('@grpc/grpc-js');
const { GrpcReflection } = require('grpc-js-reflection-client');

const SERVICE = 'corridorwatch.incidents.v1.IncidentService';

async function main([address = 'localhost:8080', pageSize = '1000', maxPages = '1000', extra = '{}']) {
  const credentials = grpc.ChannelCredentials.createInsecure();
  const descriptor = await new GrpcReflection(address, credentials).getDescriptorBySymbol(SERVICE);
  const Client = SERVICE.split('.').reduce((node, part) => node[part], descriptor.getPackageObject({
    keepCase: true, enums: String, longs: String,
  }));
  const client = new Client(address, credentials);
  const metadata = new grpc.Metadata();
  if (process.env.CORRIDORWATCH_TOKEN) {
    metadata.set('authorization', `Bearer ${process.env.CORRIDORWATCH_TOKEN}`);
  }
  const list = (request) => new Promise((resolve, reject) => client.ListIncidents(request, metadata,
    { deadline: new Date(Date.now() + 60_000) }, (error, response) => (error ? reject(error) : resolve(response))));

  const base = { ...JSON.parse(extra), page_size: Number(pageSize) };
  const timings = [];
  let token = '';
  let rows = 0;
  for (let page = 0; page < Number(maxPages); page++) {
    const start = process.hrtime.bigint();
    const response = await list({ ...base, page_token: token });
    timings.push(Number(process.hrtime.bigint() - start) / 1e6);
    rows += response.incidents.length;
    token = response.next_page_token;
    if (!token) break;
  }
  client.close();

  const median = (xs) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] : timings[0]);
  const tenth = Math.max(1, Math.floor(timings.length / 10));
  console.log(JSON.stringify({
    pages: timings.length,
    rows,
    first_page_ms: +timings[0].toFixed(1),
    median_ms_first_tenth: +median(timings.slice(1, 1 + tenth)).toFixed(1),
    median_ms_last_tenth: +median(timings.slice(-tenth)).toFixed(1),
    max_ms: +Math.max(...timings).toFixed(1),
  }, null, 2));
}

main(process.argv.slice(2)).catch((error) => {
  console.error(error.message || error);
  process.exit(1);
});
