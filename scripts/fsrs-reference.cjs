// Reference FSRS schedule for a known review sequence, computed by a ts-fsrs build.
// Usage: node scripts/fsrs-reference.cjs <ts-fsrs file> <provenance label>
// The file is either the npm package's dist/index.cjs (a CommonJS module) or the
// vendored classic script that defines the global FSRS. The flashcards page uses
// the same parameters (PARAMS) and reviews each card when it falls due.
"use strict";
const fs = require("fs");
const vm = require("vm");

const [file, provenance] = process.argv.slice(2);
function load(path) {
  const source = fs.readFileSync(path, "utf8");
  const sandbox = { module: { exports: {} }, exports: {}, Date, Math, console };
  sandbox.globalThis = sandbox;
  sandbox.exports = sandbox.module.exports;
  vm.runInNewContext(source, sandbox, { filename: path });
  return sandbox.FSRS || sandbox.module.exports;
}
const lib = load(file);
const PARAMS = { enable_fuzz: true, enable_short_term: true, request_retention: 0.9, maximum_interval: 36500 };
const START = Date.UTC(2027, 0, 15, 8, 0, 0);
const GRADES = [3, 3, 1, 2, 3, 4, 3];
const scheduler = lib.fsrs(lib.generatorParameters(PARAMS));
let card = lib.createEmptyCard(new Date(START));
let now = START;
const steps = [];
for (const grade of GRADES) {
  const preview = scheduler.repeat(card, new Date(now));
  const next = [1, 2, 3, 4].map((g) => preview[g].card.due.getTime() - now);
  card = scheduler.next(card, new Date(now), grade).card;
  steps.push({
    at: now, grade, next_ms: next,
    due: card.due.getTime(), stability: card.stability, difficulty: card.difficulty,
    state: card.state, reps: card.reps, lapses: card.lapses, scheduled_days: card.scheduled_days,
  });
  now = card.due.getTime();
}
process.stdout.write(JSON.stringify({ provenance, params: PARAMS, start: START, grades: GRADES, steps }, null, 2) + "\n");
