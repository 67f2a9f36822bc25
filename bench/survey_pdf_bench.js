// Renders a visit summary with SurveyJS survey-pdf, for bench/pdf_bench.py to compare with.
//
//   node bench/survey_pdf_bench.js INPUT.json --runs N [--out OUT.pdf]
//
// INPUT.json is {"survey": <SurveyJS JSON>, "data": <answers>, "footer": "...", "header": "..."}
// written by pdf_bench.py from the same visit our renderer gets. Prints JSON timings (ms).
// Plain Node, no jsdom: the way the issue asks survey-pdf to be run.
"use strict";

const fs = require("fs");
const { performance } = require("perf_hooks");
const { SurveyPDF } = require("survey-pdf");

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
}

async function renderOnce(input) {
  const pdf = new SurveyPDF(input.survey, { format: "letter", fontSize: 10, margins: { left: 12, right: 12, top: 18, bot: 18 } });
  pdf.data = input.data;
  pdf.mode = "display";
  pdf.onRenderHeader.add((_, canvas) => {
    canvas.drawText({ text: input.header, fontSize: 8, horizontalAlign: "left", margins: { left: 12 } });
  });
  pdf.onRenderFooter.add((_, canvas) => {
    canvas.drawText({
      text: `${input.footer}   Page ${canvas.pageNumber} of ${canvas.pageCount}`,
      fontSize: 7, horizontalAlign: "right", margins: { right: 12 },
    });
  });
  return pdf.raw("arraybuffer");
}

async function main() {
  const input = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
  const runs = Number(arg("--runs", "1"));
  const out = arg("--out", null);
  const times = [];
  let last = null;
  for (let n = 0; n < runs; n++) {
    const start = performance.now();
    last = await renderOnce(input);
    times.push(performance.now() - start);
  }
  if (out) fs.writeFileSync(out, Buffer.from(last));
  process.stdout.write(JSON.stringify({ times_ms: times }) + "\n");
}

main().catch((err) => {
  process.stderr.write(String(err && err.stack ? err.stack : err) + "\n");
  process.exit(1);
});
