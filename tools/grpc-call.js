#!/usr/bin/env node
// A reflection-based gRPC client: calls any Corridor Watch RPC with a JSON request, knowing
// nothing but the server's address (the schema is read from the server's reflection service).
// It is also the proof that a non-Java client can use the contract.
//
//   node tools/grpc-call.js localhost:8080 list
//   node tools/grpc-call.js --token "$TOKEN" localhost:8080 \
//     corridorwatch.incidents.v1.IncidentService/ListIncidents '{"page_size": 5}'
//
// Every RPC of the services needs a bearer token (README "Identity and access"): --token TOKEN, or the
// environment variable CORRIDORWATCH_TOKEN, is sent as `authorization: Bearer TOKEN`. Reflection
// (`list`, and reading the schema) needs none. --ca FILE calls over TLS, trusting the PEM
// certificate(s) in FILE (plaintext otherwise).
//
// Install once with `npm ci` in tools/. Exit code: 0 on success, 1 on a gRPC error (printed as
// JSON with its code name and message), 2 on wrong usage.
'use strict';

const fs = require('fs');
const grpc = require('@grpc/grpc-js');
const { GrpcReflection } = require('grpc-js-reflection-client');

const USAGE = 'usage: grpc-call.js [--token TOKEN] [--ca FILE] HOST:PORT (list | package.Service/Method [JSON request])';

/** The options (--token, --ca, each with a value) and the positional arguments, in order. */
function parse(args) {
  const options = { token: process.env.CORRIDORWATCH_TOKEN || '', ca: '' };
  const positional = [];
  for (let i = 0; i < args.length; i++) {
    const name = args[i].startsWith('--') ? args[i].slice(2) : null;
    if (name === null) {
      positional.push(args[i]);
    } else if (!(name in options) || i + 1 >= args.length) {
      return null;
    } else {
      options[name] = args[++i];
    }
  }
  return { options, positional };
}

async function main(args) {
  const parsed = parse(args);
  const [address, target, json = '{}'] = parsed ? parsed.positional : [];
  if (!address || !target) {
    console.error(USAGE);
    return 2;
  }
  const { token, ca } = parsed.options;
  const credentials = ca
    ? grpc.credentials.createSsl(fs.readFileSync(ca))
    : grpc.ChannelCredentials.createInsecure();
  const reflection = new GrpcReflection(address, credentials);
  if (target === 'list') {
    console.log((await reflection.listServices()).join('\n'));
    return 0;
  }
  const [service, method] = target.split('/');
  const descriptor = await reflection.getDescriptorBySymbol(service);
  const packageObject = descriptor.getPackageObject({ keepCase: true, enums: String, longs: String, defaults: false });
  const Client = service.split('.').reduce((node, part) => node && node[part], packageObject);
  if (!Client || !Client.service || !Client.service[method]) {
    console.error(`unknown method ${target}`);
    return 2;
  }
  const client = new Client(address, credentials);
  const metadata = new grpc.Metadata();
  if (token) {
    metadata.set('authorization', `Bearer ${token}`);
  }
  const deadline = new Date(Date.now() + 30_000);
  return new Promise((resolve) => {
    client[method](JSON.parse(json), metadata, { deadline }, (error, response) => {
      if (error) {
        // The message arrives as the service wrote it; the grpc-status-details-bin trailer carries
        // the same message with every field violation (google.rpc.Status).
        console.log(JSON.stringify({ code: grpc.status[error.code], message: error.details }, null, 2));
        resolve(1);
      } else {
        console.log(JSON.stringify(response, null, 2));
        resolve(0);
      }
      client.close();
    });
  });
}

main(process.argv.slice(2)).then((code) => process.exit(code), (error) => {
  console.error(error.message || error);
  process.exit(1);
});
