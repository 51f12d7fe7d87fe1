// Lighthouse over a list of pages, in one Node process and one Chromium: each run as the
// command line would make it (mobile, simulated throttling, Lighthouse's defaults), without
// paying for a new browser and a new process each time. Called by bench/lighthouse.py:
//   node lighthouse.mjs JOBS.json OUT_DIR     (JOBS: [{"name": ..., "url": ...}, ...])
// with CHROME_PATH and CHROME_FLAGS (a JSON list) in the environment. Each report is
// written to OUT_DIR/NAME.json; one line per run goes to stdout, and OUT_DIR/runs.json says
// of each run how long it took and why its first try failed, if it did.
//
// A run that fails (Lighthouse's runtimeError, e.g. NO_NAVSTART when the machine is too
// busy to record the page's start, or an exception) is made once more, in a new Chromium;
// if it fails again, its report says why (runtimeError, no scores) and the next page is run.
import fs from "node:fs";
import path from "node:path";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const [jobsFile, outDir] = process.argv.slice(2);
const jobs = JSON.parse(fs.readFileSync(jobsFile, "utf8"));
const launch = () =>
  chromeLauncher.launch({
    chromePath: process.env.CHROME_PATH,
    chromeFlags: JSON.parse(process.env.CHROME_FLAGS || "[]"),
  });

async function audit(chrome, url) {
  const flags = {
    port: chrome.port,
    output: "json",
    logLevel: "error",
    onlyCategories: ["performance", "accessibility", "best-practices"],
    // The full page's picture is for the HTML report, which is not written here.
    disableFullPageScreenshot: true,
  };
  try {
    const result = await lighthouse(url, flags);
    const error = result.lhr.runtimeError;
    return { report: result.report, error: error && `${error.code}: ${error.message}` };
  } catch (thrown) {
    const message = `${thrown.code || thrown.name}: ${thrown.message}`;
    const report = JSON.stringify({ requestedUrl: url, finalDisplayedUrl: url,
      runtimeError: { code: thrown.code || "EXCEPTION", message }, categories: {}, audits: {} });
    return { report, error: message };
  }
}

const runs = {};
let chrome = await launch();
try {
  for (const job of jobs) {
    const started = Date.now();
    let run = await audit(chrome, job.url);
    const firstError = run.error || null;
    if (firstError) {
      console.log(`${job.name} failed (${firstError}); once more in a new Chromium`);
      await chrome.kill();
      chrome = await launch();
      run = await audit(chrome, job.url);
    }
    fs.writeFileSync(path.join(outDir, `${job.name}.json`), run.report);
    const seconds = (Date.now() - started) / 1000;
    runs[job.name] = { seconds, firstError };
    fs.writeFileSync(path.join(outDir, "runs.json"), JSON.stringify(runs));
    console.log(`${job.name} ${seconds.toFixed(1)} s${run.error ? ` failed again: ${run.error}` : ""}`);
  }
} finally {
  await chrome.kill();
}
