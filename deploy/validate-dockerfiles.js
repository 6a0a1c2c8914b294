#!/usr/bin/env node
// Offline checks of the services' Dockerfiles and the root .dockerignore (called by
// deploy/validate.sh). Usage: node validate-dockerfiles.js REPO_ROOT
//
//  - dockerfile-utils' linter (the one behind the VS Code Docker extension) reports no problem;
//  - every FROM names an exact tag or a digest (no :latest, no untagged image);
//  - the last stage runs as a numeric, non-root USER;
//  - each service's Dockerfile.native / Dockerfile.jvm equals incidents-service's with only the
//    service name changed (one place to review, three images);
//  - .dockerignore is an allow-list (starts by ignoring everything).
'use strict';

const fs = require('fs');
const path = require('path');
const { validate } = require('dockerfile-utils');
const { DockerfileParser } = require('dockerfile-ast');

const root = process.argv[2];
const SERVICES = ['incidents-service', 'investments-service', 'diplomacy-service'];
const VARIANTS = ['Dockerfile.native', 'Dockerfile.jvm'];
const problems = [];

const files = [];
for (const svc of SERVICES) for (const v of VARIANTS) files.push([svc, path.join(svc, 'src/main/docker', v)]);
files.push([null, 'deploy/compose/Dockerfile.integration-tests']);

for (const [svc, rel] of files) {
  const file = path.join(root, rel);
  if (!fs.existsSync(file)) {
    problems.push(`${rel}: missing`);
    continue;
  }
  const text = fs.readFileSync(file, 'utf8');
  for (const d of validate(text)) {
    problems.push(`${rel}:${d.range.start.line + 1}: ${d.message}`);
  }
  const dockerfile = DockerfileParser.parse(text);
  const stageNames = new Set(dockerfile.getFROMs().map((f) => f.getBuildStage()).filter(Boolean));
  for (const from of dockerfile.getFROMs()) {
    const image = from.getImage();
    if (stageNames.has(image)) continue;
    const line = from.getRange().start.line + 1;
    // A digest, or a tag naming one build: a version of three or more parts (1.24-2.1777977960,
    // 25.0.3.0-Final-java25). Two-part tags such as 1.24 or 2.0 are re-pointed at every rebuild.
    const tag = (image.replace(/^[^/]+:\d+\//, '').match(/:([A-Za-z0-9._-]+)$/) || [])[1] || '';
    const pinned = /@sha256:[0-9a-f]{64}$/.test(image) || /^\d+(\.\d+)+([.-][A-Za-z0-9]+)+$/.test(tag);
    if (!pinned || /:latest$/.test(image) || image.includes('$')) {
      problems.push(`${rel}:${line}: base image ${image} must be pinned to an exact tag or digest`);
    }
  }
  // The USER in force in the final stage.
  const instructions = dockerfile.getInstructions();
  const lastFrom = dockerfile.getFROMs().slice(-1)[0];
  const finalStage = instructions.filter((i) => i.getRange().start.line >= lastFrom.getRange().start.line);
  const users = finalStage.filter((i) => i.getKeyword() === 'USER');
  const user = users.length ? users[users.length - 1].getArgumentsContent().trim() : '';
  const uid = user.split(':')[0];
  if (!/^\d+$/.test(uid) || uid === '0') problems.push(`${rel}: final stage must run as a numeric non-root USER (found '${user || 'none'}')`);

  if (svc && svc !== SERVICES[0]) {
    const reference = path.join(root, SERVICES[0], 'src/main/docker', path.basename(rel));
    if (fs.existsSync(reference)) {
      const expected = fs.readFileSync(reference, 'utf8').split(SERVICES[0]).join(svc);
      if (expected !== text) problems.push(`${rel}: differs from ${SERVICES[0]}'s beyond the service name`);
    }
  }
}

const ignoreFile = path.join(root, '.dockerignore');
if (!fs.existsSync(ignoreFile)) {
  problems.push('.dockerignore: missing');
} else {
  const first = fs.readFileSync(ignoreFile, 'utf8').split('\n').map((l) => l.trim()).find((l) => l && !l.startsWith('#'));
  if (first !== '*') problems.push(".dockerignore: must be an allow-list starting with '*'");
}

if (problems.length) {
  for (const p of problems) console.error(`FAIL ${p}`);
  process.exit(1);
}
console.log(`ok   Dockerfiles: ${files.length} files lint clean, bases pinned, non-root final stages; .dockerignore is an allow-list`);
